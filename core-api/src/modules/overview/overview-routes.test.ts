import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNotificationsHarness, type NotificationsHarness } from '../notifications/notifications-test-harness';

let test: NotificationsHarness;
beforeAll(async () => {
  test = await createNotificationsHarness();
  await test.takeEvents();
});
afterAll(() => test?.close());

const call = async (as: string, method: 'GET' | 'POST', url: string, payload?: object) =>
  test.app.inject({ method, url: `/api/v1${url}`, headers: await test.as(as), ...(payload ? { payload } : {}) });

describe('GET /me/overview', () => {
  it('gathers my next appointments, unread chats and notifications still to go out', async () => {
    const empty = await call('patient-ben', 'GET', '/me/overview');
    expect(empty.statusCode).toBe(200);
    expect(empty.json().nextAppointments.map((appointment: { id: string }) => appointment.id)).toEqual(['appt-seed-2', 'appt-seed-1']);
    expect(empty.json().unreadChats).toEqual({ conversations: 0, messages: 0 });
    expect(empty.json().pendingNotifications.count).toBe(0);

    const conversation = (await call('dr-lopez', 'POST', '/chat/conversations', { kind: 'direct', patientId: 'patient-ben', professionalId: 'dr-lopez' })).json();
    for (const body of ['Hello Ben', 'Please bring your last results']) {
      expect((await call('dr-lopez', 'POST', `/chat/conversations/${conversation.id}/messages`, { body })).statusCode).toBe(201);
    }
    // Decided, announced, and not delivered yet (no delivery worker runs here).
    expect((await call('dr-chen', 'POST', '/appointments/appt-seed-2/approve')).statusCode).toBe(200);
    await test.publish();

    const overview = (await call('patient-ben', 'GET', '/me/overview')).json();
    expect(overview.unreadChats).toEqual({ conversations: 1, messages: 2 });
    expect(overview.pendingNotifications.count).toBeGreaterThanOrEqual(1);
    expect(overview.pendingNotifications.latest[0]).toMatchObject({ event: 'appointment.approved', state: 'queued' });
    expect(overview.nextAppointments[0]).toMatchObject({ id: 'appt-seed-2', status: 'approved' });
    // Someone else's overview shows none of Ben's.
    const ana = (await call('patient-ana', 'GET', '/me/overview')).json();
    expect(ana.unreadChats.messages).toBe(0);
    expect(ana.nextAppointments.every((appointment: { patientId: string }) => appointment.patientId === 'patient-ana')).toBe(true);
  });

  it('asks for a signed-in user', async () => {
    expect((await test.app.inject({ url: '/api/v1/me/overview' })).statusCode).toBe(401);
  });
});
