import { createTestApp, type TestApp } from '@consulta/core-api/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSkill } from './create-skills';
import type { SkillContext } from './skill-context';
import { parsed, skillContextFor, testNow } from './testing/skill-test-context';

let test: TestApp;
let ana: SkillContext;
let ben: SkillContext;
beforeAll(async () => {
  test = await createTestApp({ now: testNow });
  ana = await skillContextFor(test, 'patient-ana');
  ben = await skillContextFor(test, 'patient-ben');
});
afterAll(() => test?.close());

const intake = { reason: 'A rash on my arm', date_of_birth: '1988-04-12' };
const lopezAt = (time: string) => ({ professionalId: 'dr-lopez', serviceId: 'derm-consult', start: `2026-12-08T${time}:00+01:00`, intake });

describe('reschedule_appointment and cancel_appointment', () => {
  it('moves one’s own appointment to a new start', async () => {
    const booked = parsed(await runSkill('request_appointment', lopezAt('15:00'), ana));
    const result = parsed(
      await runSkill('reschedule_appointment', { appointmentId: booked.appointment.id, start: '2026-12-08T15:40:00+01:00', reason: 'Later suits me' }, ana),
    );
    expect(result.previousAppointmentId).toBe(booked.appointment.id);
    expect(result.appointment).toMatchObject({ status: 'requested', start: '2026-12-08T15:40:00+01:00', label: 'mar 8 dic, 15:40' });
    expect(result.appointment.id).not.toBe(booked.appointment.id);
  });

  it('cancels one’s own appointment with the reason', async () => {
    const booked = parsed(await runSkill('request_appointment', lopezAt('16:20'), ana));
    const result = parsed(await runSkill('cancel_appointment', { appointmentId: booked.appointment.id, reason: 'I feel better' }, ana));
    expect(result.appointment).toMatchObject({ id: booked.appointment.id, status: 'cancelled' });
    const upcoming = parsed(await runSkill('list_my_appointments', {}, ana));
    expect(upcoming.appointments.map((appointment: { id: string }) => appointment.id)).not.toContain(booked.appointment.id);
  });

  it('books the same request again after the first was cancelled, instead of replaying it', async () => {
    const first = parsed(await runSkill('request_appointment', lopezAt('12:20'), ana));
    await runSkill('cancel_appointment', { appointmentId: first.appointment.id, reason: 'Wrong day' }, ana);
    const again = parsed(await runSkill('request_appointment', lopezAt('12:20'), ana));
    expect(again.appointment).toMatchObject({ status: 'requested', start: '2026-12-08T12:20:00+01:00' });
    expect(again.appointment.id).not.toBe(first.appointment.id);
    const retried = parsed(await runSkill('request_appointment', lopezAt('12:20'), ana));
    expect(retried.appointment.id).toBe(again.appointment.id);
  });

  it('does not reach another patient’s appointment: not found among the user’s own', async () => {
    const failure = parsed(await runSkill('cancel_appointment', { appointmentId: 'appt-seed-1', reason: 'Not needed' }, ana));
    expect(failure.error.code).toBe('appointment_not_found');
    expect(failure.error.hint).toContain("no such appointment among the user's own");
    const moved = parsed(await runSkill('reschedule_appointment', { appointmentId: 'appt-seed-1', start: '2026-12-08T16:20:00+01:00' }, ana));
    expect(moved.error.code).toBe('appointment_not_found');
    const still = parsed(await runSkill('list_my_appointments', {}, ben));
    expect(still.appointments.find((appointment: { id: string }) => appointment.id === 'appt-seed-1')?.status).toBe('approved');
  });

  it('says when an appointment can no longer be changed', async () => {
    const booked = parsed(await runSkill('request_appointment', lopezAt('17:00'), ana));
    await runSkill('cancel_appointment', { appointmentId: booked.appointment.id, reason: 'Changed my mind' }, ana);
    const failure = parsed(await runSkill('cancel_appointment', { appointmentId: booked.appointment.id, reason: 'Again' }, ana));
    expect(failure.error.code).toBe('invalid_transition');
    expect(failure.error.hint).toContain('list_my_appointments');
  });
});
