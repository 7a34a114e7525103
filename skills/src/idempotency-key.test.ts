import { describe, expect, it } from 'vitest';
import { idempotencyKeyFor } from './idempotency-key';

describe('idempotencyKeyFor', () => {
  const input = { professionalId: 'dr-lopez', serviceId: 'derm-consult', start: '2026-12-08T10:20:00+01:00', intake: { reason: 'Rash', date_of_birth: '1988-04-12' } };

  it('is the same for the same user and input, whatever the key order', () => {
    const reordered = { intake: { date_of_birth: '1988-04-12', reason: 'Rash' }, start: input.start, serviceId: 'derm-consult', professionalId: 'dr-lopez' };
    expect(idempotencyKeyFor({ userId: 'patient-ana', skill: 'request_appointment', input })).toBe(
      idempotencyKeyFor({ userId: 'patient-ana', skill: 'request_appointment', input: reordered }),
    );
  });

  it('differs by user, by input and by the booking it replaces, and fits the header', () => {
    const key = idempotencyKeyFor({ userId: 'patient-ana', skill: 'request_appointment', input });
    expect(idempotencyKeyFor({ userId: 'patient-ben', skill: 'request_appointment', input })).not.toBe(key);
    expect(idempotencyKeyFor({ userId: 'patient-ana', skill: 'request_appointment', input: { ...input, start: '2026-12-08T11:00:00+01:00' } })).not.toBe(key);
    expect(idempotencyKeyFor({ userId: 'patient-ana', skill: 'request_appointment', input, replaced: 'appt-1' })).not.toBe(key);
    expect(key.length).toBeLessThanOrEqual(200);
  });
});
