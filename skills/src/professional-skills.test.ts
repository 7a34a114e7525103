import { createTestApp, type TestApp } from '@consulta/core-api/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSkill } from './create-skills';
import type { SkillContext } from './skill-context';
import { parsed, skillContextFor, testNow } from './testing/skill-test-context';

// The professional's skills against a real core-api, as Dr. López (Europe/Madrid, 09:00–13:00 every
// weekday and 15:00–18:00 except Wednesdays; the seed has Ben's approved 09:00 on Tuesday 8 December).
let test: TestApp;
let lopez: SkillContext;
let ana: SkillContext;
let ben: SkillContext;
beforeAll(async () => {
  test = await createTestApp({ now: testNow });
  lopez = await skillContextFor(test, 'dr-lopez');
  ana = await skillContextFor(test, 'patient-ana');
  ben = await skillContextFor(test, 'patient-ben');
});
afterAll(() => test?.close());

const book = async (patient: SkillContext, start: string, reason = 'A rash') => {
  const result = parsed(await runSkill('request_appointment', { professionalId: 'dr-lopez', serviceId: 'derm-consult', start, intake: { reason } }, patient));
  expect(result.appointment?.status).toBe('requested');
  return result.appointment.id as string;
};
const schedule = async (from: string, to = from, status = 'active', as = lopez) => parsed(await runSkill('list_schedule', { from, to, status }, as));
const freeTimes = async (date: string) =>
  parsed(await runSkill('list_slots', { professionalId: 'dr-lopez', serviceId: 'derm-consult', from: date, to: date, limit: 10 }, ana)).slots.map(
    (slot: { localTime: string }) => slot.localTime,
  );

describe('list_schedule', () => {
  let anaId: string;
  let benId: string;
  beforeAll(async () => {
    anaId = await book(ana, '2026-12-08T10:20:00+01:00');
    benId = await book(ben, '2026-12-08T11:00:00+01:00', 'Eczema again');
  });

  it('gives the professional’s day soonest first, with status and patient name, in their zone', async () => {
    const day = await schedule('2026-12-08');
    expect(day).toMatchObject({ from: '2026-12-08', to: '2026-12-08', timeZone: 'Europe/Madrid' });
    expect(day.appointments.map((entry: Record<string, unknown>) => [entry.localTime, entry.patientName, entry.status, entry.serviceName])).toEqual([
      ['09:00', 'Ben Carter', 'approved', 'Dermatology consultation'],
      ['10:20', 'Ana García', 'requested', 'Dermatology consultation'],
      ['11:00', 'Ben Carter', 'requested', 'Dermatology consultation'],
    ]);
    expect(day.appointments[1]).toMatchObject({ id: anaId, label: 'Tue 8 Dec, 10:20', localDate: '2026-12-08', start: '2026-12-08T10:20:00+01:00' });
  });

  it('lists only the requests waiting for a decision when asked', async () => {
    const pending = await schedule('2026-12-07', '2026-12-09', 'requested');
    expect(pending.appointments.map((entry: { id: string }) => entry.id)).toEqual([anaId, benId]);
  });

  it('gives a patient only their own appointments (core-api scopes the list)', async () => {
    const mine = await schedule('2026-12-08', '2026-12-08', 'active', ana);
    expect(mine.appointments.map((entry: { id: string; patientName: string }) => [entry.id, entry.patientName])).toEqual([[anaId, 'Ana García']]);
  });

  it('refuses a reversed or overlong range', async () => {
    expect((await schedule('2026-12-09', '2026-12-08')).error.code).toBe('invalid_range');
    expect((await schedule('2026-12-01', '2027-06-01')).error.code).toBe('range_too_long');
  });
});

describe('decide_appointments', () => {
  let first: string;
  let second: string;
  beforeAll(async () => {
    first = await book(ana, '2026-12-10T09:40:00+01:00');
    second = await book(ben, '2026-12-10T10:20:00+01:00');
  });

  it('refuses a decline without a reason before deciding anything', async () => {
    const failure = parsed(await runSkill('decide_appointments', { decisions: [{ appointmentId: first, decision: 'approve' }, { appointmentId: second, decision: 'decline' }] }, lopez));
    expect(failure.error).toMatchObject({ code: 'invalid_input' });
    expect(failure.error.message).toContain('decisions.1.reason: a reason is required to decline');
    expect((await schedule('2026-12-10', '2026-12-10', 'requested')).appointments).toHaveLength(2);
  });

  it('approves and declines several requests as the professional', async () => {
    const result = parsed(
      await runSkill('decide_appointments', {
        decisions: [{ appointmentId: first, decision: 'approve' }, { appointmentId: second, decision: 'decline', reason: 'I am at a congress that morning' }],
      }, lopez),
    );
    expect(result).toMatchObject({ approved: 1, declined: 1, failed: 0 });
    expect(result.results).toEqual([
      { appointmentId: first, decision: 'approve', ok: true, status: 'approved', label: 'Thu 10 Dec, 09:40' },
      { appointmentId: second, decision: 'decline', ok: true, status: 'declined', label: 'Thu 10 Dec, 10:20' },
    ]);
    const history = (await test.app.inject({ url: `/api/v1/appointments/${second}/history`, headers: await test.as('dr-lopez') })).json();
    expect(history.at(-1)).toMatchObject({ toStatus: 'declined', actorId: 'dr-lopez', reason: 'I am at a congress that morning' });
  });

  it('answers each item on its own: an already decided request fails, the rest still runs', async () => {
    const third = await book(ana, '2026-12-10T11:40:00+01:00');
    const result = parsed(
      await runSkill('decide_appointments', { decisions: [{ appointmentId: first, decision: 'approve' }, { appointmentId: third, decision: 'approve' }] }, lopez),
    );
    expect(result).toMatchObject({ approved: 1, failed: 1 });
    expect(result.results[0]).toMatchObject({ appointmentId: first, ok: false, error: { code: 'invalid_transition' } });
  });

  it('lets a patient decide nothing, not even their own request', async () => {
    const own = await book(ana, '2026-12-10T12:20:00+01:00');
    const result = parsed(await runSkill('decide_appointments', { decisions: [{ appointmentId: own, decision: 'approve' }] }, ana));
    expect(result).toMatchObject({ approved: 0, failed: 1 });
    expect((await schedule('2026-12-10', '2026-12-10', 'requested')).appointments.map((entry: { id: string }) => entry.id)).toEqual([own]);
  });
});

describe('block_time', () => {
  it('closes Friday afternoon: the morning stays bookable', async () => {
    const result = parsed(await runSkill('block_time', { date: '2026-12-04', partOfDay: 'afternoon' }, lopez));
    expect(result).toEqual({
      date: '2026-12-04', label: 'Fri 4 Dec', closedWholeDay: false, blocked: { from: '13:00', to: '24:00' },
      openHours: [{ start: '09:00', end: '13:00' }], stillBooked: [],
    });
    expect(await freeTimes('2026-12-04')).toEqual(['09:00', '09:40', '10:20', '11:00', '11:40', '12:20']);
    const availability = (await test.app.inject({ url: '/api/v1/professionals/dr-lopez/availability' })).json();
    expect(availability.exceptions).toContainEqual({ date: '2026-12-04', closed: false, start: '09:00', end: '13:00', reason: 'Blocked through the assistant' });
    expect(availability.exceptions).toContainEqual({ date: '2026-12-25', closed: true, reason: 'Christmas' });
  });

  it('cuts a range out of what is left of that day', async () => {
    const result = parsed(await runSkill('block_time', { date: '2026-12-04', from: '10:00', to: '11:00', reason: 'Dentist' }, lopez));
    expect(result.openHours).toEqual([{ start: '09:00', end: '10:00' }, { start: '11:00', end: '13:00' }]);
    expect(await freeTimes('2026-12-04')).toEqual(['09:00', '11:00', '11:40', '12:20']);
  });

  it('closes a whole day and lists what is still booked then', async () => {
    const booked = await book(ana, '2026-12-07T15:00:00+01:00');
    const result = parsed(await runSkill('block_time', { date: '2026-12-07' }, lopez));
    expect(result).toMatchObject({ closedWholeDay: true, blocked: { from: '00:00', to: '24:00' }, openHours: [] });
    expect(result.stillBooked.map((entry: { id: string; patientName: string }) => [entry.id, entry.patientName])).toEqual([[booked, 'Ana García']]);
    expect(await freeTimes('2026-12-07')).toEqual([]);
  });

  it('says when there is nothing to block, and refuses past dates', async () => {
    expect(parsed(await runSkill('block_time', { date: '2026-12-25' }, lopez)).error.code).toBe('already_closed');
    const wednesday = parsed(await runSkill('block_time', { date: '2026-12-02', partOfDay: 'afternoon' }, lopez));
    expect(wednesday.error).toMatchObject({ code: 'not_open_then', message: expect.stringContaining('09:00–13:00') });
    expect(parsed(await runSkill('block_time', { date: '2026-11-30' }, lopez)).error.code).toBe('date_in_past');
    expect(parsed(await runSkill('block_time', { date: '2026-12-09', from: '12:00', to: '11:00' }, lopez)).error.code).toBe('invalid_range');
  });

  it('is for professionals only', async () => {
    const failure = parsed(await runSkill('block_time', { date: '2026-12-09' }, ana));
    expect(failure.error.code).toBe('not_a_professional');
    expect(await freeTimes('2026-12-09')).not.toEqual([]);
  });
});
