/**
 * Calendar arithmetic in the organisation's time zone. Every "today" in this
 * folder comes from here so that a message sent at 00:30 in Madrid (still the
 * previous day in UTC) resolves against the Madrid date, not the server's.
 */
import { DateTime } from 'luxon';

/** ISO weekday: 1 = Monday … 7 = Sunday (Luxon's numbering). */
export type IsoWeekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

/**
 * Midnight of the local date of `now` in `timeZone`.
 *
 * @example
 * localToday(new Date('2026-12-01T23:30:00Z'), 'Europe/Madrid').toISODate() // => '2026-12-02'
 */
export function localToday(now: Date, timeZone: string): DateTime {
  const local = DateTime.fromJSDate(now, { zone: timeZone });
  if (!local.isValid) throw new RangeError(`Unknown time zone: ${timeZone}`);
  return local.startOf('day');
}

/**
 * Minutes east of UTC that `timeZone` observes at `now` (what chrono expects).
 *
 * @example
 * zoneOffsetMinutes(new Date('2026-12-01T09:00:00Z'), 'Europe/Madrid') // => 60
 */
export function zoneOffsetMinutes(now: Date, timeZone: string): number {
  return DateTime.fromJSDate(now, { zone: timeZone }).offset;
}

/**
 * YYYY-MM-DD of a Luxon date.
 *
 * @example
 * isoDate(DateTime.fromISO('2026-12-08')) // => '2026-12-08'
 */
export function isoDate(date: DateTime): string {
  return date.toFormat('yyyy-MM-dd');
}

/**
 * The first date on `weekday` on or after `today` (or strictly after it).
 *
 * @example
 * // today is Tuesday 2026-12-01
 * isoDate(upcomingWeekday(today, 2, { includeToday: false })) // => '2026-12-08'
 */
export function upcomingWeekday(
  today: DateTime,
  weekday: IsoWeekday,
  options: { includeToday: boolean },
): DateTime {
  let days = (weekday - today.weekday + 7) % 7;
  if (days === 0 && !options.includeToday) days = 7;
  return today.plus({ days });
}

/**
 * Monday of the week `weeksAhead` weeks after the current one.
 *
 * @example
 * isoDate(mondayOfWeek(tuesdayFirstOfDecember, 1)) // => '2026-12-07'
 */
export function mondayOfWeek(today: DateTime, weeksAhead: number): DateTime {
  return today.minus({ days: today.weekday - 1 }).plus({ weeks: weeksAhead });
}

/**
 * The given day of the month `monthsAhead` months after today's month, or
 * null when that month is too short ("the 31st" of November).
 *
 * @example
 * isoDate(dayOfMonth(today, 8, 0)!) // => '2026-12-08'
 */
export function dayOfMonth(today: DateTime, day: number, monthsAhead: number): DateTime | null {
  const month = today.startOf('month').plus({ months: monthsAhead });
  if (day < 1 || day > (month.daysInMonth ?? 0)) return null;
  return month.set({ day });
}

/**
 * True when the string is a real calendar date in YYYY-MM-DD form.
 *
 * @example
 * isRealIsoDate('2026-02-30') // => false
 */
export function isRealIsoDate(value: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) && DateTime.fromISO(value).isValid;
}

/**
 * ISO weekday of a YYYY-MM-DD date, or null for an invalid date.
 *
 * @example
 * weekdayOfIsoDate('2026-12-08') // => 2 (Tuesday)
 */
export function weekdayOfIsoDate(value: string): IsoWeekday | null {
  const date = DateTime.fromISO(value);
  return date.isValid ? (date.weekday as IsoWeekday) : null;
}
