import { createTestApp, type TestApp } from '@consulta/core-api/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSkill } from './create-skills';
import type { SkillContext } from './skill-context';
import { parsed, skillContextFor, testNow } from './testing/skill-test-context';

// A professional proposes other times for a request (as the Teams card does); the patient sees them
// with their appointments and accepts one through the skill.
let test: TestApp;
let ana: SkillContext;
let lopez: SkillContext;
beforeAll(async () => {
  test = await createTestApp({ now: testNow });
  ana = await skillContextFor(test, 'patient-ana');
  lopez = await skillContextFor(test, 'dr-lopez');
});
afterAll(() => test?.close());

async function requestWithProposal(start: string, proposed: string[]) {
  const booked = parsed(await runSkill('request_appointment', { professionalId: 'dr-lopez', serviceId: 'derm-consult', start, intake: { reason: 'A mole' } }, ana));
  const response = await test.app.inject({
    method: 'POST', url: `/api/v1/appointments/${booked.appointment.id}/proposals`, headers: await test.as('dr-lopez'),
    payload: { starts: proposed, message: 'The morning is full' },
  });
  expect(response.statusCode).toBe(201);
  return booked.appointment.id as string;
}

describe('accept_proposed_time', () => {
  let requestId: string;
  beforeAll(async () => {
    requestId = await requestWithProposal('2026-12-09T09:40:00+01:00', ['2026-12-09T11:00:00+01:00', '2026-12-09T12:20:00+01:00']);
  });

  it('shows the open proposal with the request in list_my_appointments, in the patient’s zone and language', async () => {
    const mine = parsed(await runSkill('list_my_appointments', {}, ana));
    const request = mine.appointments.find((appointment: { id: string }) => appointment.id === requestId);
    expect(request.proposal).toEqual({
      id: expect.stringMatching(/^prop-/),
      message: 'The morning is full',
      starts: [
        { start: '2026-12-09T11:00:00+01:00', label: 'mié 9 dic, 11:00', localDate: '2026-12-09', localTime: '11:00' },
        { start: '2026-12-09T12:20:00+01:00', label: 'mié 9 dic, 12:20', localDate: '2026-12-09', localTime: '12:20' },
      ],
    });
  });

  it('refuses a time that was not proposed, naming the ones that were', async () => {
    const failure = parsed(await runSkill('accept_proposed_time', { appointmentId: requestId, start: '2026-12-09T10:20:00+01:00' }, ana));
    expect(failure.error.code).toBe('start_not_proposed');
    expect(failure.error.hint).toContain('2026-12-09T11:00:00+01:00 (mié 9 dic, 11:00)');
  });

  it('is for the patient: the professional cannot accept their own proposal', async () => {
    const failure = parsed(await runSkill('accept_proposed_time', { appointmentId: requestId, start: '2026-12-09T11:00:00+01:00' }, lopez));
    expect(failure.error.code).toBe('forbidden');
  });

  it('moves the request to the accepted time, approved', async () => {
    const result = parsed(await runSkill('accept_proposed_time', { appointmentId: requestId, start: '2026-12-09T12:20:00+01:00' }, ana));
    expect(result.previousAppointmentId).toBe(requestId);
    expect(result.appointment).toMatchObject({
      status: 'approved', professionalName: 'Dr. Elena López', start: '2026-12-09T12:20:00+01:00', label: 'mié 9 dic, 12:20',
    });
    const mine = parsed(await runSkill('list_my_appointments', {}, ana));
    expect(mine.appointments.map((appointment: { id: string }) => appointment.id)).not.toContain(requestId);
    expect(mine.appointments.find((appointment: { id: string }) => appointment.id === result.appointment.id)).not.toHaveProperty('proposal');
  });

  it('says when no proposal is waiting any more', async () => {
    const failure = parsed(await runSkill('accept_proposed_time', { appointmentId: requestId, start: '2026-12-09T11:00:00+01:00' }, ana));
    expect(failure.error.code).toBe('no_open_proposal');
    expect(failure.error.hint).toContain('list_my_appointments');
  });

  it('does not reach another patient’s request', async () => {
    const failure = parsed(await runSkill('accept_proposed_time', { appointmentId: 'appt-seed-1', start: '2026-12-08T11:00:00+01:00' }, ana));
    expect(failure.error.code).toBe('appointment_not_found');
  });
});
