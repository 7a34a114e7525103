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

describe('get_my_confirmation', () => {
  it('answers the confirmation of the next approved appointment, made once and then found in the documents', async () => {
    // Ben's seeded approval came before any documents: the first call makes it.
    const first = parsed(await runSkill('get_my_confirmation', {}, ben));
    expect(first.appointment).toMatchObject({ id: 'appt-seed-1', status: 'approved', professionalName: 'Dr. Elena López' });
    expect(first.document.title).toBe('Appointment confirmation');
    expect(first.generatedNow).toBe(true);
    const again = parsed(await runSkill('get_my_confirmation', { appointmentId: 'appt-seed-1' }, ben));
    expect(again).toMatchObject({ document: { id: first.document.id }, generatedNow: false });
    const documents = await test.app.inject({ url: '/api/v1/documents', headers: await test.as('patient-ben') });
    expect(documents.json().filter((document: { templateKey: string }) => document.templateKey === 'appointment-confirmation')).toHaveLength(1);
  });

  it('says how to go on when there is no approved appointment, or it is someone else\'s', async () => {
    expect(parsed(await runSkill('get_my_confirmation', {}, ana)).error.code).toBe('no_approved_appointment');
    expect(parsed(await runSkill('get_my_confirmation', { appointmentId: 'appt-seed-1' }, ana)).error).toMatchObject({
      code: 'no_approved_appointment', hint: expect.stringContaining('list_my_appointments'),
    });
  });
});
