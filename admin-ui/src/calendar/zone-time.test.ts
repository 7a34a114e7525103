import { describe, expect, it } from 'vitest';
import { addDays, formatTime, isCalendarDate, isoInZone, localDateOf, mondayOf, zonedInstant } from './zone-time';

describe('times in a professional\'s zone', () => {
  it('finds local midnight on either side of a DST change, with the offset core-api writes', () => {
    expect(isoInZone(zonedInstant('2026-10-19', '00:00', 'Europe/Madrid'), 'Europe/Madrid')).toBe('2026-10-19T00:00:00+02:00');
    expect(isoInZone(zonedInstant('2026-10-26', '00:00', 'Europe/Madrid'), 'Europe/Madrid')).toBe('2026-10-26T00:00:00+01:00');
    expect(zonedInstant('2026-03-30', '00:00', 'Europe/Madrid').toISOString()).toBe('2026-03-29T22:00:00.000Z');
    expect(isoInZone(zonedInstant('2026-11-02', '00:00', 'America/New_York'), 'America/New_York')).toBe('2026-11-02T00:00:00-05:00');
    expect(isoInZone(zonedInstant('2026-10-20', '24:00', 'Asia/Kolkata'), 'Asia/Kolkata')).toBe('2026-10-21T00:00:00+05:30');
    // 02:30 does not exist in Madrid on 29 March 2026: it lands after the jump.
    expect(isoInZone(zonedInstant('2026-03-29', '02:30', 'Europe/Madrid'), 'Europe/Madrid')).toBe('2026-03-29T03:30:00+02:00');
  });

  it('reads dates and times on the professional\'s clocks, not the browser\'s', () => {
    expect(localDateOf('2026-10-21T03:00:00Z', 'Europe/Madrid')).toBe('2026-10-21');
    expect(localDateOf('2026-10-21T03:00:00Z', 'America/New_York')).toBe('2026-10-20');
    expect(formatTime('2026-10-25T09:00:00Z', 'Europe/Madrid')).toBe('10:00');
    expect(formatTime('2026-10-25T09:00:00Z', 'America/New_York')).toBe('05:00');
    expect(mondayOf('2026-10-25')).toBe('2026-10-19');
    expect(mondayOf('2026-10-26')).toBe('2026-10-26');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect([isCalendarDate('2026-02-28'), isCalendarDate('2026-02-30'), isCalendarDate('28/02/2026')]).toEqual([true, false, false]);
  });
});
