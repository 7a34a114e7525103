import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NotificationSendError } from './notification-sender';
import { variantOf } from './template-store';
import { createNotificationsHarness, waitFor, type NotificationsHarness } from './notifications-test-harness';

let test: NotificationsHarness;
beforeAll(async () => {
  test = await createNotificationsHarness({ delivery: { attempts: 2, backoffMs: 20 } });
  await test.takeEvents();
  test.services.notifications.startWorkers();
}, 60_000);
afterAll(() => test?.close());

type Method = 'GET' | 'POST' | 'PUT';
const call = async (method: Method, url: string, userId: string | null, payload?: object) =>
  test.app.inject({ method, url: `/api/v1${url}`, headers: userId ? await test.as(userId) : {}, payload });
const auditEntries = async (action: string) =>
  (await test.runtime.database.pool.query(`SELECT actor_id, resource_id, patient_id FROM identity.audit_log WHERE action = $1 ORDER BY id`, [action])).rows;

describe('tracking and authorisation', () => {
  let notificationId: string;
  let providerMessageId: string;

  beforeAll(async () => {
    expect((await call('POST', '/appointments/appt-seed-2/approve', 'dr-chen')).statusCode).toBe(200);
    await test.publish();
    await waitFor(async () => test.senders.webchat.sent.length === 1);
    const [row] = await waitFor(async () => {
      const { rows } = await test.runtime.database.pool.query(`SELECT id, provider_message_id FROM notifications.notifications WHERE state = 'sent'`);
      return rows.length === 1 ? rows : null;
    });
    notificationId = row.id;
    providerMessageId = row.provider_message_id;
  });

  it('lets a patient read their own notifications, audited, and nobody else’s', async () => {
    const mine = await call('GET', '/me/notifications', 'patient-ben');
    expect(mine.statusCode).toBe(200);
    expect(mine.json()).toEqual([expect.objectContaining({ id: notificationId, event: 'appointment.approved', channel: 'webchat', state: 'sent', attempts: 1 })]);
    expect(await auditEntries('notification.read')).toEqual([{ actor_id: 'patient-ben', resource_id: 'patient-ben', patient_id: 'patient-ben' }]);
    expect((await call('GET', '/me/notifications', 'patient-ana')).json()).toEqual([]);
    expect((await call('GET', '/notifications', 'patient-ben')).statusCode).toBe(403);
    expect((await call('GET', '/notifications', 'dr-chen')).statusCode).toBe(403);
    expect((await call('GET', '/me/notifications', null)).statusCode).toBe(401);
  });

  it('lets admins list their organisation’s notifications with filters', async () => {
    const listed = await call('GET', '/notifications?recipientId=patient-ben&state=sent&channel=webchat', 'admin-sam');
    expect(listed.statusCode).toBe(200);
    expect(listed.json().map((entry: { id: string }) => entry.id)).toEqual([notificationId]);
    expect((await call('GET', '/notifications?state=failed', 'admin-sam')).json()).toEqual([]);
  });

  it('takes delivery reports only from a channel service, by provider message id, and never moves delivered back', async () => {
    const service = await test.serviceHeaders();
    const report = (payload: object, headers: Record<string, string> = service) => test.app.inject({ method: 'POST', url: '/api/v1/notifications/delivery-status', headers, payload });
    expect((await report({ providerMessageId, status: 'delivered' }, await test.as('patient-ben'))).statusCode).toBe(403);
    expect((await report({ providerMessageId, status: 'delivered' }, {})).statusCode).toBe(401);
    expect((await report({ providerMessageId: 'SM-unknown', status: 'delivered' })).statusCode).toBe(404);
    const delivered = await report({ providerMessageId, status: 'delivered' });
    expect(delivered.json()).toMatchObject({ id: notificationId, state: 'delivered' });
    expect(delivered.json().deliveredAt).toBe('2026-12-01T09:00:00.000Z');
    expect((await report({ providerMessageId, status: 'failed', reason: '30003' })).json()).toMatchObject({ state: 'delivered', reason: null });
  });

  it('keeps preferences per user and refuses half-given quiet hours', async () => {
    expect((await call('GET', '/me/notification-preferences', 'dr-lopez')).json()).toEqual({
      channels: ['teams', 'email'], quietStart: null, quietEnd: null, doNotDisturb: false, dailyCap: null, custom: false,
    });
    const half = await call('PUT', '/me/notification-preferences', 'dr-lopez', { channels: ['email'], quietStart: '22:00', quietEnd: null, doNotDisturb: false, dailyCap: null });
    expect(half.statusCode).toBe(400);
    expect(half.json().code).toBe('incomplete_quiet_hours');
    const bad = await call('PUT', '/me/notification-preferences', 'dr-lopez', { channels: ['fax'], quietStart: null, quietEnd: null, doNotDisturb: false, dailyCap: null });
    expect(bad.statusCode).toBe(400);
  });

  it('registers a browser for Web Push', async () => {
    const registered = await call('POST', '/me/push-subscriptions', 'admin-sam', { endpoint: 'https://push.example/abc', keys: { p256dh: 'BNc', auth: 'xyz' } });
    expect(registered.statusCode).toBe(204);
    expect((await call('GET', '/notifications/push-key', 'admin-sam')).json()).toEqual({ publicKey: null });
  });
});

describe('templates: versions, rollback, preview, A/B', () => {
  const base = '/notifications/templates/appointment.approved/webchat/en';

  it('is for admins only', async () => {
    expect((await call('GET', base, 'patient-ben')).statusCode).toBe(403);
    expect((await call('POST', `${base}/versions`, 'dr-lopez', { subject: null, text: 'x', html: null, urgent: false })).statusCode).toBe(403);
  });

  it('refuses a version that does not render and previews a draft with sample data, escaped in HTML', async () => {
    const broken = await call('POST', `${base}/versions`, 'admin-sam', { subject: null, text: 'Hi {{ nmae }}', html: null, urgent: false });
    expect(broken.statusCode).toBe(400);
    expect(broken.json().code).toBe('invalid_template');
    const preview = await call('POST', '/notifications/templates/appointment.approved/email/en/preview', 'admin-sam', {
      draft: { subject: 'For {{ recipientName }}', text: 'Hi {{ recipientName }}, see you {{ when }}', html: '<b>{{ professionalName }}</b>', urgent: false },
    });
    expect(preview.statusCode).toBe(200);
    expect(preview.json()).toMatchObject({ subject: 'For Ana García', text: 'Hi Ana García, see you Tuesday 8 December 2026, 10:00 (Central European Time)' });
    expect(preview.json().html).toContain('<b>Dr. Elena López</b>');
  });

  it('puts a version in force, rolls back step by step to the default, and says when nothing is left', async () => {
    const v1 = await call('POST', `${base}/versions`, 'admin-sam', { subject: null, text: 'V1 {{ when }}', html: null, urgent: false, note: 'shorter' });
    const v2 = await call('POST', `${base}/versions`, 'admin-sam', { subject: null, text: 'V2 {{ when }}', html: null, urgent: false });
    expect([v1.json(), v2.json()]).toEqual([{ version: 1 }, { version: 2 }]);
    expect((await call('POST', `${base}/activate`, 'admin-sam', { version: 1 })).statusCode).toBe(200);
    expect((await call('POST', `${base}/activate`, 'admin-sam', { version: 2 })).statusCode).toBe(200);
    expect((await call('GET', base, 'admin-sam')).json()).toMatchObject({ version: 2, content: { text: 'V2 {{ when }}' } });
    expect((await call('POST', `${base}/rollback`, 'admin-sam')).json()).toMatchObject({ version: 1 });
    expect((await call('POST', `${base}/rollback`, 'admin-sam')).json()).toMatchObject({ version: 0 });
    const nothing = await call('POST', `${base}/rollback`, 'admin-sam');
    expect(nothing.statusCode).toBe(409);
    expect(nothing.json().code).toBe('nothing_to_roll_back');
    const history = (await call('GET', `${base}/activations`, 'admin-sam')).json();
    expect(history.map((entry: { version: number; rolledBackAt: string | null }) => [entry.version, entry.rolledBackAt !== null])).toEqual([[2, true], [1, true]]);
    expect((await call('POST', `${base}/activate`, 'admin-sam', { version: 9 })).statusCode).toBe(404);
  });

  it('splits by notification id, sends each variant, and records how the appointment ended', async () => {
    expect((await call('POST', `${base}/activate`, 'admin-sam', { version: 1, variantVersion: 2, variantShare: 0.5 })).statusCode).toBe(200);
    const ids = Array.from({ length: 200 }, (_, index) => `ntf-${index}`);
    const shareB = ids.filter((id) => variantOf(id, 0.5) === 'B').length / ids.length;
    expect(shareB).toBeGreaterThan(0.35);
    expect(shareB).toBeLessThan(0.65);
    expect(ids.map((id) => variantOf(id, 0.5))).toEqual(ids.map((id) => variantOf(id, 0.5)));

    test.senders.webchat.sent.length = 0;
    expect((await call('POST', '/appointments/appt-seed-1/complete', 'dr-lopez')).statusCode).toBe(409); // not started yet: nothing recorded
    const approved = await call('POST', '/appointments', 'patient-ben', { professionalId: 'dr-chen', serviceId: 'gp-visit', start: '2026-12-03T14:00:00.000Z', intake: { reason: 'x', date_of_birth: '1975-09-30' } });
    await call('POST', `/appointments/${approved.json().id}/approve`, 'dr-chen');
    await test.publish();
    const sent = await waitFor(async () => test.senders.webchat.sent.find((entry) => entry.data.appointmentId === approved.json().id));
    // The line naming the confirmation document follows whatever the template says.
    expect(sent.text).toMatch(/^V[12] Thursday 3 December 2026, 09:00 \(Eastern Time\)\nYour confirmation \(PDF\) is in your documents\.$/);
    await call('POST', `/appointments/${approved.json().id}/cancel`, 'patient-ben', { reason: 'Travel' });
    await test.publish();
    await waitFor(async () => test.senders.webchat.sent.some((entry) => entry.event === 'appointment.cancelled' && entry.data.appointmentId === approved.json().id));
    const outcomes = (await call('GET', '/notifications/templates/outcomes?event=appointment.approved', 'admin-sam')).json();
    expect(outcomes).toEqual([{ event: 'appointment.approved', channel: 'webchat', version: sent.text.startsWith('V1') ? 1 : 2, variant: sent.text.startsWith('V1') ? 'A' : 'B', outcome: 'cancelled', count: 1 }]);
  });
});

describe('dead letters', () => {
  it('lists a delivery that used up its tries on every channel, and an admin’s retry sends it', async () => {
    test.senders.webchat.failWith(new NotificationSendError('webchat_down', 'Direct Line unavailable', false));
    test.senders.sms.failWith(new NotificationSendError('twilio_down', 'Twilio unavailable', false));
    const created = await call('POST', '/appointments', 'patient-ben', { professionalId: 'dr-chen', serviceId: 'gp-visit', start: '2026-12-03T15:00:00.000Z', intake: { reason: 'x', date_of_birth: '1975-09-30' } });
    const appointmentId = created.json().id;
    await call('POST', `/appointments/${appointmentId}/approve`, 'dr-chen');
    await test.publish();
    const letters = await waitFor(async () => {
      const response = await call('GET', '/notifications/dead-letters', 'admin-sam');
      const found = response.json().filter((letter: { notification: { appointmentId: string } }) => letter.notification.appointmentId === appointmentId);
      return found.length === 1 ? found : null;
    });
    expect(letters[0]).toMatchObject({ notification: { channel: 'sms', state: 'failed', reason: 'retries_exhausted: twilio_down', attempts: 2 } });
    expect((await call('GET', '/notifications/dead-letters', 'patient-ben')).statusCode).toBe(403);

    test.senders.sms.failWith(null);
    const retried = await call('POST', `/notifications/${letters[0].notification.id}/retry`, 'admin-sam');
    expect(retried.statusCode).toBe(202);
    await waitFor(async () => test.senders.sms.sent.some((entry) => entry.data.appointmentId === appointmentId));
    const after = await waitFor(async () => {
      const listed = (await call('GET', `/notifications?appointmentId=${appointmentId}&event=appointment.approved`, 'admin-sam')).json();
      return listed.some((entry: { state: string }) => entry.state === 'sent') ? listed : null;
    });
    expect(after.map((entry: { channel: string; state: string }) => [entry.channel, entry.state]).sort()).toEqual([['sms', 'sent'], ['webchat', 'failed']]);
    const stillDead = (await call('GET', '/notifications/dead-letters', 'admin-sam')).json();
    expect(stillDead.filter((letter: { notification: { appointmentId: string } }) => letter.notification.appointmentId === appointmentId)).toEqual([]);
    expect((await call('POST', `/notifications/${letters[0].notification.id}/retry`, 'admin-sam')).statusCode).toBe(404); // sent now: nothing to retry
    test.senders.webchat.failWith(null);
  });
});
