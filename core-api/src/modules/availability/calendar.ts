import type { Weekday } from './slot-engine';

/*
 * Calendar arithmetic without a time zone. A calendar date is an "epoch day" (whole days since
 * 1970-01-01) and a wall-clock time is a "wall instant": the local date and time written as if it
 * were UTC, in milliseconds. Both are plain numbers so the hot loops never allocate.
 */

export const MILLISECONDS_PER_MINUTE = 60_000;
export const MILLISECONDS_PER_HOUR = 3_600_000;
export const MILLISECONDS_PER_DAY = 86_400_000;
export const MINUTES_PER_DAY = 1_440;

const CALENDAR_DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Minutes since local midnight of a "HH:mm" time, "24:00" (end of day) only when `allowEndOfDay`;
 * undefined when malformed, so hot callers build their error message only when needed.
 * @example clockTimeMinutes('09:30', false) // 570
 */
export function clockTimeMinutes(text: unknown, allowEndOfDay: boolean): number | undefined {
  // Parsed by hand rather than with a regular expression: this runs for every rule of every query.
  // Seconds are accepted only as ":00" because Postgres `time` columns come back as "09:00:00".
  if (typeof text !== 'string' || (text.length !== 5 && !(text.length === 8 && text.endsWith(':00'))))
    return undefined;
  const hours = twoDigits(text, 0);
  const minutes = twoDigits(text, 3);
  if (text[2] !== ':' || hours === undefined || minutes === undefined || minutes > 59) return undefined;
  if (hours < 24) return hours * 60 + minutes;
  return allowEndOfDay && hours === 24 && minutes === 0 ? MINUTES_PER_DAY : undefined;
}

function twoDigits(text: string, at: number): number | undefined {
  const tens = text.charCodeAt(at) - 48;
  const ones = text.charCodeAt(at + 1) - 48;
  return tens >= 0 && tens <= 9 && ones >= 0 && ones <= 9 ? tens * 10 + ones : undefined;
}

/** The RangeError for a malformed "HH:mm" value at `label`. */
export function invalidClockTime(label: string, text: unknown, allowEndOfDay: boolean): RangeError {
  const accepted = allowEndOfDay
    ? '"HH:mm" between "00:00" and "24:00"'
    : '"HH:mm" between "00:00" and "23:59"';
  return new RangeError(`${label} must be a time ${accepted}, got ${JSON.stringify(text)}`);
}

/**
 * Epoch day of a "YYYY-MM-DD" date; rejects impossible dates such as "2026-02-30".
 * @example parseCalendarDate('1970-01-02', 'from') // 1
 */
export function parseCalendarDate(text: unknown, label: string): number {
  const match = typeof text === 'string' ? CALENDAR_DATE_PATTERN.exec(text) : null;
  if (match) {
    const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
    // setUTCFullYear, unlike Date.UTC, does not map years 0-99 onto the 1900s.
    const date = new Date(0);
    date.setUTCFullYear(year, month - 1, day);
    // Date silently rolls "02-30" over into March; reading the fields back catches it.
    if (date.getUTCMonth() === month - 1 && date.getUTCDate() === day)
      return date.getTime() / MILLISECONDS_PER_DAY;
  }
  throw new RangeError(`${label} must be a calendar date "YYYY-MM-DD", got ${JSON.stringify(text)}`);
}

/**
 * "YYYY-MM-DD" of an epoch day.
 * @example formatCalendarDate(0) // '1970-01-01'
 */
export function formatCalendarDate(epochDay: number): string {
  return new Date(epochDay * MILLISECONDS_PER_DAY).toISOString().slice(0, 10);
}

/**
 * ISO weekday (1 = Monday) of an epoch day.
 * @example isoWeekday(0) // 4, 1970-01-01 was a Thursday
 */
export function isoWeekday(epochDay: number): Weekday {
  return (((((epochDay + 3) % 7) + 7) % 7) + 1) as Weekday;
}
