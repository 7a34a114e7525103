import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { WebSocket } from 'ws';
import { createTestRuntime, type TestRuntime } from '@consulta/core-api/testing';
import { startFakeBotConnector, teamsActivity, teamsUser, type FakeBotConnector } from '@consulta/channels/testing';
import { buildServer } from '../server';
import { loadBotConfig } from '../bot-config';
import type { MountedTeams } from './mount-teams';

// Issue #9's "done means": one process as `npm start` runs it in AUTH_MODE=dev (core-api in-process
// with its outbox relay and notification workers, the assistant on the local model, web chat, Teams
// without authentication). Ana books over Direct Line with Microsoft's client; the notifications
// engine's Teams sender puts the approval card at a loopback Bot Connector; Dr. López's click is
// posted to /api/messages; Ana's approval notification is queued, sent to her web chat and read there.

// Microsoft's Direct Line client in Node, as its README says: XHR and WebSocket from npm (xhr2 has no types).
const globals = globalThis as Record<string, unknown>;
globals.XMLHttpRequest = createRequire(import.meta.url)('xhr2') as unknown;
globals.WebSocket = WebSocket;
const { DirectLine } = await import('botframework-directlinejs');
type DirectLineClient = InstanceType<typeof DirectLine>;
type Activity = {
  type: string;
  id?: string;
  text?: string;
  from: { id: string; role?: string };
  attachments?: Array<{ contentType: string; content: unknown }>;
  suggestedActions?: { actions: Array<{ type: string; title: string; value?: unknown; text?: string; displayText?: string }> };
};

let runtime: TestRuntime;
let app: FastifyInstance;
let connector: FakeBotConnector;
let teams: MountedTeams | undefined;
let origin: string;
let directLine: DirectLineClient | undefined;
const lopez = teamsUser(1, 'elena.lopez@riverside.example', 'Elena López');

beforeAll(async () => {
  connector = await startFakeBotConnector();
  connector.members.set(lopez.id, { ...lopez });
  runtime = await createTestRuntime();
  expect(runtime.config.AUTH_MODE).toBe('dev');
  // No MICROSOFT_APP_ID: Teams is mounted without authentication, as dev mode does for the emulator.
  app = await buildServer({
    config: runtime.config,
    runtime,
    botConfig: loadBotConfig({ PUBLIC_URL: 'https://consulta.example.com' }),
    onChannels: (channels) => (teams = channels.teams),
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  origin = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
}, 120_000);
afterAll(async () => {
  directLine?.end();
  await app?.close();
  await runtime?.close();
  await connector?.close();
});

const query = async <Row>(sql: string, values: unknown[] = []) => (await runtime.database.pool.query(sql, values)).rows as Row[];
const postToBot = (activity: object) =>
  fetch(`${origin}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) });

/** The bot's messages on a Direct Line client, in order, and a wait for the first new one that matches. */
function botMessages(client: DirectLineClient) {
  const seen: Activity[] = [];
  const listeners = new Set<() => void>();
  client.activity$.subscribe(
    (received) => {
      const activity = received as Activity;
      if (activity.type !== 'message' || activity.from.role !== 'bot') return;
      seen.push(activity);
      listeners.forEach((listener) => listener());
    },
    () => undefined,
  );
  const describe = (activity: Activity) => `${activity.text ?? ''} ${JSON.stringify(activity.attachments ?? [])}`;
  return {
    seen,
    /** The first bot message after the first `after` that matches `expected`. */
    next(after: number, expected: RegExp, timeoutMs = 30_000): Promise<Activity> {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = seen.slice(after).find((activity) => expected.test(describe(activity)));
          if (!found) return false;
          listeners.delete(check);
          clearTimeout(timer);
          resolve(found);
          return true;
        };
        const timer = setTimeout(() => {
          listeners.delete(check);
          reject(new Error(`No bot message matching ${expected} after #${after}; the bot said:\n${seen.slice(after).map(describe).join('\n')}`));
        }, timeoutMs);
        listeners.add(check);
        check();
      });
    },
  };
}

const say = (client: DirectLineClient, text: string) =>
  new Promise<string>((resolve, reject) => client.postActivity({ type: 'message', from: { id: 'patient-ana' }, text } as never).subscribe(resolve, reject));

describe('the approval flow, end to end', () => {
  it('goes from Ana booking in web chat, through Dr. López approving on her Teams card, to Ana being told', async () => {
    // 1. Dr. López installs the bot in Teams: her conversation reference is stored and her Entra id linked.
    const installed = await postToBot(teamsActivity(connector, lopez, { type: 'installationUpdate', action: 'add' }));
    expect(installed.status).toBe(200);
    expect(teams, 'Teams is mounted in dev mode without an app id').toBeDefined();
    expect(await teams!.channel.aadObjectIdOf('dr-lopez')).toBe(lopez.aadObjectId);
    expect(connector.activities.at(-1)?.activity.text).toMatch(/^Hello, Elena López/);

    // 2. Ana books over Direct Line, as the patient page does in dev mode.
    const tokenResponse = await fetch(`${origin}/webchat/token`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ locale: 'en', patientId: 'patient-ana' }),
    });
    expect(tokenResponse.status).toBe(200);
    const issued = (await tokenResponse.json()) as { token: string; conversationId: string; userId: string };
    expect(issued.userId).toBe('patient-ana');
    directLine = new DirectLine({ domain: `${origin}/v3/directline`, token: issued.token, webSocket: true } as never);
    const bot = botMessages(directLine);
    await bot.next(0, /Hello|Riverside/);

    let mark = bot.seen.length;
    // "Dr López", not "Dr. López": the local model reads what follows a first sentence as the reason for the visit.
    await say(directLine, 'Can I get a mole check with Dr López on December 10?');
    const offer = await bot.next(mark, /Thu 10 Dec/);
    const times = offer.suggestedActions?.actions ?? [];
    expect(times.length).toBeGreaterThan(1);
    // The second offered time, as a click on its suggested action sends it (messageBack: the value).
    const picked = times[1]!;
    expect(picked.title).toMatch(/Thu 10 Dec, \d{2}:\d{2}/);
    const pickedStart = String(picked.text ?? picked.value);

    mark = bot.seen.length;
    await say(directLine, pickedStart);
    await bot.next(mark, /reason for the visit/i);

    mark = bot.seen.length;
    await say(directLine, 'A mole on my back that has changed colour');
    // The summary to confirm: an Adaptive Card with yes and no as suggested actions.
    const summary = await bot.next(mark, /Mole check/);
    expect(JSON.stringify(summary.attachments)).toContain('A mole on my back that has changed colour');
    expect(summary.suggestedActions?.actions.map((action) => action.title)).toEqual(expect.arrayContaining(['Yes']));

    mark = bot.seen.length;
    await say(directLine, 'Yes');
    await bot.next(mark, /request is sent/i);

    const booked = await query<{ id: string; status: string; service_id: string; professional_id: string; start_at: Date }>(
      `SELECT id, status, service_id, professional_id, start_at FROM appointments.appointments WHERE patient_id = 'patient-ana'`,
    );
    expect(booked).toHaveLength(1);
    const appointment = booked[0]!;
    expect(appointment).toMatchObject({ status: 'requested', service_id: 'mole-check', professional_id: 'dr-lopez' });
    expect(appointment.start_at.toISOString()).toBe(new Date(pickedStart).toISOString());

    // 3. The outbox event reaches the notifications engine, whose Teams sender sends Dr. López the approval card.
    const cardsFor = () => connector.cards().filter((sent) => JSON.stringify(sent.card).includes(appointment.id));
    await expect.poll(() => cardsFor().length, { timeout: 30_000, interval: 200 }).toBeGreaterThan(0);
    const [sent] = cardsFor();
    expect(sent!.method).toBe('POST');
    const cardText = JSON.stringify(sent!.card);
    expect(sent!.card).toMatchObject({ type: 'AdaptiveCard', version: '1.5' });
    expect(cardText).toContain('Ana García');
    expect(cardText).toContain('Mole check');
    expect(cardText).toContain('A mole on my back that has changed colour');
    expect(connector.activities.find((recorded) => recorded.activityId === sent!.activityId)?.conversationId).toBe(`a:personal-${lopez.aadObjectId}`);
    await expect
      .poll(async () => query(`SELECT channel, state, provider_message_id FROM notifications.notifications WHERE appointment_id = $1 AND event_type = 'appointment.requested'`, [appointment.id]), { timeout: 10_000 })
      .toEqual([{ channel: 'teams', state: 'sent', provider_message_id: sent!.activityId }]);

    // 4. Dr. López clicks Approve: the Action.Execute invoke, posted as her, answers the refreshed card.
    const approve = (sent!.card.actions as Array<{ type: string; title: string; verb?: string; data?: Record<string, unknown> }>).find((action) => action.title === 'Approve');
    expect(approve).toMatchObject({ type: 'Action.Execute', verb: 'approve' });
    // Ana's notice may be pushed to her page while the click is still being answered.
    const beforeApproval = bot.seen.length;
    const invoke = await postToBot(teamsActivity(connector, lopez, {
      type: 'invoke', name: 'adaptiveCard/action', replyToId: sent!.activityId,
      value: { action: { type: 'Action.Execute', verb: approve!.verb, data: approve!.data }, trigger: 'manual' },
    }));
    expect(invoke.status).toBe(200);
    const answer = (await invoke.json()) as { statusCode: number; type: string; value: Record<string, unknown> };
    expect(answer).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive' });
    const refreshed = JSON.stringify(answer.value);
    expect(refreshed).toContain('"text":"Approved"');
    expect(refreshed).toContain('Dr. Elena López');
    expect((answer.value.actions as Array<{ title: string }>).map((action) => action.title)).toEqual(['Open in Consulta']);

    expect((await query<{ status: string }>('SELECT status FROM appointments.appointments WHERE id = $1', [appointment.id]))[0]!.status).toBe('approved');
    const history = await query<{ from_status: string | null; to_status: string; actor_id: string; actor_role: string }>(
      'SELECT from_status, to_status, actor_id, actor_role FROM appointments.status_history WHERE appointment_id = $1 ORDER BY id',
      [appointment.id],
    );
    expect(history.filter((entry) => entry.to_status === 'approved')).toEqual([{ from_status: 'requested', to_status: 'approved', actor_id: 'dr-lopez', actor_role: 'professional' }]);

    // 5. Ana's notification of the approval: a row for her on web chat, her first channel, and the
    // message in her conversation, pushed over the open Direct Line WebSocket.
    const told = await bot.next(beforeApproval, /confirmad|confirmed/i, 30_000);
    // In Ana's own language (her profile says Spanish), at the time she picked, in her zone.
    const pickedTime = picked.title.replace(/^.*, (\d{2}:\d{2})$/, '$1');
    // With the line that points to the confirmation PDF the documents module made for the approval.
    expect(told.text).toBe(
      `Tu cita de Mole check con Dr. Elena López el jueves, 10 de diciembre de 2026, ${pickedTime} (hora de Europa central) está confirmada.\nTienes la confirmación (PDF) en tus documentos.`,
    );
    const approvedRows = () =>
      query<{ recipient_id: string; channel: string; state: string; provider_message_id: string | null }>(
        `SELECT recipient_id, channel, state, provider_message_id FROM notifications.notifications WHERE appointment_id = $1 AND event_type = 'appointment.approved'`,
        [appointment.id],
      );
    await expect.poll(async () => (await approvedRows()).map((row) => row.state), { timeout: 10_000 }).toEqual(['sent']);
    const [row] = await approvedRows();
    expect(row).toMatchObject({ recipient_id: 'patient-ana', channel: 'webchat', provider_message_id: told.id });

    // Read back over Direct Line's REST side as well: the transcript holds it once.
    const transcript = async () => {
      const response = await fetch(`${origin}/v3/directline/conversations/${issued.conversationId}/activities`, { headers: { authorization: `Bearer ${issued.token}` } });
      expect(response.status).toBe(200);
      return ((await response.json()) as { activities: Activity[] }).activities.filter((activity) => activity.type === 'message' && activity.text === told.text);
    };
    expect(await transcript()).toHaveLength(1);

    // None twice: after the workers have had time to run anything left, still one card, one approval
    // transition, one notification row per event and one message in Ana's conversation.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    expect(cardsFor().filter((recorded) => recorded.method === 'POST')).toHaveLength(1);
    expect(await approvedRows()).toHaveLength(1);
    expect(await query(`SELECT event_type FROM notifications.notifications WHERE recipient_id = 'patient-ana'`)).toEqual([{ event_type: 'appointment.approved' }]);
    expect(await query(`SELECT id FROM notifications.notifications WHERE appointment_id = $1 AND event_type = 'appointment.requested'`, [appointment.id])).toHaveLength(1);
    expect(await transcript()).toHaveLength(1);
    expect(bot.seen.filter((activity) => activity.text === told.text)).toHaveLength(1);
  }, 120_000);
});
