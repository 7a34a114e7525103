import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import {
  dayOfMonth,
  isRealIsoDate,
  isoDate,
  localToday,
  mondayOfWeek,
  upcomingWeekday,
  weekdayOfIsoDate,
  zoneOffsetMinutes,
} from './calendar';

const now = new Date('2026-12-01T09:00:00Z');
const today = localToday(now, 'Europe/Madrid');

describe('localToday', () => {
  it('uses the local date of the zone, not UTC', () => {
    expect(isoDate(today)).toBe('2026-12-01');
    expect(isoDate(localToday(new Date('2026-12-01T23:30:00Z'), 'Europe/Madrid'))).toBe('2026-12-02');
    expect(isoDate(localToday(new Date('2026-12-01T05:00:00Z'), 'America/Los_Angeles'))).toBe('2026-11-30');
  });

  it('rejects an unknown zone', () => {
    expect(() => localToday(now, 'Mars/Olympus')).toThrow(RangeError);
  });
});

describe('zoneOffsetMinutes', () => {
  it('follows daylight saving time', () => {
    expect(zoneOffsetMinutes(now, 'Europe/Madrid')).toBe(60);
    expect(zoneOffsetMinutes(new Date('2026-07-01T09:00:00Z'), 'Europe/Madrid')).toBe(120);
  });
});

describe('upcomingWeekday', () => {
  it('can include or skip today', () => {
    expect(isoDate(upcomingWeekday(today, 2, { includeToday: true }))).toBe('2026-12-01');
    expect(isoDate(upcomingWeekday(today, 2, { includeToday: false }))).toBe('2026-12-08');
    expect(isoDate(upcomingWeekday(today, 4, { includeToday: false }))).toBe('2026-12-03');
  });
});

describe('mondayOfWeek', () => {
  it('finds this and next Monday', () => {
    expect(isoDate(mondayOfWeek(today, 0))).toBe('2026-11-30');
    expect(isoDate(mondayOfWeek(today, 1))).toBe('2026-12-07');
  });
});

describe('dayOfMonth', () => {
  it('returns null for days the month lacks', () => {
    expect(isoDate(dayOfMonth(today, 8, 0) ?? today)).toBe('2026-12-08');
    expect(isoDate(dayOfMonth(today, 3, 1) ?? today)).toBe('2027-01-03');
    expect(dayOfMonth(DateTime.fromISO('2026-11-10'), 31, 0)).toBeNull();
  });
});

describe('isRealIsoDate and weekdayOfIsoDate', () => {
  it('validate dates and name their weekday', () => {
    expect(isRealIsoDate('2026-02-28')).toBe(true);
    expect(isRealIsoDate('2026-02-30')).toBe(false);
    expect(isRealIsoDate('28/02/2026')).toBe(false);
    expect(weekdayOfIsoDate('2026-12-08')).toBe(2);
    expect(weekdayOfIsoDate('nonsense')).toBeNull();
  });
});
