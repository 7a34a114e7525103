import {
  bookableDays,
  isStartOffered,
  parseDateRange,
  prepareSlotRules,
  slotStartsOnDay,
} from './slot-rules';
import { instantOf } from './zone-clock';

/*
 * The pure slot engine: which appointment starts a professional offers. No I/O and no clock; the
 * caller passes `now`. All rules are read in the professional's IANA zone:
 * - a date's open windows are its weekly rules, unless the date has exceptions (closed, or
 *   replacement hours; several rows add up and any closed row closes the day);
 * - candidates start at each window's start and repeat every serviceMinutes + bufferMinutes of real
 *   elapsed time (so a window spanning a DST change yields an hour more or less of candidates);
 * - a candidate is offered when start + serviceMinutes <= window end (the buffer may run past it),
 *   now + minNoticeHours <= start <= now + bookingHorizonDays calendar days, and
 *   [start, end + bufferMinutes) overlaps no [busy.start, busy.end + busy.bufferMinutes);
 *   intervals are half-open, so touching is not overlapping.
 * Wall times missing in a spring-forward gap move to the first valid instant; wall times repeated
 * by a fall-back take the earlier offset (see wallClockToInstant in zone-clock.ts).
 */

export { earliestSlots } from './earliest-slots';
export { formatInZone, localDate, validateTimeZone } from './zone-clock';

/** ISO weekday, 1 = Monday … 7 = Sunday. */
export type Weekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

/** Recurring opening hours: "HH:mm" local wall-clock times, end after start ("24:00" allowed as end). */
export interface WeeklyRule {
  weekday: Weekday;
  start: string;
  end: string;
}

/** A dated override: closed, or replacement hours (`start`/`end` required when not closed). */
export interface DateException {
  date: string;
  closed: boolean;
  start?: string;
  end?: string;
}

/** An existing appointment; it blocks [start, end + bufferMinutes). */
export interface BusyInterval {
  start: Date;
  end: Date;
  bufferMinutes: number;
}

export interface AvailabilityProfile {
  timeZone: string;
  weeklyRules: WeeklyRule[];
  exceptions: DateException[];
  /** Rest after each new appointment, in minutes. */
  bufferMinutes: number;
  minNoticeHours: number;
  bookingHorizonDays: number;
}

export interface SlotQuery {
  profile: AvailabilityProfile;
  serviceMinutes: number;
  /** First local date, "YYYY-MM-DD". */
  from: string;
  /** Last local date, "YYYY-MM-DD", inclusive. */
  to: string;
  now: Date;
  busy: BusyInterval[];
}

/** An offered appointment; `end` excludes the buffer. */
export interface Slot {
  start: Date;
  end: Date;
}

/**
 * Every offered slot between two local dates (inclusive), sorted by start.
 * Throws a RangeError for an invalid zone, malformed time or date, from > to, or serviceMinutes <= 0.
 * @example
 * computeSlots({
 *   profile: { timeZone: 'Europe/Madrid', weeklyRules: [{ weekday: 2, start: '09:00', end: '10:00' }],
 *     exceptions: [], bufferMinutes: 10, minNoticeHours: 12, bookingHorizonDays: 90 },
 *   serviceMinutes: 30, from: '2026-12-08', to: '2026-12-08', now: new Date('2026-12-01T09:00:00Z'), busy: [],
 * }); // [{ start: 2026-12-08T08:00:00Z, end: 2026-12-08T08:30:00Z }] (09:00 Madrid; 09:40 would end 10:10)
 */
export function computeSlots(query: SlotQuery): Slot[] {
  const rules = prepareSlotRules(query);
  const { fromDay, toDay } = parseDateRange(query.from, query.to);
  const { first, last } = bookableDays(rules, fromDay, toDay);
  const slots: Slot[] = [];
  for (let epochDay = first; epochDay <= last; epochDay++) {
    for (const start of slotStartsOnDay(rules, epochDay)) {
      slots.push({ start: new Date(start), end: new Date(start + rules.serviceLength) });
    }
  }
  return slots;
}

/**
 * Whether `start` is an offered slot under the same rule as computeSlots; use it to validate a
 * booking request. False for a start off the window's step grid, too soon, past the horizon,
 * overlapping busy time or on a closed day.
 * @example
 * isSlotOffered({ profile, serviceMinutes: 30, now: new Date('2026-12-01T09:00:00Z'), busy: [] },
 *   new Date('2026-12-08T08:40:00Z')); // true when 09:40 Madrid is on the grid of an open window
 */
export function isSlotOffered(query: Omit<SlotQuery, 'from' | 'to'>, start: Date): boolean {
  const rules = prepareSlotRules(query);
  return isStartOffered(rules, instantOf(start, 'start'));
}
