import { IANAZone } from 'luxon';
import { formatCalendarDate, MILLISECONDS_PER_DAY, MILLISECONDS_PER_MINUTE } from './calendar';

/*
 * Conversions between instants (epoch milliseconds) and wall instants (local date and time written
 * as if UTC, see calendar.ts) in an IANA zone, using luxon's zone data.
 *
 * luxon's IANAZone.offset costs several microseconds (Intl formatToParts), so offsets are cached at
 * UTC midnights: when the offsets one day before and two days after a date agree, no transition
 * falls in between and every conversion for that date is a subtraction. This assumes a zone never
 * changes offset twice within three days, which holds for every real zone since time zones were
 * standardised. Dates near a transition take the exact, slower path.
 */

const MAX_CACHED_OFFSETS_PER_ZONE = 20_000;
const MAX_CACHED_ZONE_NAMES = 1_000;

const knownValidZones = new Set<string>();
const offsetsAtUtcMidnight = new Map<string, Map<number, number>>();

/**
 * Whether `zone` is an IANA time zone name this runtime knows (fixed offsets like "+01:00" are not).
 * @example validateTimeZone('Europe/Madrid') // true
 * @example validateTimeZone('Mars/Olympus_Mons') // false
 */
export function validateTimeZone(zone: string): boolean {
  if (typeof zone !== 'string' || zone.length === 0) return false;
  if (knownValidZones.has(zone)) return true;
  if (!IANAZone.isValidZone(zone)) return false;
  // Only valid names are remembered, so arbitrary input cannot grow the set without bound.
  if (knownValidZones.size >= MAX_CACHED_ZONE_NAMES) knownValidZones.clear();
  knownValidZones.add(zone);
  return true;
}

/** Throws a RangeError naming `label` unless `zone` is a valid IANA zone. */
export function assertTimeZone(zone: unknown, label: string): asserts zone is string {
  if (typeof zone !== 'string' || !validateTimeZone(zone)) {
    throw new RangeError(
      `${label} must be an IANA time zone such as "Europe/Madrid", got ${JSON.stringify(zone)}`,
    );
  }
}

/** Epoch milliseconds of a Date, or a RangeError naming `label` when it is not a valid Date. */
export function instantOf(value: unknown, label: string): number {
  const instant = value instanceof Date ? value.getTime() : Number.NaN;
  if (Number.isNaN(instant)) throw invalidDate(label, value);
  return instant;
}

/** The RangeError for a value at `label` that is not a valid Date. */
export function invalidDate(label: string, value: unknown): RangeError {
  return new RangeError(`${label} must be a valid Date, got ${String(value)}`);
}

function offsetAtUtcMidnight(zone: string, utcEpochDay: number): number {
  let cache = offsetsAtUtcMidnight.get(zone);
  if (cache === undefined) {
    cache = new Map();
    offsetsAtUtcMidnight.set(zone, cache);
  }
  let offset = cache.get(utcEpochDay);
  if (offset === undefined) {
    offset = IANAZone.create(zone).offset(utcEpochDay * MILLISECONDS_PER_DAY);
    if (cache.size >= MAX_CACHED_OFFSETS_PER_ZONE) cache.clear();
    cache.set(utcEpochDay, offset);
  }
  return offset;
}

/**
 * Offsets (minutes) in force before and after any transition near `epochDay`. The span covers every
 * instant whose wall date or UTC date is `epochDay`, since real offsets stay within ±14 hours.
 */
function offsetsAround(zone: string, epochDay: number): { before: number; after: number } {
  return { before: offsetAtUtcMidnight(zone, epochDay - 1), after: offsetAtUtcMidnight(zone, epochDay + 2) };
}

/**
 * UTC offset of `zone` at `instant`, in minutes.
 * @example offsetMinutesAt('Europe/Madrid', Date.UTC(2026, 6, 1)) // 120
 */
export function offsetMinutesAt(zone: string, instant: number): number {
  const { before, after } = offsetsAround(zone, Math.floor(instant / MILLISECONDS_PER_DAY));
  return before === after ? before : IANAZone.create(zone).offset(instant);
}

/**
 * The instant at which clocks in `zone` show `wallInstant`.
 *
 * DST policy, decided here rather than left to luxon's DateTime.fromObject (which keeps the earlier
 * offset in some zones and the later one in others, and shifts a missing time by the gap length):
 * - a wall time that does not exist (spring-forward gap, e.g. 02:30 on 2026-03-29 in Madrid) moves
 *   forward to the first valid instant, the moment of the transition (03:00+02:00);
 * - a wall time that occurs twice (fall-back overlap, e.g. 02:30 on 2026-10-25 in Madrid) takes the
 *   earlier offset, i.e. its first occurrence (02:30+02:00, not 02:30+01:00).
 * @example wallClockToInstant('Europe/Madrid', Date.UTC(2026, 11, 8, 9, 40)) // Date.UTC(2026, 11, 8, 8, 40)
 */
export function wallClockToInstant(zone: string, wallInstant: number): number {
  const { before, after } = offsetsAround(zone, Math.floor(wallInstant / MILLISECONDS_PER_DAY));
  if (before === after) return wallInstant - before * MILLISECONDS_PER_MINUTE;
  return resolveNearTransition(IANAZone.create(zone), wallInstant, before, after);
}

function resolveNearTransition(zone: IANAZone, wallInstant: number, before: number, after: number): number {
  const underBefore = wallInstant - before * MILLISECONDS_PER_MINUTE;
  const underAfter = wallInstant - after * MILLISECONDS_PER_MINUTE;
  const beforeMatches = zone.offset(underBefore) === before;
  const afterMatches = zone.offset(underAfter) === after;
  if (beforeMatches && afterMatches) return Math.min(underBefore, underAfter);
  if (beforeMatches) return underBefore;
  if (afterMatches) return underAfter;
  // In a gap the offset grows, so underAfter is still before the transition and underBefore after it.
  return firstInstantWithNewOffset(zone, underAfter, underBefore, before);
}

/** Binary search for the transition: `low` still has offset `before`, `high` no longer does. */
function firstInstantWithNewOffset(zone: IANAZone, low: number, high: number, before: number): number {
  let lastOld = low;
  let firstNew = high;
  while (firstNew - lastOld > 1) {
    const middle = Math.floor((lastOld + firstNew) / 2);
    if (zone.offset(middle) === before) lastOld = middle;
    else firstNew = middle;
  }
  return firstNew;
}

/**
 * The wall instant clocks in `zone` show at `instant`.
 * @example instantToWallClock('Europe/Madrid', Date.UTC(2026, 11, 8, 8, 40)) // Date.UTC(2026, 11, 8, 9, 40)
 */
export function instantToWallClock(zone: string, instant: number): number {
  return instant + offsetMinutesAt(zone, instant) * MILLISECONDS_PER_MINUTE;
}

/** Epoch day of the local date in `zone` at `instant`. */
export function localEpochDay(zone: string, instant: number): number {
  return Math.floor(instantToWallClock(zone, instant) / MILLISECONDS_PER_DAY);
}

/**
 * ISO 8601 local time with seconds and a numeric offset; never "Z", so UTC prints as +00:00.
 * @example formatInZone(new Date('2026-12-08T08:40:00Z'), 'Europe/Madrid') // '2026-12-08T09:40:00+01:00'
 */
export function formatInZone(instant: Date, timeZone: string): string {
  assertTimeZone(timeZone, 'timeZone');
  const epochMilliseconds = instantOf(instant, 'instant');
  const offset = offsetMinutesAt(timeZone, epochMilliseconds);
  const wallClock = new Date(epochMilliseconds + offset * MILLISECONDS_PER_MINUTE).toISOString().slice(0, 19);
  return wallClock + formatOffset(offset);
}

function formatOffset(offsetMinutes: number): string {
  const sign = offsetMinutes < 0 ? '-' : '+';
  const magnitude = Math.abs(offsetMinutes);
  const hours = String(Math.floor(magnitude / 60)).padStart(2, '0');
  const minutes = String(magnitude % 60).padStart(2, '0');
  return `${sign}${hours}:${minutes}`;
}

/**
 * Local calendar date ("YYYY-MM-DD") in `timeZone` at `instant`.
 * @example localDate(new Date('2026-12-08T23:30:00Z'), 'Europe/Madrid') // '2026-12-09'
 */
export function localDate(instant: Date, timeZone: string): string {
  assertTimeZone(timeZone, 'timeZone');
  return formatCalendarDate(localEpochDay(timeZone, instantOf(instant, 'instant')));
}
