import { describe, it, expect } from 'vitest';
import {
  computeSlots,
  isSlotOffered,
  type DateException,
  type SlotQuery,
  type WeeklyRule,
} from './slot-engine';
import { busyInterval, madridProfile, queryFor } from './slot-test-fixtures';

const valid = queryFor('2026-12-08');

function withRule(rule: Partial<WeeklyRule>): SlotQuery {
  return {
    ...valid,
    profile: madridProfile({ weeklyRules: [{ weekday: 2, start: '09:00', end: '13:00', ...rule }] }),
  };
}

function withException(exception: Partial<DateException>): SlotQuery {
  return {
    ...valid,
    profile: madridProfile({ exceptions: [{ date: '2026-12-08', closed: false, ...exception }] }),
  };
}

function expectRangeError(query: SlotQuery, message: RegExp): void {
  expect(() => computeSlots(query)).toThrow(RangeError);
  expect(() => computeSlots(query)).toThrow(message);
}

describe('input validation', () => {
  it('accepts the valid baseline', () => {
    expect(computeSlots(valid).length).toBeGreaterThan(0);
  });

  it('rejects an invalid time zone', () => {
    expectRangeError(
      { ...valid, profile: madridProfile({ timeZone: 'Mars/Olympus_Mons' }) },
      /profile\.timeZone .*IANA/,
    );
    expectRangeError({ ...valid, profile: madridProfile({ timeZone: '' }) }, /profile\.timeZone/);
  });

  it.each(['9:00', '25:00', '12:60', '24:00', 'noon', '09:00:30', ''])(
    'rejects the start time %j',
    (start) => {
      expectRangeError(withRule({ start }), /profile\.weeklyRules\[0\]\.start must be a time "HH:mm"/);
    },
  );

  it.each(['24:01', '9:30', '13:00 '])('rejects the end time %j', (end) => {
    expectRangeError(withRule({ end }), /profile\.weeklyRules\[0\]\.end/);
  });

  it('rejects a window that does not end after it starts, or a weekday outside 1-7', () => {
    expectRangeError(withRule({ start: '13:00', end: '09:00' }), /must end after it starts/);
    expectRangeError(withRule({ start: '09:00', end: '09:00' }), /must end after it starts/);
    expectRangeError(withRule({ weekday: 0 as never }), /weekday must be an ISO weekday/);
    expectRangeError(withRule({ weekday: 8 as never }), /weekday must be an ISO weekday/);
  });

  it('rejects malformed exceptions', () => {
    expectRangeError(
      withException({ date: '2026-02-30', closed: true }),
      /exceptions\[0\]\.date .*YYYY-MM-DD/,
    );
    expectRangeError(withException({ date: '2026-2-3', closed: true }), /exceptions\[0\]\.date/);
    expectRangeError(withException({ start: '10:00' }), /exceptions\[0\]\.end/);
    expectRangeError(withException({ start: '10:00', end: '08:00' }), /must end after it starts/);
  });

  it.each([
    ['2026-13-01', '2026-12-08', /from must be a calendar date/],
    ['2026-12-08', '08/12/2026', /to must be a calendar date/],
    ['2026-12-09', '2026-12-08', /from \(2026-12-09\) must not be after to \(2026-12-08\)/],
  ])('rejects the range %s..%s', (from, to, message) => {
    expectRangeError({ ...valid, from, to }, message);
  });

  it.each([0, -30, 1.5, Number.NaN])('rejects serviceMinutes %s', (serviceMinutes) => {
    expectRangeError({ ...valid, serviceMinutes }, /serviceMinutes must be a whole number >= 1/);
    expect(() => isSlotOffered({ ...valid, serviceMinutes }, new Date('2026-12-08T08:40:00Z'))).toThrow(
      RangeError,
    );
  });

  it('rejects negative or non-numeric profile numbers', () => {
    expectRangeError({ ...valid, profile: madridProfile({ bufferMinutes: -5 }) }, /profile\.bufferMinutes/);
    expectRangeError({ ...valid, profile: madridProfile({ minNoticeHours: -1 }) }, /profile\.minNoticeHours/);
    expectRangeError(
      { ...valid, profile: madridProfile({ bookingHorizonDays: 1.5 }) },
      /profile\.bookingHorizonDays/,
    );
  });

  it('rejects an invalid now, start or busy interval', () => {
    expectRangeError({ ...valid, now: new Date('not a date') }, /now must be a valid Date/);
    expect(() => isSlotOffered(valid, new Date(Number.NaN))).toThrow(/start must be a valid Date/);
    const backwards = busyInterval('2026-12-08T10:00:00Z', '2026-12-08T09:00:00Z', 0);
    expectRangeError({ ...valid, busy: [backwards] }, /busy\[0\] ends before it starts/);
    const negativeBuffer = busyInterval('2026-12-08T09:00:00Z', '2026-12-08T10:00:00Z', -10);
    expectRangeError({ ...valid, busy: [negativeBuffer] }, /busy\[0\]\.bufferMinutes/);
  });
});
