import { describe, it, expect } from 'vitest';
import { computeSlots, formatInZone, localDate, validateTimeZone } from './slot-engine';
import { startsIn, weekly } from './slot-test-fixtures';
import { wallClockToInstant } from './zone-clock';

const wall = (isoLocal: string) => Date.parse(`${isoLocal}Z`);
const iso = (instant: number) => new Date(instant).toISOString();

describe('formatInZone', () => {
  it('prints local time with seconds and a numeric offset', () => {
    const instant = new Date('2026-12-08T08:40:00Z');
    expect(formatInZone(instant, 'Europe/Madrid')).toBe('2026-12-08T09:40:00+01:00');
    expect(formatInZone(new Date('2026-07-08T08:40:00Z'), 'Europe/Madrid')).toBe('2026-07-08T10:40:00+02:00');
    expect(formatInZone(instant, 'America/New_York')).toBe('2026-12-08T03:40:00-05:00');
    expect(formatInZone(instant, 'Asia/Kolkata')).toBe('2026-12-08T14:10:00+05:30');
    expect(formatInZone(instant, 'America/St_Johns')).toBe('2026-12-08T05:10:00-03:30');
  });

  it('never uses "Z", not even for UTC, and drops milliseconds', () => {
    const instant = new Date('2026-12-08T08:40:12.345Z');
    expect(formatInZone(instant, 'UTC')).toBe('2026-12-08T08:40:12+00:00');
    expect(formatInZone(instant, 'Europe/London')).toBe('2026-12-08T08:40:12+00:00');
  });

  it('throws a RangeError for an invalid zone or date', () => {
    expect(() => formatInZone(new Date(), 'Mars/Olympus_Mons')).toThrow(RangeError);
    expect(() => formatInZone(new Date(Number.NaN), 'Europe/Madrid')).toThrow(RangeError);
  });
});

describe('localDate', () => {
  it('gives the calendar date in the zone, which may differ from the UTC date', () => {
    const lateEvening = new Date('2026-12-08T23:30:00Z');
    expect(localDate(lateEvening, 'Europe/Madrid')).toBe('2026-12-09');
    expect(localDate(lateEvening, 'America/New_York')).toBe('2026-12-08');
    expect(localDate(new Date('2026-12-08T10:30:00Z'), 'Pacific/Kiritimati')).toBe('2026-12-09');
    expect(localDate(new Date('2026-12-08T10:30:00Z'), 'Pacific/Pago_Pago')).toBe('2026-12-07');
  });
});

describe('validateTimeZone', () => {
  it('accepts IANA names and rejects anything else', () => {
    for (const zone of ['Europe/Madrid', 'America/Argentina/Buenos_Aires', 'UTC', 'Asia/Kathmandu']) {
      expect(validateTimeZone(zone)).toBe(true);
    }
    for (const zone of ['', 'Mars/Olympus_Mons', '+01:00', 'UTC+1', 'Madrid']) {
      expect(validateTimeZone(zone)).toBe(false);
    }
  });
});

describe('wallClockToInstant DST policy', () => {
  it('moves a missing wall time to the first valid instant, not by the gap length', () => {
    expect(iso(wallClockToInstant('Europe/Madrid', wall('2026-03-29T02:30:00')))).toBe(
      '2026-03-29T01:00:00.000Z',
    );
    expect(iso(wallClockToInstant('America/New_York', wall('2026-03-08T02:59:00')))).toBe(
      '2026-03-08T07:00:00.000Z',
    );
    // Lord Howe Island springs forward by half an hour, 02:00 -> 02:30 (+10:30 -> +11:00).
    expect(iso(wallClockToInstant('Australia/Lord_Howe', wall('2026-10-04T02:15:00')))).toBe(
      '2026-10-03T15:30:00.000Z',
    );
  });

  it('reads a repeated wall time with the earlier offset, in every zone', () => {
    expect(iso(wallClockToInstant('Europe/Madrid', wall('2026-10-25T02:30:00')))).toBe(
      '2026-10-25T00:30:00.000Z',
    );
    expect(iso(wallClockToInstant('America/New_York', wall('2026-11-01T01:30:00')))).toBe(
      '2026-11-01T05:30:00.000Z',
    );
    expect(iso(wallClockToInstant('Australia/Sydney', wall('2026-04-05T02:30:00')))).toBe(
      '2026-04-04T15:30:00.000Z',
    );
    expect(iso(wallClockToInstant('Australia/Lord_Howe', wall('2026-04-05T01:45:00')))).toBe(
      '2026-04-04T14:45:00.000Z',
    );
  });

  it('converts ordinary wall times on transition days exactly', () => {
    expect(iso(wallClockToInstant('Europe/Madrid', wall('2026-03-29T01:59:00')))).toBe(
      '2026-03-29T00:59:00.000Z',
    );
    expect(iso(wallClockToInstant('Europe/Madrid', wall('2026-03-29T03:00:00')))).toBe(
      '2026-03-29T01:00:00.000Z',
    );
    expect(iso(wallClockToInstant('Europe/Madrid', wall('2026-10-25T03:00:00')))).toBe(
      '2026-10-25T02:00:00.000Z',
    );
  });
});

describe('a midnight transition (America/Santiago springs forward 00:00 -> 01:00 on 2026-09-06)', () => {
  it('ends a "24:00" window at the transition and starts a "00:00" window at 01:00', () => {
    const slots = computeSlots({
      profile: {
        timeZone: 'America/Santiago',
        weeklyRules: [...weekly([6], '22:00', '24:00'), ...weekly([7], '00:00', '02:00')],
        exceptions: [],
        bufferMinutes: 0,
        minNoticeHours: 0,
        bookingHorizonDays: 30,
      },
      serviceMinutes: 60,
      from: '2026-09-05',
      to: '2026-09-06',
      now: new Date('2026-09-01T00:00:00Z'),
      busy: [],
    });
    expect(startsIn(slots, 'America/Santiago')).toEqual([
      '2026-09-05T22:00:00-04:00',
      '2026-09-05T23:00:00-04:00',
      '2026-09-06T01:00:00-03:00',
    ]);
  });
});
