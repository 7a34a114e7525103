import type { AvailabilityProfile, BusyInterval, Slot, SlotQuery, Weekday, WeeklyRule } from './slot-engine';
import { computeSlots, formatInZone } from './slot-engine';

/* Builders shared by the slot engine tests; every query has an explicit zone and a frozen `now`. */

export const MONDAY_TO_FRIDAY: Weekday[] = [1, 2, 3, 4, 5];
export const SUNDAY: Weekday = 7;

export function weekly(weekdays: Weekday[], start: string, end: string): WeeklyRule[] {
  return weekdays.map((weekday) => ({ weekday, start, end }));
}

/** The reference professional: Madrid, Mon–Fri 09:00–13:00, Mon/Tue/Thu/Fri 15:00–18:00. */
export function madridProfile(overrides: Partial<AvailabilityProfile> = {}): AvailabilityProfile {
  return {
    timeZone: 'Europe/Madrid',
    weeklyRules: [...weekly(MONDAY_TO_FRIDAY, '09:00', '13:00'), ...weekly([1, 2, 4, 5], '15:00', '18:00')],
    exceptions: [],
    bufferMinutes: 10,
    minNoticeHours: 12,
    bookingHorizonDays: 90,
    ...overrides,
  };
}

/** A query for one date with the reference service (30 min) and `now` a week earlier. */
export function queryFor(date: string, overrides: Partial<SlotQuery> = {}): SlotQuery {
  return {
    profile: madridProfile(),
    serviceMinutes: 30,
    from: date,
    to: date,
    now: new Date('2026-12-01T09:00:00Z'),
    busy: [],
    ...overrides,
  };
}

export function busyInterval(start: string, end: string, bufferMinutes: number): BusyInterval {
  return { start: new Date(start), end: new Date(end), bufferMinutes };
}

/** Slot starts formatted in `timeZone`, the way a patient there would read them. */
export function startsIn(slots: Slot[], timeZone: string): string[] {
  return slots.map((slot) => formatInZone(slot.start, timeZone));
}

/** Just the local "HH:mm" of each start, for compact expectations within one date. */
export function clockTimesIn(slots: Slot[], timeZone: string): string[] {
  return startsIn(slots, timeZone).map((text) => text.slice(11, 16));
}

export interface SundayWindow {
  timeZone: string;
  date: string;
  start: string;
  end: string;
  serviceMinutes: number;
  bufferMinutes?: number;
}

/** One Sunday (every 2026 DST change falls on one) with a single window, no notice, `now` that month. */
export function sundayQuery({
  timeZone,
  date,
  start,
  end,
  serviceMinutes,
  bufferMinutes = 0,
}: SundayWindow): SlotQuery {
  return {
    profile: {
      timeZone,
      weeklyRules: weekly([SUNDAY], start, end),
      exceptions: [],
      bufferMinutes,
      minNoticeHours: 0,
      bookingHorizonDays: 90,
    },
    serviceMinutes,
    from: date,
    to: date,
    now: new Date(`${date.slice(0, 8)}01T00:00:00Z`),
    busy: [],
  };
}

/** Real minutes between consecutive offered starts. */
export function minutesBetweenStarts(query: SlotQuery): number[] {
  const starts = computeSlots(query).map((slot) => slot.start.getTime());
  return starts.slice(1).map((start, index) => (start - starts[index]!) / 60_000);
}
