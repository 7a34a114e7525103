import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { NotificationSendError } from './notification-sender';
import { createNotificationsHarness, movableClock, waitFor, type NotificationsHarness } from './notifications-test-harness';

// One harness for the file; each test works on its own appointment or resets what it changed.
const clock = movableClock('2026-12-01T09:00:00Z');
let test: NotificationsHarness;
beforeAll(async () => {
  test = await createNotificationsHarness({ clock });
  await test.takeEvents(); // whatever the seed wrote
  test.services.notifications.startWorkers();
}, 60_000);
afterAll(() => test?.close());
beforeEach(() => {
  clock.set('2026-12-01T09:00:00Z');
  for (const sender of Object.values(test.senders)) {
    sender.sent.length = 0;
    sender.failWith(null);
  }
});

const pool = () => test.runtime.database.pool;
const rowsFor = async (appointmentId: string, eventType: string) =>
  (
    await pool().query<{ channel: string; state: string; reason: string | null; attempts: number; fallback_channels: string[]; due_at: Date; provider_message_id: string | null }>(
      `SELECT channel, state, reason, attempts, fallback_channels, due_at, provider_message_id FROM notifications.notifications
        WHERE appointment_id = $1 AND event_type = $2 ORDER BY created_at, channel`,
      [appointmentId, eventType],
    )
  ).rows;
const post = async (url: string, userId: string, payload?: object) => {
  const response = await test.app.inject({ method: 'POST', url: `/api/v1${url}`, headers: await test.as(userId), payload });
  expect(response.statusCode, response.body).toBeLessThan(300);
  return response.json();
};
/** A fresh request by Ben with Dr Chen (New York), answered by the professional. */
const requestForBen = async (start: string) =>
  (await post('/appointments', 'patient-ben', { professionalId: 'dr-chen', serviceId: 'gp-visit', start, intake: { reason: 'Check-up', date_of_birth: '1975-09-30' } })).id as string;

describe('from event to notification', () => {
  it('tells the professional of a request and the patient of the approval, in their zone and language', async () => {
    const id = await requestForBen('2026-12-03T14:00:00.000Z');
    await test.publish();
    await waitFor(async () => test.senders.teams.sent.length === 1);
    expect(test.senders.teams.sent[0]).toMatchObject({ event: 'appointment.requested', recipient: { userId: 'dr-chen', role: 'professional' } });
    expect(test.senders.teams.sent[0]!.text).toBe('Ben Carter asks for General practice visit on Thursday 3 December 2026, 09:00 (Eastern Time). Approve or decline it in Consulta.');

    await post(`/appointments/${id}/approve`, 'dr-chen');
    await test.publish();
    await waitFor(async () => test.senders.webchat.sent.length === 1);
    // The confirmation PDF cannot travel on web chat: a line says it is in Ben's documents.
    expect(test.senders.webchat.sent[0]!.text).toBe('Your appointment for General practice visit with Dr. Wei Chen on Thursday 3 December 2026, 09:00 (Eastern Time) is confirmed.\nYour confirmation (PDF) is in your documents.');
    // Ben has web chat, an SMS number with consent, and e-mail; no e-mail sender runs in this test.
    const [row] = await waitFor(async () => ((await rowsFor(id, 'appointment.approved'))[0]?.state === 'sent' ? rowsFor(id, 'appointment.approved') : null));
    expect(row).toMatchObject({ channel: 'webchat', state: 'sent', attempts: 1, fallback_channels: ['sms'] });
    expect(row!.provider_message_id).toMatch(/^webchat-/);
  });

  it('notifies once when the same event comes twice (replay, or two relays)', async () => {
    const id = await requestForBen('2026-12-03T15:00:00.000Z');
    await post(`/appointments/${id}/approve`, 'dr-chen');
    const events = await test.publish();
    await test.publish(events);
    // And through the queue: the event id is the job id.
    for (const event of events) await test.runtime.queue.add('events', event.type, event, { jobId: event.id });
    await waitFor(async () => test.senders.webchat.sent.length >= 1);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(test.senders.webchat.sent.filter((sent) => sent.data.appointmentId === id)).toHaveLength(1);
    expect(await rowsFor(id, 'appointment.approved')).toHaveLength(1);
  });

  it('falls back to the next channel when one fails for good', async () => {
    test.senders.webchat.failWith(new NotificationSendError('no_conversation', 'No web chat conversation', true));
    const id = await requestForBen('2026-12-03T16:00:00.000Z');
    await post(`/appointments/${id}/approve`, 'dr-chen');
    await test.publish();
    await waitFor(async () => test.senders.sms.sent.length === 1);
    const rows = await waitFor(async () => {
      const found = await rowsFor(id, 'appointment.approved');
      return found.length === 2 && found.every((row) => row.state !== 'queued') ? found : null;
    });
    expect(rows.map((row) => [row.channel, row.state, row.reason])).toEqual([
      ['sms', 'sent', null],
      ['webchat', 'failed', 'no_conversation'],
    ]);
    expect(test.senders.sms.sent[0]!.recipient.address).toBe('+12125550100');
  });
});

describe('consent', () => {
  it('never uses a channel the user opted out of, even when the others fail', async () => {
    await post('/me/consents', 'patient-ben', { channel: 'sms', granted: false });
    try {
      test.senders.webchat.failWith(new NotificationSendError('no_conversation', 'No web chat conversation', true));
      const id = await requestForBen('2026-12-03T18:00:00.000Z');
      await post(`/appointments/${id}/approve`, 'dr-chen');
      await test.publish();
      const [row] = await waitFor(async () => {
        const found = await rowsFor(id, 'appointment.approved');
        return found[0]?.state === 'failed' ? found : null;
      });
      expect(row).toMatchObject({ channel: 'webchat', fallback_channels: [] });
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(test.senders.sms.sent).toHaveLength(0);
    } finally {
      await post('/me/consents', 'patient-ben', { channel: 'sms', granted: true });
    }
  });

  it('suppresses a queued notification whose channel was opted out before it went, and moves on', async () => {
    const headers = await test.as('patient-ben');
    // Quiet all day keeps the job waiting, so the STOP lands between queuing and sending.
    const put = await test.app.inject({
      method: 'PUT', url: '/api/v1/me/notification-preferences', headers,
      payload: { channels: ['sms', 'webchat'], quietStart: '00:00', quietEnd: '23:59', doNotDisturb: false, dailyCap: null },
    });
    expect(put.statusCode, put.body).toBe(200);
    try {
      const record = await test.services.notifications.engine.notify({
        eventId: 'stop-at-night', eventType: 'waitlist.offered', templateEvent: 'waitlist.offered', recipient: { userId: 'patient-ben' }, appointmentId: null,
        data: { patientId: 'patient-ben', professionalId: 'dr-chen', start: '2026-12-03T14:00:00Z', expiresAt: '2026-12-01T09:30:00Z' },
      });
      expect(record).toMatchObject({ channel: 'sms', state: 'queued', fallbackChannels: ['webchat'] });
      await post('/me/consents', 'patient-ben', { channel: 'sms', granted: false });
      await test.services.notifications.deliver({ id: 'manual', name: 'waitlist.offered', data: { notificationId: record!.id, attempts: 5 }, attempt: 1, maxAttempts: 1 });
      const { rows } = await pool().query(`SELECT channel, state, reason FROM notifications.notifications WHERE event_id = 'stop-at-night' ORDER BY channel`);
      expect(rows).toEqual([
        { channel: 'sms', state: 'suppressed', reason: 'opted_out' },
        { channel: 'webchat', state: 'queued', reason: null },
      ]);
      expect(test.senders.sms.sent).toHaveLength(0);
    } finally {
      await pool().query(`DELETE FROM notifications.preferences WHERE user_id = 'patient-ben'`);
      await post('/me/consents', 'patient-ben', { channel: 'sms', granted: true });
    }
  });
});

describe('quiet hours, do-not-disturb and the daily cap', () => {
  it('holds a message due at night in the recipient’s zone until their morning, across the spring DST change', async () => {
    const headers = await test.as('patient-ana');
    const put = await test.app.inject({
      method: 'PUT', url: '/api/v1/me/notification-preferences', headers,
      payload: { channels: ['whatsapp', 'email'], quietStart: '22:00', quietEnd: '07:00', doNotDisturb: false, dailyCap: null },
    });
    expect(put.statusCode, put.body).toBe(200);
    // 23:30 in Madrid on 28 March 2026; that night clocks jump from 02:00 to 03:00.
    clock.set('2026-03-28T22:30:00Z');
    const record = await test.services.notifications.engine.notify({
      eventId: 'quiet-dst-1', eventType: 'waitlist.offered', templateEvent: 'waitlist.offered', recipient: { userId: 'patient-ana' }, appointmentId: null,
      data: { patientId: 'patient-ana', professionalId: 'dr-lopez', serviceId: 'derm-consult', start: '2026-03-30T08:00:00Z', expiresAt: '2026-03-29T06:00:00Z' },
    });
    expect(record).toMatchObject({ channel: 'whatsapp', state: 'queued', urgent: false });
    expect(record!.dueAt.toISOString()).toBe('2026-03-29T05:00:00.000Z'); // 07:00 CEST
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(test.senders.whatsapp.sent).toHaveLength(0); // the job waits for the morning

    // An urgent one (a cancellation) goes at once.
    const urgent = await test.services.notifications.engine.notify({
      eventId: 'quiet-dst-2', eventType: 'appointment.cancelled', templateEvent: 'appointment.cancelled', recipient: { userId: 'patient-ana' }, appointmentId: null,
      data: { patientId: 'patient-ana', professionalId: 'dr-lopez', start: '2026-03-30T08:00:00Z', reason: 'Doctor ill' },
    });
    expect(urgent).toMatchObject({ urgent: true, channel: 'whatsapp' });
    expect(urgent!.dueAt.toISOString()).toBe('2026-03-28T22:30:00.000Z');
    await waitFor(async () => test.senders.whatsapp.sent.length === 1);
    expect(test.senders.whatsapp.sent[0]!.text).toBe('Tu cita con Dr. Elena López el lunes, 30 de marzo de 2026, 10:00 (hora de Europa central) fue cancelada. Motivo: Doctor ill.');
  });

  it('suppresses with the reason on do-not-disturb and past the daily cap', async () => {
    const headers = await test.as('patient-chloe');
    const put = (body: object) => test.app.inject({ method: 'PUT', url: '/api/v1/me/notification-preferences', headers, payload: body });
    const notify = (eventId: string) =>
      test.services.notifications.engine.notify({
        eventId, eventType: 'waitlist.offered', templateEvent: 'waitlist.offered', recipient: { userId: 'patient-chloe' }, appointmentId: null,
        data: { patientId: 'patient-chloe', professionalId: 'atty-martin', start: '2026-12-09T13:00:00Z', expiresAt: '2026-12-01T09:30:00Z' },
      });
    expect((await put({ channels: ['whatsapp'], quietStart: null, quietEnd: null, doNotDisturb: true, dailyCap: null })).statusCode).toBe(200);
    expect(await notify('dnd-1')).toMatchObject({ state: 'suppressed', reason: 'do_not_disturb' });
    expect((await put({ channels: ['whatsapp'], quietStart: null, quietEnd: null, doNotDisturb: false, dailyCap: 1 })).statusCode).toBe(200);
    expect(await notify('cap-1')).toMatchObject({ state: 'queued' });
    expect(await notify('cap-2')).toMatchObject({ state: 'suppressed', reason: 'frequency_cap' });
  });
});
