import { CoreApiError } from '@consulta/core-api/client';
import { describe, expect, it } from 'vitest';
import { toSkillFailure } from './skill-failure';

const apiError = (status: number, code: string, details?: unknown) => new CoreApiError(status, code, `core-api said ${code}`, details);

describe('toSkillFailure', () => {
  it('tells the model what to do for each known refusal', () => {
    expect(toSkillFailure(apiError(409, 'slot_unavailable'), 'request_appointment').error.hint).toBe(
      'That time was just taken. Call list_slots again and offer the new times.',
    );
    expect(toSkillFailure(apiError(409, 'cutoff_passed'), 'cancel_appointment').error.hint).toContain('contact the practice');
    expect(toSkillFailure(apiError(400, 'service_not_offered', { offered: ['derm-consult', 'mole-check'] }), 'request_appointment').error.hint).toBe(
      'Use a serviceId this professional offers: derm-consult, mole-check.',
    );
    expect(toSkillFailure(apiError(404, 'appointment_not_found'), 'reschedule_appointment').error.hint).toContain("among the user's own");
  });

  it('lists the intake fields to re-ask, with their reasons', () => {
    const failure = toSkillFailure(apiError(400, 'invalid_intake', [{ field: 'reason', message: 'Reason for the visit is required.' }]), 'request_appointment');
    expect(failure.error).toMatchObject({ code: 'invalid_intake', message: 'core-api said invalid_intake' });
    expect(failure.error.hint).toContain('- reason: Reason for the visit is required.');
  });

  it('falls back on the status, then on a retry-once hint', () => {
    expect(toSkillFailure(apiError(403, 'forbidden'), 'cancel_appointment').error.hint).toContain('Do not retry');
    expect(toSkillFailure(apiError(500, 'internal_error'), 'list_slots').error.hint).toBe(
      'The service failed. Call list_slots once more; if it fails again, apologise and offer handoff_to_human.',
    );
  });

  it('keeps an unexpected error’s text out of the tool message', () => {
    const failure = toSkillFailure(new Error('password=hunter2'), 'list_slots');
    expect(JSON.stringify(failure)).not.toContain('hunter2');
    expect(failure.error.code).toBe('internal_error');
  });
});
