import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createNotificationsHarness, movableClock, waitFor, type NotificationsHarness } from './notifications-test-harness';
import { reminderId } from './reminders';

const clock = movableClock('2026-12-01T09:00:00Z');
let test: NotificationsHarness;
beforeAll(async () => {
  test = await createNotificationsHarness({ clock });
  await test.takeEvents();
  test.services.notifications.startWorkers();
}, 60_000);
afterAll(() => test?.close());
beforeEach(() => {
  clock.set('2026-12-01T09:00:00Z');
  test.senders.webchat.sent.length = 0;
});

const act = async (url: string, userId: string, payload?: object) => {
  const response = await test.app.inject({ method: 'POST', url: `/api/v1${url}`, headers: await test.as(userId), payload });
  expect(response.statusCode, response.body).toBeLessThan(300);
  return response.json();
};
const schedule = (appointmentId: string) => test.services.notifications.reminders.forAppointment(appointmentId);
const request = async (start: string) =>
  (await act('/appointments', 'patient-ben', { professionalId: 'dr-chen', serviceId: 'gp-visit', start, intake: { reason: 'Check-up', date_of_birth: '1975-09-30' } })).id as string;

describe('reminders', () => {
  it('schedules 24 h and 2 h reminders on approval and sends each when due, after checking the appointment', async () => {
    const id = await request('2026-12-03T14:00:00.000Z');
    await act(`/appointments/${id}/approve`, 'dr-chen');
    await test.publish();
    expect(await schedule(id)).toEqual([
      { offsetMinutes: 1440, dueAt: '2026-12-02T14:00:00.000Z', state: 'pending' },
      { offsetMinutes: 120, dueAt: '2026-12-03T12:00:00.000Z', state: 'pending' },
    ]);
    expect(await test.services.notifications.reminders.sweep()).toBe(0); // nothing due yet

    clock.set('2026-12-02T14:00:30Z');
    expect(await test.services.notifications.reminders.sweep()).toBe(1);
    expect(await test.services.notifications.reminders.sweep()).toBe(0); // a second sweep sends nothing again
    const reminder = await waitFor(async () => test.senders.webchat.sent.find((sent) => sent.event === 'reminder' && sent.data.appointmentId === id));
    expect(reminder.text).toBe('Reminder: General practice visit with Dr. Wei Chen on Thursday 3 December 2026, 09:00 (Eastern Time).');
    expect((await schedule(id)).map((entry) => entry.state)).toEqual(['sent', 'pending']);
  });

  it('cancels the reminders of a moved appointment and schedules the new one once it is approved: no stale reminder', async () => {
    const id = await request('2026-12-14T15:00:00.000Z');
    await act(`/appointments/${id}/approve`, 'dr-chen');
    await test.publish();
    const moved = await act(`/appointments/${id}/reschedule`, 'patient-ben', { start: '2026-12-15T15:00:00.000Z' });
    await test.publish();
    expect((await schedule(id)).map((entry) => entry.state)).toEqual(['cancelled', 'cancelled']);
    expect(await schedule(moved.id)).toEqual([]); // requested again: reminders wait for the approval
    await act(`/appointments/${moved.id}/approve`, 'dr-chen');
    await test.publish();
    expect((await schedule(moved.id)).map((entry) => entry.dueAt)).toEqual(['2026-12-14T15:00:00.000Z', '2026-12-15T13:00:00.000Z']);

    clock.set('2026-12-15T13:30:00Z'); // past every reminder of both rows
    await test.services.notifications.reminders.sweep();
    const reminders = () => test.senders.webchat.sent.filter((sent) => sent.event === 'reminder' && [id, moved.id].includes(sent.data.appointmentId as string));
    await waitFor(async () => reminders().length === 2);
    expect(reminders().map((sent) => sent.data.appointmentId)).toEqual([moved.id, moved.id]);
    expect(reminders()[0]!.text).toBe('Reminder: General practice visit with Dr. Wei Chen on Tuesday 15 December 2026, 10:00 (Eastern Time).');
  });

  it('cancels reminders when the appointment is cancelled, and skips a due one whose appointment changed meanwhile', async () => {
    const id = await request('2026-12-09T14:00:00.000Z');
    await act(`/appointments/${id}/approve`, 'dr-chen');
    await test.publish();
    await act(`/appointments/${id}/cancel`, 'patient-ben', { reason: 'Feeling better' });
    // The sweep runs before the cancellation's event is handled: it reads the appointment itself.
    clock.set('2026-12-09T13:00:00Z');
    await test.services.notifications.reminders.sweep();
    expect((await schedule(id)).map((entry) => entry.state)).toEqual(['skipped', 'skipped']);
    await test.publish();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(test.senders.webchat.sent.filter((sent) => sent.event === 'reminder' && sent.data.appointmentId === id)).toEqual([]);
  });

  it('uses a domain’s own rules, e.g. three days before for legal', async () => {
    const put = await test.app.inject({
      method: 'PUT', url: '/api/v1/notifications/reminder-rules/legal', headers: await test.as('admin-sam'), payload: { offsetsMinutes: [4320] },
    });
    expect(put.json()).toEqual({ domainId: 'legal', offsetsMinutes: [4320] });
    const legal = await act('/appointments', 'patient-chloe', {
      professionalId: 'atty-martin', serviceId: 'family-law-consult', start: '2026-12-11T13:00:00.000Z', intake: { case_type: 'custody', summary: 'Custody question' },
    });
    await act(`/appointments/${legal.id}/approve`, 'atty-martin');
    await test.publish();
    expect(await schedule(legal.id)).toEqual([{ offsetMinutes: 4320, dueAt: '2026-12-08T13:00:00.000Z', state: 'pending' }]);
  });

  it('writes no reminder that would already be due, and keeps the ids reminders always had (a sweep’s event id is made of them)', async () => {
    const soon = { id: 'appt-in-three-hours', patientId: 'patient-ben', domainId: 'medical', start: new Date('2026-12-01T12:00:00Z') };
    expect(await test.services.notifications.reminders.schedule(soon)).toBe(1);
    expect(await test.services.notifications.reminders.schedule(soon)).toBe(0); // a replayed approval writes nothing again
    expect(await schedule(soon.id)).toEqual([{ offsetMinutes: 120, dueAt: '2026-12-01T10:00:00.000Z', state: 'pending' }]);
    const { rows } = await test.runtime.database.pool.query(`SELECT id FROM notifications.reminders WHERE appointment_id = $1`, [soon.id]);
    expect(rows).toEqual([{ id: reminderId(soon.id, 120) }]);
    expect(reminderId(soon.id, 120)).toMatch(/^rem-[0-9a-f]{20}$/);
  });
});
