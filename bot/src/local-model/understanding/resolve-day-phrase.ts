/**
 * Hand-written day rules for phrases chrono gets wrong or misses: "the 8th",
 * "7th of this month", "el día 8", "next Tuesday" (chrono skips a week when
 * said on a Monday), "Saturday this week", "pasado mañana", month-name dates
 * after a time, and week, weekend or month ranges.
 */
import type { DateTime } from 'luxon';
import { dayOfMonth, isoDate, mondayOfWeek, upcomingWeekday, type IsoWeekday } from './calendar';
import { MONTH_WORDS, WEEKDAY_WORDS, alternation } from './date-words';
import { findMonthDates } from './find-month-dates';

/** An inclusive range of local dates, YYYY-MM-DD. A single day has from === to. */
export interface DayRange {
  from: string;
  to: string;
}

/** A day phrase and where it starts in the folded text. */
export interface DayMention extends DayRange {
  index: number;
  /** Ranges ("next week") only count when no single day is named. */
  isRange: boolean;
}

const WEEKDAY = `(${alternation(WEEKDAY_WORDS)})`;
const MONTH = `(?:${alternation(MONTH_WORDS)})`;
const NEXT_WEEK = `(?:next week|the following week|(?:la )?semana que viene|(?:la )?proxima semana|(?:la )?semana (?:proxima|siguiente))`;
const THIS_WEEK = `(?:this week|esta semana)`;
const WEEKDAY_PATTERN = new RegExp(`\\b${WEEKDAY}\\b`, 'g');
const WEEK_CONTEXT = {
  next: {
    after: new RegExp(`^,? (?:of |de )?(?:la )?${NEXT_WEEK}`),
    before: new RegExp(`${NEXT_WEEK},? (?:on |el )?$`),
  },
  this: {
    after: new RegExp(`^,? (?:of |de )?${THIS_WEEK}`),
    before: new RegExp(`${THIS_WEEK},? (?:on |el )?$`),
  },
};

/**
 * Every day phrase in `folded` (text passed through foldText), resolved
 * against local midnight `today`.
 *
 * @example
 * // today = Tuesday 2026-12-01
 * findDayPhrases('cancel my appointment on the 8th', today)
 * // => [{ from: '2026-12-08', to: '2026-12-08', index: 22, isRange: false }]
 */
export function findDayPhrases(folded: string, today: DateTime): DayMention[] {
  const day = (index: number, date: DateTime | null): DayMention[] =>
    date === null ? [] : [{ from: isoDate(date), to: isoDate(date), index, isRange: false }];
  const explicit = [
    ...findMonthDates(folded).flatMap((mention) =>
      day(mention.index, monthDate(today, mention.day, mention.month, mention.year)),
    ),
    ...allMatches(folded, DAY_OF_MONTH_PATTERNS).flatMap((match) =>
      day(match.index, dayOfMonthDate(today, match)),
    ),
  ];
  // "Tuesday the 8th" or "el lunes 7": the number is more precise than the weekday.
  const weekdays = allMatches(folded, [WEEKDAY_PATTERN])
    .filter((match) => !explicit.some((mention) => Math.abs(mention.index - match.index) <= 15))
    .flatMap((match) => day(match.index, weekdayDate(folded, match, today)));
  return [
    ...explicit,
    ...RELATIVE_DAYS.flatMap(({ regex, days }) =>
      allMatches(folded, [regex]).flatMap((match) => day(match.index, today.plus({ days }))),
    ),
    ...weekdays,
    ...findRanges(folded, today),
  ];
}

/**
 * The mention the user most likely means: the last single day named (people
 * correct themselves: "not tomorrow, next Friday"), else the last range.
 *
 * @example
 * pickDayMention(findDayPhrases('not today, next thursday', today))?.from // => next Thursday
 */
export function pickDayMention(mentions: DayMention[]): DayRange | null {
  const days = mentions.filter((mention) => !mention.isRange);
  const pool = days.length > 0 ? days : mentions;
  const last = pool.reduce<DayMention | null>(
    (best, mention) => (best === null || mention.index > best.index ? mention : best),
    null,
  );
  return last === null ? null : { from: last.from, to: last.to };
}

const DAY_OF_MONTH_PATTERNS = [
  new RegExp(
    `(?<!${MONTH}\\.? (?:the )?)\\b(?:the )?(\\d{1,2})(?:st|nd|rd|th)\\b(?! (?:of )?${MONTH}\\b)(?: of (this|next|the next|the following) month)?`,
    'g',
  ),
  /\bon the (\d{1,2})\b(?![:.]\d| ?(?:am|pm|h)\b)/g,
  // "Tuesday 8", "el lunes 7": a weekday followed by a bare day number.
  new RegExp(
    `\\b(?:${alternation(WEEKDAY_WORDS)}),? (?:the )?(\\d{1,2})(?:st|nd|rd|th)?\\b` +
      `(?![:.]\\d| ?(?:am|pm|h|horas?)\\b| o\\W?clock| (?:in the|de la|por la) | (?:de )?${MONTH}\\b)`,
    'g',
  ),
  new RegExp(
    `\\b(?:el|del|dia) (?:dia )?(\\d{1,2})\\b(?![:.,]\\d| ?(?:am|pm|h|horas?)\\b| y (?:media|cuarto)| (?:de )?${MONTH}\\b)` +
      `(?: (?:de|del) (este|proximo|siguiente) mes| del (mes) que viene)?`,
    'g',
  ),
];

// Spanish "mañana" alone is tomorrow; "la/esta/por la mañana" is the morning.
const RELATIVE_DAYS: Array<{ regex: RegExp; days: number }> = [
  { regex: /\b(?:the )?day after tomorrow\b|\bpasado manana\b/g, days: 2 },
  { regex: /(?<!\bafter )\btomorrow\b|(?<!\b(?:la|esta|pasado|por|de|en) )\bmanana\b/g, days: 1 },
  {
    regex: /\b(?:today|tonight|this (?:morning|afternoon|evening)|hoy|esta (?:manana|tarde|noche))\b/g,
    days: 0,
  },
];

function allMatches(folded: string, patterns: RegExp[]): RegExpExecArray[] {
  const matches: RegExpExecArray[] = [];
  for (const pattern of patterns) {
    pattern.lastIndex = 0;
    for (let match = pattern.exec(folded); match !== null; match = pattern.exec(folded)) matches.push(match);
  }
  return matches;
}

// A month-name date without a year is the next one on or after today.
function monthDate(today: DateTime, day: number, month: number, year: number | undefined): DateTime | null {
  const candidate = today.set({ year: year ?? today.year, month, day });
  if (candidate.month !== month || candidate.day !== day) return null;
  return year === undefined && candidate < today ? candidate.plus({ years: 1 }) : candidate;
}

function dayOfMonthDate(today: DateTime, match: RegExpExecArray): DateTime | null {
  const day = Number(match[1]);
  const which = match[2];
  // "the 8th" alone means the next 8th, which may be next month.
  if (which === undefined) return dayOfMonth(today, day, day >= today.day ? 0 : 1);
  return dayOfMonth(today, day, which === 'this' || which === 'este' ? 0 : 1);
}

function weekdayDate(folded: string, match: RegExpExecArray, today: DateTime): DateTime {
  const weekday = WEEKDAY_WORDS[match[1] ?? ''] as IsoWeekday;
  const before = folded.slice(Math.max(0, match.index - 20), match.index);
  const after = folded.slice(match.index + match[0].length, match.index + match[0].length + 40);
  const saysWeek = (week: { after: RegExp; before: RegExp }) =>
    week.after.test(after) || week.before.test(before);
  if (saysWeek(WEEK_CONTEXT.next)) return mondayOfWeek(today, 1).plus({ days: weekday - 1 });
  if (saysWeek(WEEK_CONTEXT.this)) return mondayOfWeek(today, 0).plus({ days: weekday - 1 });
  if (/\b(?:this|este|esta)(?: coming)? $/.test(before))
    return upcomingWeekday(today, weekday, { includeToday: true });
  // "next Tuesday" and a bare "Tuesday" both mean the first one after today:
  // someone who means today says "today".
  return upcomingWeekday(today, weekday, { includeToday: false });
}

const RANGE_RULES: Array<{ regex: RegExp; resolve: (today: DateTime) => [DateTime, DateTime] }> = [
  {
    // The weekend of next week, matching how "next week" is read.
    regex:
      /\b(?:next weekend|(?:el )?(?:proximo|siguiente) fin de semana|(?:el )?fin de semana (?:que viene|proximo|siguiente))\b/g,
    resolve: (today) => [mondayOfWeek(today, 1).plus({ days: 5 }), mondayOfWeek(today, 1).plus({ days: 6 })],
  },
  {
    regex:
      /(?<!next )\b(?:weekend|(?<!(?:proximo|siguiente) )fin de semana(?! (?:que viene|proximo|siguiente))|finde)\b/g,
    resolve: (today) => {
      const saturday = mondayOfWeek(today, 0).plus({ days: 5 });
      return [today > saturday ? today : saturday, saturday.plus({ days: 1 })];
    },
  },
  {
    regex: new RegExp(`\\b${NEXT_WEEK}\\b`, 'g'),
    resolve: (today) => [mondayOfWeek(today, 1), mondayOfWeek(today, 1).plus({ days: 6 })],
  },
  {
    // Days of this week already gone cannot be booked, so the range starts today.
    regex: new RegExp(`\\b${THIS_WEEK}\\b`, 'g'),
    resolve: (today) => [today, mondayOfWeek(today, 1).minus({ days: 1 })],
  },
  {
    regex:
      /\b(?:next month|(?:el )?mes que viene|(?:el )?(?:proximo|siguiente) mes|(?:el )?mes (?:proximo|siguiente))\b/g,
    resolve: (today) => {
      const first = today.startOf('month').plus({ months: 1 });
      return [first, first.endOf('month').startOf('day')];
    },
  },
  { regex: /\b(?:this month|este mes)\b/g, resolve: (today) => [today, today.endOf('month').startOf('day')] },
];

function findRanges(folded: string, today: DateTime): DayMention[] {
  return RANGE_RULES.flatMap(({ regex, resolve }) =>
    allMatches(folded, [regex]).map((match) => {
      const [from, to] = resolve(today);
      return { from: isoDate(from), to: isoDate(to), index: match.index, isRange: true };
    }),
  );
}
