import type { DateException, SlotQuery, WeeklyRule } from './slot-engine';
import { buildBusyTimeline, firstSpanEndingAfter, overlapsBusy, type BusyTimeline } from './busy-timeline';
import {
  isoWeekday,
  MILLISECONDS_PER_DAY,
  MILLISECONDS_PER_HOUR,
  MILLISECONDS_PER_MINUTE,
  parseCalendarDate,
  clockTimeMinutes,
  invalidClockTime,
} from './calendar';
import {
  assertTimeZone,
  instantOf,
  instantToWallClock,
  localEpochDay,
  wallClockToInstant,
} from './zone-clock';

/*
 * The availability rule, compiled once per query into numbers so that the per-candidate work is
 * millisecond arithmetic. computeSlots and isSlotOffered both go through this file, which is what
 * keeps them in agreement.
 */

/** Local minutes since midnight; the end may be 1440 ("24:00"). */
interface ClockWindow {
  startMinute: number;
  endMinute: number;
}

/** An open window as instants (epoch milliseconds), half-open [start, end). */
export interface InstantWindow {
  start: number;
  end: number;
}

export type RuleQuery = Omit<SlotQuery, 'from' | 'to'>;

/** A validated query. Lengths are in milliseconds, instants in epoch milliseconds. */
export interface SlotRules {
  readonly timeZone: string;
  /** Indexed by ISO weekday; index 0 is unused. */
  readonly weeklyWindows: readonly (readonly ClockWindow[])[];
  /** Epoch day to its replacement windows; an empty list means closed. */
  readonly exceptionWindows: ReadonlyMap<number, readonly ClockWindow[]>;
  readonly serviceLength: number;
  /** Candidate spacing, which is also what a candidate occupies: the service plus its trailing buffer. */
  readonly stepLength: number;
  readonly earliestStart: number;
  readonly latestStart: number;
  readonly busy: BusyTimeline;
}

/** Validates a query (RangeError on bad input) and precomputes everything the sweep needs. */
export function prepareSlotRules(query: RuleQuery): SlotRules {
  const profile = query?.profile;
  if (typeof profile !== 'object' || profile === null)
    throw new RangeError('profile must be an availability profile');
  assertTimeZone(profile.timeZone, 'profile.timeZone');
  const serviceMinutes = wholeNumber(query.serviceMinutes, 'serviceMinutes', 1);
  const bufferMinutes = wholeNumber(profile.bufferMinutes, 'profile.bufferMinutes', 0);
  const minNoticeHours = finiteNumber(profile.minNoticeHours, 'profile.minNoticeHours');
  const horizonDays = wholeNumber(profile.bookingHorizonDays, 'profile.bookingHorizonDays', 0);
  const now = instantOf(query.now, 'now');
  return {
    timeZone: profile.timeZone,
    weeklyWindows: indexWeeklyRules(profile.weeklyRules),
    exceptionWindows: indexExceptions(profile.exceptions),
    serviceLength: serviceMinutes * MILLISECONDS_PER_MINUTE,
    stepLength: (serviceMinutes + bufferMinutes) * MILLISECONDS_PER_MINUTE,
    earliestStart: now + minNoticeHours * MILLISECONDS_PER_HOUR,
    latestStart: horizonEnd(profile.timeZone, now, horizonDays),
    busy: buildBusyTimeline(query.busy),
  };
}

// The horizon counts calendar days in the professional's zone, so it keeps its wall-clock time
// across a DST change instead of drifting by an hour.
function horizonEnd(timeZone: string, now: number, days: number): number {
  return wallClockToInstant(timeZone, instantToWallClock(timeZone, now) + days * MILLISECONDS_PER_DAY);
}

function wholeNumber(value: unknown, label: string, minimum: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < minimum) {
    throw new RangeError(`${label} must be a whole number >= ${minimum}, got ${String(value)}`);
  }
  return value;
}

function finiteNumber(value: unknown, label: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new RangeError(`${label} must be a number >= 0, got ${String(value)}`);
  }
  return value;
}

// The label (`${list}[${index}]`) is only built for an error message: this runs for every rule of
// every query.
function clockWindow(start: unknown, end: unknown, list: string, index: number): ClockWindow {
  const startMinute = clockTimeMinutes(start, false);
  if (startMinute === undefined) throw invalidClockTime(`${list}[${index}].start`, start, false);
  const endMinute = clockTimeMinutes(end, true);
  if (endMinute === undefined) throw invalidClockTime(`${list}[${index}].end`, end, true);
  if (endMinute <= startMinute) {
    throw new RangeError(`${list}[${index}] must end after it starts (windows never wrap past midnight)`);
  }
  return { startMinute, endMinute };
}

function requireArray<Item>(value: readonly Item[], label: string): readonly Item[] {
  if (!Array.isArray(value)) throw new RangeError(`${label} must be an array`);
  return value;
}

function byStartMinute(first: ClockWindow, second: ClockWindow): number {
  return first.startMinute - second.startMinute;
}

function indexWeeklyRules(rules: readonly WeeklyRule[]): ClockWindow[][] {
  const windows: ClockWindow[][] = Array.from({ length: 8 }, () => []);
  requireArray(rules, 'profile.weeklyRules').forEach((rule, index) => {
    const weekday: unknown = rule?.weekday;
    if (typeof weekday !== 'number' || !Number.isInteger(weekday) || weekday < 1 || weekday > 7) {
      throw new RangeError(
        `profile.weeklyRules[${index}].weekday must be an ISO weekday 1 (Monday) to 7 (Sunday), got ${String(weekday)}`,
      );
    }
    windows[weekday]!.push(clockWindow(rule.start, rule.end, 'profile.weeklyRules', index));
  });
  for (const dayWindows of windows) dayWindows.sort(byStartMinute);
  return windows;
}

// Several rows may share a date: their hours add up, and any closed row closes the whole day.
function indexExceptions(exceptions: readonly DateException[]): Map<number, ClockWindow[]> {
  const windows = new Map<number, ClockWindow[]>();
  const closedDays = new Set<number>();
  requireArray(exceptions, 'profile.exceptions').forEach((exception, index) => {
    const label = `profile.exceptions[${index}]`;
    const epochDay = parseCalendarDate(exception?.date, `${label}.date`);
    if (typeof exception.closed !== 'boolean') throw new RangeError(`${label}.closed must be a boolean`);
    if (exception.closed) closedDays.add(epochDay);
    else
      windows.set(epochDay, [
        ...(windows.get(epochDay) ?? []),
        clockWindow(exception.start, exception.end, 'profile.exceptions', index),
      ]);
  });
  for (const epochDay of closedDays) windows.set(epochDay, []);
  for (const dayWindows of windows.values()) dayWindows.sort(byStartMinute);
  return windows;
}

/** The open windows of a local date, as instants; each bound is converted once per day. */
export function windowsOnDay(rules: SlotRules, epochDay: number): InstantWindow[] {
  const clockWindows =
    rules.exceptionWindows.get(epochDay) ?? rules.weeklyWindows[isoWeekday(epochDay)] ?? [];
  const midnight = epochDay * MILLISECONDS_PER_DAY;
  return clockWindows.map((window) => ({
    start: wallClockToInstant(rules.timeZone, midnight + window.startMinute * MILLISECONDS_PER_MINUTE),
    end: wallClockToInstant(rules.timeZone, midnight + window.endMinute * MILLISECONDS_PER_MINUTE),
  }));
}

/** Epoch days of an inclusive "YYYY-MM-DD" range; RangeError when malformed or reversed. */
export function parseDateRange(from: string, to: string): { fromDay: number; toDay: number } {
  const fromDay = parseCalendarDate(from, 'from');
  const toDay = parseCalendarDate(to, 'to');
  if (fromDay > toDay) throw new RangeError(`from (${from}) must not be after to (${to})`);
  return { fromDay, toDay };
}

/** The local dates worth computing: outside them every start is too soon or beyond the horizon. */
export function bookableDays(
  rules: SlotRules,
  fromDay: number,
  toDay: number,
): { first: number; last: number } {
  return {
    first: Math.max(fromDay, localEpochDay(rules.timeZone, rules.earliestStart)),
    last: Math.min(toDay, localEpochDay(rules.timeZone, rules.latestStart)),
  };
}

/** Offered starts (epoch milliseconds) on one local date, ascending and without duplicates. */
export function slotStartsOnDay(rules: SlotRules, epochDay: number): number[] {
  const starts: number[] = [];
  for (const window of windowsOnDay(rules, epochDay)) appendWindowStarts(rules, window, starts);
  // Only overlapping weekly rules or exceptions can break the order; then normalise.
  return isStrictlyAscending(starts) ? starts : [...new Set(starts)].sort((first, second) => first - second);
}

function isStrictlyAscending(values: readonly number[]): boolean {
  for (let index = 1; index < values.length; index++) if (values[index]! <= values[index - 1]!) return false;
  return true;
}

/** The first start on the window's grid (origin + k * step, k >= 0) at or after `bound`. */
function firstGridStartAtOrAfter(origin: number, bound: number, stepLength: number): number {
  return bound <= origin ? origin : origin + Math.ceil((bound - origin) / stepLength) * stepLength;
}

function appendWindowStarts(rules: SlotRules, window: InstantWindow, starts: number[]): void {
  const { busy, stepLength } = rules;
  const lastStart = Math.min(window.end - rules.serviceLength, rules.latestStart);
  let start = firstGridStartAtOrAfter(window.start, rules.earliestStart, stepLength);
  let busyIndex = firstSpanEndingAfter(busy, start);
  while (start <= lastStart) {
    while (busyIndex < busy.ends.length && busy.ends[busyIndex]! <= start) busyIndex++;
    const busyStart = busy.starts[busyIndex];
    if (busyStart !== undefined && busyStart < start + stepLength) {
      // Every grid start before this busy span ends overlaps it, so skip them all at once.
      start = firstGridStartAtOrAfter(window.start, busy.ends[busyIndex]!, stepLength);
    } else {
      starts.push(start);
      start += stepLength;
    }
  }
}

/** The same rule as slotStartsOnDay, for a single start. */
export function isStartOffered(rules: SlotRules, start: number): boolean {
  if (start < rules.earliestStart || start > rules.latestStart) return false;
  // A start always falls on the local date of its window, since windows never cross midnight.
  const onGrid = windowsOnDay(rules, localEpochDay(rules.timeZone, start)).some(
    (window) =>
      start >= window.start &&
      (start - window.start) % rules.stepLength === 0 &&
      start + rules.serviceLength <= window.end,
  );
  return onGrid && !overlapsBusy(rules.busy, start, start + rules.stepLength);
}
