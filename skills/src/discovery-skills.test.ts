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

describe('find_professionals', () => {
  it('finds dermatologists with the services they offer', async () => {
    const result = parsed(await runSkill('find_professionals', { specialty: 'dermatology' }, ana));
    expect(result.professionals).toEqual([
      {
        id: 'dr-lopez', name: 'Dr. Elena López', specialty: 'dermatology', domain: 'medical', languages: ['es', 'en'],
        services: [
          { id: 'derm-consult', name: 'Dermatology consultation', minutes: 30 },
          { id: 'mole-check', name: 'Mole check', minutes: 20 },
        ],
      },
    ]);
  });

  it('finds by part of a name, accents ignored', async () => {
    const result = parsed(await runSkill('find_professionals', { name: 'lopez' }, ben));
    expect(result.professionals.map((professional: { id: string }) => professional.id)).toEqual(['dr-lopez']);
  });
});

describe('list_slots', () => {
  const lopezTuesday = { professionalId: 'dr-lopez', from: '2026-12-08', to: '2026-12-08' };

  it("gives a professional's free times on a day, in the user's zone, with start kept for booking", async () => {
    const result = parsed(await runSkill('list_slots', lopezTuesday, ana));
    expect(result.timeZone).toBe('Europe/Madrid');
    expect(result.slots.map((slot: { localTime: string }) => slot.localTime)).toEqual(['09:40', '10:20', '11:00', '11:40', '12:20']);
    expect(result.slots[1]).toEqual({
      start: '2026-12-08T10:20:00+01:00', end: '2026-12-08T10:50:00+01:00',
      professionalId: 'dr-lopez', professionalName: 'Dr. Elena López', serviceId: 'derm-consult', serviceName: 'Dermatology consultation',
      label: 'mar 8 dic, 10:20', localTime: '10:20', localDate: '2026-12-08',
    });
  });

  it('keeps the morning (before 12:00 in the user’s zone) when asked', async () => {
    const result = parsed(await runSkill('list_slots', { ...lopezTuesday, partOfDay: 'morning', limit: 10 }, ana));
    expect(result.slots.map((slot: { localTime: string }) => slot.localTime)).toEqual(['09:40', '10:20', '11:00', '11:40']);
  });

  it('keeps the afternoon and honours the limit', async () => {
    const result = parsed(await runSkill('list_slots', { ...lopezTuesday, partOfDay: 'afternoon', limit: 3 }, ana));
    expect(result.slots.map((slot: { localTime: string }) => slot.localTime)).toEqual(['12:20', '15:00', '15:40']);
  });

  it('labels in the user’s language', async () => {
    const result = parsed(await runSkill('list_slots', { ...lopezTuesday, limit: 2 }, { ...ana, user: { ...ana.user, locale: 'en' } }));
    expect(result.slots.map((slot: { label: string }) => slot.label)).toEqual(['Tue 8 Dec, 09:40', 'Tue 8 Dec, 10:20']);
  });

  it('shows a New York patient New York times, never the professional’s', async () => {
    const result = parsed(await runSkill('list_slots', { ...lopezTuesday, limit: 3 }, ben));
    expect(result.timeZone).toBe('America/New_York');
    expect(result.slots.map((slot: { label: string }) => slot.label)).toEqual(['Tue 8 Dec, 03:40', 'Tue 8 Dec, 04:20', 'Tue 8 Dec, 05:00']);
    expect(result.slots[0].start).toBe('2026-12-08T09:40:00+01:00');
  });

  it('reads dates and parts of the day in the user’s zone: a New York morning is a Madrid afternoon', async () => {
    const result = parsed(await runSkill('list_slots', { ...lopezTuesday, partOfDay: 'morning', limit: 10 }, ben));
    const times = result.slots.map((slot: { localTime: string }) => slot.localTime);
    expect(times).toContain('09:00');
    expect(times.every((time: string) => time < '12:00')).toBe(true);
    expect(result.slots.every((slot: { localDate: string }) => slot.localDate === '2026-12-08')).toBe(true);
  });

  it('finds the earliest times across professionals by specialty', async () => {
    const result = parsed(await runSkill('list_slots', { specialty: 'dermatology', from: '2026-12-08', to: '2026-12-08', limit: 2 }, ana));
    expect(result.slots.map((slot: { professionalId: string; localTime: string }) => `${slot.professionalId} ${slot.localTime}`)).toEqual([
      'dr-lopez 09:40', 'dr-lopez 10:20',
    ]);
    expect(result.slots[0]).not.toHaveProperty('timeZone');
  });

  it('uses the service given, and says which services a professional offers when it is not one of them', async () => {
    const moleCheck = parsed(await runSkill('list_slots', { ...lopezTuesday, serviceId: 'mole-check', limit: 1 }, ana));
    expect(moleCheck.slots[0]).toMatchObject({ serviceId: 'mole-check', serviceName: 'Mole check' });
    const failure = parsed(await runSkill('list_slots', { ...lopezTuesday, serviceId: 'gp-visit' }, ana));
    expect(failure.error.code).toBe('service_not_offered');
    expect(failure.error.hint).toContain('derm-consult, mole-check');
  });

  it('asks for a filter when none is given', async () => {
    const failure = parsed(await runSkill('list_slots', { from: '2026-12-08', to: '2026-12-08' }, ana));
    expect(failure.error).toMatchObject({ code: 'missing_filter' });
  });

  it('tells the model how to fix an unknown professional', async () => {
    const failure = parsed(await runSkill('list_slots', { ...lopezTuesday, professionalId: 'dr-nobody' }, ana));
    expect(failure.error.code).toBe('professional_not_found');
    expect(failure.error.hint).toContain('find_professionals');
  });
});

describe('intake', () => {
  it('gives the questions of the service’s domain, leaving out what the profile answers', async () => {
    const result = parsed(await runSkill('get_intake_questions', { serviceId: 'derm-consult' }, ana));
    expect(result).toEqual({
      serviceId: 'derm-consult',
      domain: 'medical',
      answeredFromProfile: ['date_of_birth'],
      fields: [
        { key: 'reason', label: 'Reason for the visit', type: 'text', required: true },
        { key: 'insurance_number', label: 'Insurance number', type: 'string', required: false, pattern: '^[A-Z0-9-]{6,20}$' },
      ],
    });
  });

  it('gives enum options for the legal domain', async () => {
    const result = parsed(await runSkill('get_intake_questions', { serviceId: 'family-law-consult' }, ana));
    expect(result.fields[0]).toMatchObject({ key: 'case_type', type: 'enum', options: ['divorce', 'custody', 'inheritance', 'other'] });
  });

  it('returns each bad answer with the reason to re-ask', async () => {
    const result = parsed(
      await runSkill('check_intake_answers', { serviceId: 'derm-consult', answers: { date_of_birth: '2030-01-01', insurance_number: 'abc' } }, ana),
    );
    expect(result.ok).toBe(false);
    expect(result.problems).toEqual([
      { field: 'reason', message: 'Reason for the visit is required.' },
      { field: 'date_of_birth', message: 'Date of birth cannot be in the future.' },
      { field: 'insurance_number', message: 'Insurance number does not have the expected format (it must match ^[A-Z0-9-]{6,20}$).' },
    ]);
  });

  it('accepts good answers', async () => {
    const result = parsed(await runSkill('check_intake_answers', { serviceId: 'derm-consult', answers: { reason: 'A rash', date_of_birth: '1988-04-12' } }, ana));
    expect(result).toEqual({ ok: true, problems: [] });
  });

  it('points to valid service ids when the service is unknown', async () => {
    const failure = parsed(await runSkill('get_intake_questions', { serviceId: 'dermatology' }, ana));
    expect(failure.error.code).toBe('service_not_found');
    expect(failure.error.hint).toContain('derm-consult');
  });
});
