/**
 * Turns the date and time in a booking message into a search request:
 * a day or range of days, a clock time or part of the day, or "earliest".
 */
import * as chrono from 'chrono-node';
import type { DateTime } from 'luxon';
import { localToday, zoneOffsetMinutes } from './calendar';
import type { Locale } from './detect-locale';
import { foldText } from './normalize-text';
import { parseClockTime } from './parse-clock-time';
import { parsePartOfDay, wantsEarliest, type PartOfDay } from './parse-part-of-day';
import { findDayPhrases, pickDayMention, type DayMention } from './resolve-day-phrase';

/**
 * What the user asked for; every field is optional and absent when unsaid.
 *
 * @example
 * const request: DateTimeRequest = { from: '2026-12-08', to: '2026-12-08', partOfDay: 'morning' };
 */
export interface DateTimeRequest {
  /** First acceptable local date, YYYY-MM-DD, inclusive. */
  from?: string;
  /** Last acceptable local date, YYYY-MM-DD, inclusive. */
  to?: string;
  /** Local clock time, HH:mm. */
  time?: string;
  /** Morning is before 12:00, afternoon 12:00–18:00, evening after 17:00. */
  partOfDay?: PartOfDay;
  /** "as soon as possible", "the earliest", "lo antes posible". */
  earliest?: boolean;
}

/**
 * @example
 * const options: ParseDateTimeOptions = { now: new Date(), timeZone: 'Europe/Madrid', locale: 'es' };
 */
export interface ParseDateTimeOptions {
  now: Date;
  /** IANA zone of the organisation, e.g. "Europe/Madrid". */
  timeZone: string;
  locale: Locale;
}

/**
 * Reads the date, time, part of day and urgency of a message, resolved
 * against `now` in `timeZone`. Returns null when the message names none.
 * A clock time with no date ("10:20 please") comes back without from/to, and
 * a part of the day is dropped when a clock time is given ("4 in the evening").
 *
 * @example
 * // now = Tuesday 2026-12-01T09:00Z, Europe/Madrid
 * parseDateTime('a dermatology appointment next Tuesday at 10:20', options)
 * // => { from: '2026-12-08', to: '2026-12-08', time: '10:20' }
 * parseDateTime('Quiero una cita el jueves a las 10', { ...options, locale: 'es' })
 * // => { from: '2026-12-03', to: '2026-12-03', time: '10:00' }
 */
export function parseDateTime(text: string, options: ParseDateTimeOptions): DateTimeRequest | null {
  const folded = foldText(text);
  const today = localToday(options.now, options.timeZone);
  const request: DateTimeRequest = {};

  const days = pickDayMention([...findDayPhrases(folded, today), ...findChronoDays(folded, options, today)]);
  if (days !== null) {
    request.from = days.from;
    request.to = days.to;
  }
  const clock = parseClockTime(text);
  if (clock !== null) request.time = clock.time;
  const part = parsePartOfDay(text);
  // An exact time already says more, and "4 in the evening" would otherwise
  // clash with the evening window (after 17:00).
  if (part !== null && clock === null) request.partOfDay = part;
  if (wantsEarliest(text)) request.earliest = true;

  return Object.keys(request).length === 0 ? null : request;
}

// Chrono covers what the hand-written rules leave out: numeric dates ("12/15",
// "15/12" in Spanish) and offsets ("in 3 days", "dentro de dos semanas").
// Its weekday and time readings are ignored; see resolve-day-phrase.
function findChronoDays(folded: string, options: ParseDateTimeOptions, today: DateTime): DayMention[] {
  const parser = options.locale === 'es' ? chrono.es.casual : chrono.en.casual;
  // Referencing local midnight keeps a date equal to today from being pushed
  // a year ahead by forwardDate.
  const reference = { instant: today.toJSDate(), timezone: zoneOffsetMinutes(options.now, options.timeZone) };
  return parser
    .parse(folded, reference, { forwardDate: true })
    .filter(
      (result) =>
        result.start.isCertain('day') && (NUMERIC_DATE.test(result.text) || OFFSET.test(result.text)),
    )
    .flatMap((result) => {
      const date = isoDateOf(result.start);
      return date === null ? [] : [{ from: date, to: date, index: result.index, isRange: false }];
    });
}

const NUMERIC_DATE = /\d[/.-]\d/;
// Only offsets with a count: chrono also reads "next week" as a single day.
const OFFSET = /^(?:in|within|dentro de|en) .*\b(?:days?|weeks?|dias?|semanas?)\b/;

function isoDateOf(components: chrono.ParsedComponents): string | null {
  const year = components.get('year');
  const month = components.get('month');
  const day = components.get('day');
  if (year === null || month === null || day === null) return null;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
