import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { createTestRuntime, type TestRuntime } from '@consulta/core-api/testing';
import { startFakeBotConnector, teamsActivity, teamsUser, type FakeBotConnector } from '@consulta/channels/testing';
import { buildServer } from '../server';
import { loadBotConfig } from '../bot-config';
import type { MountedTeams } from './mount-teams';

// The approval flow in one process: a patient's request through core-api's API, the Teams sender
// called as the notifications engine will call it, the card at a loopback Bot Connector, and the
// professional's clicks posted to /api/messages (dev mode: authentication off) deciding through the API.
let runtime: TestRuntime;
let app: FastifyInstance;
let connector: FakeBotConnector;
let teams: MountedTeams;
let now = new Date('2026-12-01T09:00:00Z');
const lopez = teamsUser(1, 'elena.lopez@riverside.example', 'Elena López');

beforeAll(async () => {
  connector = await startFakeBotConnector();
  connector.members.set(lopez.id, { ...lopez });
  runtime = await createTestRuntime({ now: now.toISOString() });
  app = await buildServer({
    config: runtime.config,
    runtime: { ...runtime, clock: { now: () => now } },
    botConfig: loadBotConfig({ PUBLIC_URL: 'https://consulta.example.com' }),
    onChannels: (channels) => (teams = channels.teams!),
  });
  await app.ready();
});
afterAll(async () => {
  await app?.close();
  await runtime?.close();
  await connector?.close();
});

const as = async (userId: string) => ({ authorization: `Bearer ${(await app.inject({ method: 'POST', url: '/api/v1/dev/token', payload: { userId } })).json().token}` });
const api = async (method: 'GET' | 'POST', url: string, userId: string, payload?: object) =>
  app.inject({ method, url: `/api/v1${url}`, headers: await as(userId), ...(payload ? { payload } : {}) });
const post = (activity: object) => app.inject({ method: 'POST', url: '/api/messages', headers: { 'content-type': 'application/json' }, payload: JSON.stringify(activity) });
const click = async (appointmentId: string, verb: string, inputs: Record<string, string> = {}) => {
  const response = await post(teamsActivity(connector, lopez, {
    type: 'invoke', name: 'adaptiveCard/action',
    value: { action: { type: 'Action.Execute', verb, data: { consultaApproval: true, verb, appointmentId, ...inputs } }, trigger: 'manual' },
  }));
  expect(response.statusCode).toBe(200);
  const body = response.json();
  expect(body).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive' });
  return body.value as Record<string, unknown>;
};
const textOf = (card: unknown) => JSON.stringify(card);
const actionsOf = (card: Record<string, unknown>) => (card.actions as Array<{ type: string; title: string }>).map((action) => `${action.type}:${action.title}`);

async function request(patient: string, start: string, reason: string) {
  const response = await api('POST', '/appointments', patient, {
    professionalId: 'dr-lopez', serviceId: 'derm-consult', start, message: 'Afternoons are hard for me', intake: { reason, date_of_birth: '1988-04-12' },
  });
  expect(response.statusCode).toBe(201);
  const id = response.json().id as string;
  await engineSettled(id);
  return id;
}

// The server's own notifications engine also sends the card for the request (in the background). It
// must be done before a test sends and times cards itself, or its late card resets the reminder clock.
async function engineSettled(appointmentId: string) {
  await expect
    .poll(async () => {
      const { rows } = await runtime.database.pool.query(
        `SELECT state FROM notifications.notifications WHERE appointment_id = $1 AND event_type = 'appointment.requested'`,
        [appointmentId],
      );
      return rows.length > 0 && rows.every((row) => row.state !== 'queued');
    }, { timeout: 30_000 })
    .toBe(true);
}
const notify = (appointmentId: string, event = 'appointment.requested') =>
  teams.sender.send({
    id: `notification-${appointmentId}-${event}`, channel: 'teams', event, text: `Event ${event}`, data: { appointmentId },
    recipient: { userId: 'dr-lopez', role: 'professional', name: 'Dr. Elena López', address: 'dr-lopez', locale: 'en', timeZone: 'Europe/Madrid' }, urgent: false,
  });
const history = async (id: string) => (await api('GET', `/appointments/${id}/history`, 'dr-lopez')).json() as Array<{ toStatus: string; actorId: string; reason: string | null }>;

describe('approving in Teams', () => {
  let requestId: string;

  it('refuses to send before the bot is installed for the professional (a permanent failure)', async () => {
    await expect(notify('appt-seed-2')).rejects.toMatchObject({ code: 'no_conversation_reference', permanent: true });
  });

  it('links Dr. López on install by her UPN', async () => {
    expect((await post(teamsActivity(connector, lopez, { type: 'installationUpdate', action: 'add' }))).statusCode).toBe(200);
    expect(await teams.channel.aadObjectIdOf('dr-lopez')).toBe(lopez.aadObjectId);
    expect(connector.activities.at(-1)?.activity.text).toMatch(/^Hello, Elena López/);
  });

  it('sends the approval card for a patient request, proactively', async () => {
    requestId = await request('patient-ana', '2026-12-08T10:20:00+01:00', 'A rash on my arm');
    const { providerMessageId } = await notify(requestId);
    const sent = connector.cards().at(-1)!;
    expect(sent).toMatchObject({ activityId: providerMessageId, method: 'POST' });
    const card = sent.card;
    expect(card).toMatchObject({ type: 'AdaptiveCard', version: '1.5' });
    const text = textOf(card);
    expect(text).toContain('Dermatology consultation');
    expect(text).toContain('Tuesday, December 8, 2026, 10:20–10:50 (Europe/Madrid)');
    expect(text).toContain('A rash on my arm');
    expect(text).toContain('Afternoons are hard for me');
    // The seed's approved 09:00 appointment of that day is its neighbour.
    expect(text).toContain('09:00–09:30 Dermatology consultation, approved');
    expect(actionsOf(card)).toEqual(['Action.Execute:Approve', 'Action.ShowCard:Decline', 'Action.ShowCard:Propose other times', 'Action.OpenUrl:Open in Consulta']);
    expect(text).toContain(`https://consulta.example.com/admin/approvals/${requestId}`);
    expect(text).toContain('"fallback":{"type":"Action.Submit"');
    expect(text).toContain('"style":"expanded"');
  });

  it('approves from the card as the professional, once, however often it is clicked', async () => {
    const card = await click(requestId, 'approve');
    expect(textOf(card)).toContain('"text":"Approved"');
    expect(textOf(card)).toContain('Dr. Elena López');
    expect(actionsOf(card)).toEqual(['Action.OpenUrl:Open in Consulta']);
    expect((await api('GET', `/appointments/${requestId}`, 'patient-ana')).json().status).toBe('approved');
    const again = await click(requestId, 'approve');
    expect(textOf(again)).toContain('"text":"Approved"');
    expect((await history(requestId)).filter((entry) => entry.toStatus === 'approved')).toEqual([
      expect.objectContaining({ actorId: 'dr-lopez' }),
    ]);
  });

  it('declines only with a reason, and a decline after an approval changes nothing', async () => {
    const declineId = await request('patient-chloe', '2026-12-08T11:00:00+01:00', 'A mole');
    await notify(declineId);
    expect(textOf(await click(declineId, 'decline'))).toContain('Give the patient a reason to decline.');
    expect((await api('GET', `/appointments/${declineId}`, 'dr-lopez')).json().status).toBe('requested');
    const card = await click(declineId, 'decline', { reason: 'I am away that morning' });
    expect(textOf(card)).toContain('"text":"Declined"');
    expect(textOf(card)).toContain('I am away that morning');
    expect((await history(declineId)).at(-1)).toMatchObject({ toStatus: 'declined', actorId: 'dr-lopez', reason: 'I am away that morning' });
    await click(requestId, 'decline', { reason: 'too late' });
    expect((await api('GET', `/appointments/${requestId}`, 'dr-lopez')).json().status).toBe('approved');
  });

  it('proposes other times picked from the free slots; the patient sees the proposal', async () => {
    const proposeId = await request('patient-ben', '2026-12-10T10:20:00+01:00', 'Eczema again');
    await notify(proposeId);
    const card = connector.cards().at(-1)!.card;
    const choices = JSON.parse(textOf(card).match(/"choices":(\[.*?\])/)![1]!) as Array<{ value: string }>;
    const picked = choices.slice(0, 2).map((choice) => choice.value);
    const after = await click(proposeId, 'propose', { starts: picked.join(',') });
    expect(textOf(after)).toContain('Other times proposed');
    const proposals = (await api('GET', `/appointments/${proposeId}/proposals`, 'patient-ben')).json();
    expect(proposals[0]).toMatchObject({ status: 'open', proposedBy: 'dr-lopez', starts: picked });
  });

  it('shows a decision made elsewhere when the card refreshes, without a second transition', async () => {
    const elsewhereId = await request('patient-ana', '2026-12-11T10:20:00+01:00', 'Follow-up');
    await notify(elsewhereId);
    expect((await api('POST', `/appointments/${elsewhereId}/approve`, 'admin-sam')).statusCode).toBe(200);
    const card = await click(elsewhereId, 'refresh');
    expect(textOf(card)).toContain('"text":"Approved"');
    expect(textOf(card)).toContain('admin-sam');
    expect((await history(elsewhereId)).filter((entry) => entry.toStatus === 'approved')).toHaveLength(1);
  });

  it('reminds about a request still pending after the configured time, and updates a decided card in place', async () => {
    const pendingId = await request('patient-chloe', '2026-12-14T10:20:00+01:00', 'Check-up');
    await notify(pendingId);
    const posted = connector.activities.length;
    // Under an hour in all: the frozen clock moves, and the cached service token must stay valid by it.
    now = new Date(now.getTime() + 25 * 60_000);
    expect(await teams.approvals.remindPending(20)).toBe(1);
    const reminder = connector.cards().at(-1)!;
    expect(reminder.method).toBe('POST');
    expect(textOf(reminder.card)).toContain('Reminder: this request is still waiting for your decision.');
    // Decided cards (the ones above) were updated in place and closed, not re-sent.
    const updates = connector.activities.slice(posted).filter((recorded) => recorded.method === 'PUT');
    expect(updates.length).toBeGreaterThan(0);
    expect(await teams.approvals.remindPending(20)).toBe(0);
    await api('POST', `/appointments/${pendingId}/decline`, 'dr-lopez', { reason: 'Closed that week' });
    now = new Date(now.getTime() + 25 * 60_000);
    await teams.approvals.remindPending(20);
    const lastUpdate = connector.cards().at(-1)!;
    expect(lastUpdate.method).toBe('PUT');
    expect(textOf(lastUpdate.card)).toContain('Closed that week');
  });

  it('sends other events as plain text', async () => {
    await notify(requestId, 'appointment.cancelled');
    expect(connector.activities.some((recorded) => recorded.activity.text === 'Event appointment.cancelled')).toBe(true);
  });
});
