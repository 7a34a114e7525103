/*
 * Dates and times in a professional's IANA zone, never the browser's: a
 * calendar day is a local date (`YYYY-MM-DD`) there, and instants are sent
 * and shown through Intl with that zone.
 */

const partsFormats = new Map<string, Intl.DateTimeFormat>();

function partsFormat(timeZone: string): Intl.DateTimeFormat {
  let format = partsFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
    });
    partsFormats.set(timeZone, format);
  }
  return format;
}

/** The wall clock of `zone` at `instant`, read as if it were UTC (epoch milliseconds, whole seconds). */
function wallClock(instant: number, timeZone: string): number {
  const parts = Object.fromEntries(partsFormat(timeZone).formatToParts(new Date(instant)).map((part) => [part.type, part.value]));
  const number = (type: string) => Number(parts[type]);
  return Date.UTC(number('year'), number('month') - 1, number('day'), number('hour'), number('minute'), number('second'));
}

/** Minutes east of UTC that `timeZone` is at `instant`. */
export function offsetMinutes(instant: Date, timeZone: string): number {
  const whole = Math.floor(instant.getTime() / 1000) * 1000;
  return Math.round((wallClock(whole, timeZone) - whole) / 60_000);
}

/**
 * The instant when the clocks of `timeZone` show `date` at `time` ("HH:mm", "24:00" is the next midnight).
 * Two passes settle the offset on either side of a DST change; a time skipped by the change lands after it.
 */
export function zonedInstant(date: string, time: string, timeZone: string): Date {
  const [hours, minutes] = time.split(':').map(Number) as [number, number];
  const wall = Date.parse(`${date}T00:00:00Z`) + (hours * 60 + minutes) * 60_000;
  const first = wall - offsetMinutes(new Date(wall), timeZone) * 60_000;
  return new Date(wall - offsetMinutes(new Date(first), timeZone) * 60_000);
}

/** "+02:00" for 120 minutes. */
export function offsetText(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const absolute = Math.abs(minutes);
  return `${sign}${String(Math.floor(absolute / 60)).padStart(2, '0')}:${String(absolute % 60).padStart(2, '0')}`;
}

/** An instant as core-api writes it: ISO 8601 with the zone's offset, e.g. 2026-10-19T00:00:00+02:00. */
export function isoInZone(instant: Date, timeZone: string): string {
  const offset = offsetMinutes(instant, timeZone);
  const wall = new Date(Math.floor(instant.getTime() / 1000) * 1000 + offset * 60_000).toISOString().slice(0, 19);
  return `${wall}${offsetText(offset)}`;
}

/** The local date (`YYYY-MM-DD`) of an instant in `timeZone`. */
export function localDateOf(instant: Date | string, timeZone: string): string {
  return new Date(wallClock(new Date(instant).getTime(), timeZone)).toISOString().slice(0, 10);
}

/** The date `days` after a local date. */
export function addDays(date: string, days: number): string {
  const moved = new Date(`${date}T12:00:00Z`);
  moved.setUTCDate(moved.getUTCDate() + days);
  return moved.toISOString().slice(0, 10);
}

/** ISO weekday of a local date: 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: string): number {
  const day = new Date(`${date}T12:00:00Z`).getUTCDay();
  return day === 0 ? 7 : day;
}

/** The Monday of the week holding `date`. */
export function mondayOf(date: string): string {
  return addDays(date, 1 - isoWeekday(date));
}

/** The dates from `from` to `to`, both included. */
export function datesBetween(from: string, to: string): string[] {
  const dates: string[] = [];
  for (let date = from; date <= to && dates.length < 400; date = addDays(date, 1)) dates.push(date);
  return dates;
}

/** A real calendar date written `YYYY-MM-DD` (not 2026-02-30). */
export function isCalendarDate(text: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(text) && new Date(`${text}T12:00:00Z`).toISOString().slice(0, 10) === text;
}

/** "09:30" as the professional's clocks show it. */
export function formatTime(instant: string, timeZone: string, locale = 'en-GB'): string {
  return new Intl.DateTimeFormat(locale, { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(instant));
}

/**
 * "Mon 19 Oct" (or "Monday 19 October 2026" long): a local date, read at noon UTC so no zone moves it
 * to another day, and put together from its parts because ICU versions differ on the commas.
 */
export function formatDate(date: string, locale = 'en-GB', style: 'short' | 'long' = 'short'): string {
  const long = style === 'long';
  const format = new Intl.DateTimeFormat(locale, {
    timeZone: 'UTC', weekday: long ? 'long' : 'short', day: 'numeric', month: long ? 'long' : 'short', ...(long ? { year: 'numeric' } : {}),
  });
  const parts = Object.fromEntries(format.formatToParts(new Date(`${date}T12:00:00Z`)).map((part) => [part.type, part.value]));
  return [parts.weekday, parts.day, parts.month, parts.year].filter(Boolean).join(' ');
}

/** "CEST" or "GMT-4": the zone's short name at an instant, as the browser's Intl names it. */
export function zoneAbbreviation(instant: Date, timeZone: string, locale = 'en-GB'): string {
  const part = new Intl.DateTimeFormat(locale, { timeZone, timeZoneName: 'short' }).formatToParts(instant).find((item) => item.type === 'timeZoneName');
  return part?.value ?? timeZone;
}
