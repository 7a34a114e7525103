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

describe('request_appointment', () => {
  it('files a request at an offered start', async () => {
    const result = parsed(await runSkill('request_appointment', lopezAt('10:20'), ana));
    expect(result.appointment).toMatchObject({
      status: 'requested', professionalId: 'dr-lopez', professionalName: 'Dr. Elena López', serviceId: 'derm-consult',
      serviceName: 'Dermatology consultation', start: '2026-12-08T10:20:00+01:00', label: 'mar 8 dic, 10:20',
    });
  });

  it('fills intake answers the profile holds (date of birth) without asking', async () => {
    const result = parsed(
      await runSkill('request_appointment', { professionalId: 'dr-lopez', serviceId: 'derm-consult', start: '2026-12-08T16:20:00+01:00', intake: { reason: 'Mole' } }, ana),
    );
    expect(result.appointment.status).toBe('requested');
    const stored = await test.app.inject({ url: `/api/v1/appointments/${result.appointment.id}`, headers: await test.as('patient-ana') });
    expect(stored.json().intake).toEqual({ reason: 'Mole', date_of_birth: '1988-04-12' });
  });

  it('books once when the same call is made twice', async () => {
    const first = parsed(await runSkill('request_appointment', lopezAt('11:00'), ana));
    const again = parsed(await runSkill('request_appointment', lopezAt('11:00'), ana));
    expect(again.appointment.id).toBe(first.appointment.id);
    const mine = parsed(await runSkill('list_my_appointments', {}, ana));
    expect(mine.appointments.filter((appointment: { start: string }) => appointment.start === '2026-12-08T11:00:00+01:00')).toHaveLength(1);
  });

  it('answers a taken slot with slot_unavailable and how to recover', async () => {
    const failure = parsed(await runSkill('request_appointment', { ...lopezAt('10:20'), intake: { reason: 'Eczema', date_of_birth: '1975-09-30' } }, ben));
    expect(failure.error.code).toBe('slot_unavailable');
    expect(failure.error.hint).toBe('That time was just taken. Call list_slots again and offer the new times.');
  });

  it('lists the intake answers to re-ask, without filing anything', async () => {
    const failure = parsed(await runSkill('request_appointment', { ...lopezAt('11:40'), intake: { date_of_birth: '12/04/1988' } }, ana));
    expect(failure.error.code).toBe('invalid_intake');
    expect(failure.error.hint).toContain('- reason: Reason for the visit is required.');
    expect(failure.error.hint).toContain('- date_of_birth: Date of birth must be a real date written as YYYY-MM-DD');
    const slots = parsed(await runSkill('list_slots', { professionalId: 'dr-lopez', from: '2026-12-08', to: '2026-12-08', partOfDay: 'morning' }, ana));
    expect(slots.slots.map((slot: { localTime: string }) => slot.localTime)).toEqual(['09:40', '11:40']);
  });

  it('names the offered services when the service is not the professional’s', async () => {
    const failure = parsed(await runSkill('request_appointment', { ...lopezAt('11:40'), serviceId: 'gp-visit' }, ana));
    expect(failure.error.code).toBe('service_not_offered');
    expect(failure.error.hint).toBe('Use a serviceId this professional offers: derm-consult, mole-check.');
  });
});

describe('list_my_appointments', () => {
  it('gives only the user’s own upcoming appointments, soonest first, in their zone', async () => {
    const result = parsed(await runSkill('list_my_appointments', { status: 'upcoming' }, ben));
    expect(result.timeZone).toBe('America/New_York');
    expect(result.appointments).toEqual([
      {
        id: 'appt-seed-2', status: 'requested', professionalId: 'dr-chen', professionalName: 'Dr. Wei Chen', serviceId: 'gp-visit',
        serviceName: 'General practice visit', start: '2026-12-02T08:00:00-05:00', label: 'Wed 2 Dec, 08:00',
      },
      {
        id: 'appt-seed-1', status: 'approved', professionalId: 'dr-lopez', professionalName: 'Dr. Elena López', serviceId: 'derm-consult',
        serviceName: 'Dermatology consultation', start: '2026-12-08T09:00:00+01:00', label: 'Tue 8 Dec, 03:00',
      },
    ]);
  });
});

describe('join_waitlist and handoff_to_human', () => {
  it('puts the user on a waitlist', async () => {
    const result = parsed(await runSkill('join_waitlist', { professionalId: 'dr-lopez', from: '2026-12-09', to: '2026-12-11' }, ana));
    expect(result).toMatchObject({ entryId: expect.any(String), from: '2026-12-09', to: '2026-12-11' });
  });

  it('needs a professional or a specialty to wait for', async () => {
    const failure = parsed(await runSkill('join_waitlist', { from: '2026-12-09', to: '2026-12-11' }, ana));
    expect(failure.error).toMatchObject({ code: 'missing_filter', hint: 'Call join_waitlist again with professionalId or specialty.' });
  });

  it('hands the conversation to a person', async () => {
    const result = parsed(await runSkill('handoff_to_human', { summary: 'Wants to talk about a bill.' }, ana));
    expect(result.handoffId).toMatch(/^handoff-/);
    expect(result.message).toContain('practice');
  });
});
