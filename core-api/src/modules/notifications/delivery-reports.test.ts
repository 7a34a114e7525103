import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNotificationsHarness, waitFor, type NotificationsHarness } from './notifications-test-harness';

// Delivery reports from the channels (`POST /notifications/delivery-status`), as the bot forwards
// Twilio's and Meta's status callbacks: retried reports change nothing, and an undelivered
// message moves on to the recipient's next channel once.
let test: NotificationsHarness;
beforeAll(async () => {
  test = await createNotificationsHarness();
  await test.takeEvents();
  test.services.notifications.startWorkers();
  const headers = await test.as('patient-ben');
  const preferences = { channels: ['sms', 'webchat'], quietStart: null, quietEnd: null, doNotDisturb: false, dailyCap: null };
  expect((await test.app.inject({ method: 'PUT', url: '/api/v1/me/notification-preferences', headers, payload: preferences })).statusCode).toBe(200);
}, 60_000);
afterAll(() => test?.close());

let sequence = 0;
/** A notification to Ben, sent by SMS (his first channel); answers its row once sent. */
async function sentBySms() {
  const record = await test.services.notifications.engine.notify({
    eventId: `report-${(sequence += 1)}`, eventType: 'waitlist.offered', templateEvent: 'waitlist.offered', recipient: { userId: 'patient-ben' }, appointmentId: null,
    data: { patientId: 'patient-ben', professionalId: 'dr-chen', start: '2026-12-03T14:00:00Z', expiresAt: '2026-12-01T09:30:00Z' },
  });
  return waitFor(async () => {
    const [row] = (await list(`recipientId=patient-ben&channel=sms`)).filter((entry) => entry.id === record!.id && entry.state === 'sent');
    return row;
  });
}
const list = async (query: string) =>
  (await test.app.inject({ url: `/api/v1/notifications?${query}`, headers: await test.as('admin-sam') })).json() as Array<{ id: string; state: string; reason: string | null; channel: string; providerMessageId: string | null; deliveredAt: string | null; failedAt: string | null }>;
const report = async (payload: object) =>
  test.app.inject({ method: 'POST', url: '/api/v1/notifications/delivery-status', headers: await test.serviceHeaders(), payload });

describe('delivery reports', () => {
  it('marks a notification delivered once, however often the report comes', async () => {
    const sent = await sentBySms();
    for (let time = 0; time < 3; time += 1) {
      const answered = await report({ providerMessageId: sent.providerMessageId, status: 'delivered' });
      expect(answered.statusCode).toBe(200);
      expect(answered.json()).toMatchObject({ id: sent.id, state: 'delivered', reason: null });
    }
    expect(test.senders.webchat.sent).toEqual([]);
  });

  it('keeps the provider’s reason of a failure and sends on the next channel, once', async () => {
    const sent = await sentBySms();
    const failed = await report({ providerMessageId: sent.providerMessageId, status: 'failed', reason: 'undelivered: Twilio error 30003' });
    expect(failed.json()).toMatchObject({ id: sent.id, state: 'failed', reason: 'undelivered: Twilio error 30003' });
    expect(failed.json().failedAt).not.toBeNull();
    await waitFor(async () => test.senders.webchat.sent.length === 1);
    await report({ providerMessageId: sent.providerMessageId, status: 'failed', reason: 'undelivered: Twilio error 30003' });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(test.senders.webchat.sent).toHaveLength(1);
    const onWebchat = await waitFor(async () => (await list('recipientId=patient-ben&channel=webchat&state=sent'))[0]);
    expect(onWebchat.providerMessageId).toMatch(/^webchat-/);
  });
});
