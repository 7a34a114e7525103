import { describe, expect, it } from 'vitest';
import { isBeforeCutoff, isRequestDue, nextStatus, type AppointmentStatus, type Transition } from './workflow';

describe('status workflow', () => {
  const cases: Array<[AppointmentStatus, Transition, AppointmentStatus | null]> = [
    ['requested', 'approve', 'approved'],
    ['requested', 'decline', 'declined'],
    ['requested', 'expire', 'expired'],
    ['requested', 'cancel', 'cancelled'],
    ['requested', 'reschedule', 'rescheduled'],
    ['requested', 'complete', null],
    ['approved', 'cancel', 'cancelled'],
    ['approved', 'reschedule', 'rescheduled'],
    ['approved', 'complete', 'completed'],
    ['approved', 'no_show', 'no_show'],
    ['approved', 'approve', null],
    ['approved', 'decline', null],
    ['declined', 'approve', null],
    ['cancelled', 'cancel', null],
    ['rescheduled', 'cancel', null],
    ['completed', 'no_show', null],
    ['expired', 'approve', null],
  ];
  it.each(cases)('%s --%s--> %s', (from, transition, to) => {
    expect(nextStatus(from, transition)).toBe(to);
  });
});

describe('cutoff and expiry', () => {
  const start = new Date('2026-12-08T09:00:00Z');
  it('allows a patient change up to the cutoff, not after', () => {
    expect(isBeforeCutoff(start, 24, new Date('2026-12-07T09:00:00Z'))).toBe(true);
    expect(isBeforeCutoff(start, 24, new Date('2026-12-07T09:00:01Z'))).toBe(false);
  });
  it('expires a request after the expiry time or at its start', () => {
    const createdAt = new Date('2026-12-01T09:00:00Z');
    expect(isRequestDue({ createdAt, start }, 48, new Date('2026-12-03T08:59:59Z'))).toBe(false);
    expect(isRequestDue({ createdAt, start }, 48, new Date('2026-12-03T09:00:00Z'))).toBe(true);
    expect(isRequestDue({ createdAt, start }, 1000, start)).toBe(true);
  });
});
