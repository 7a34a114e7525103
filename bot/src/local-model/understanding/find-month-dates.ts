/**
 * Dates written with a month name: "8th of March", "March 10th",
 * "12 April 1988", "April 12, 1988", "el 15 de diciembre", "12 de abril de 1988".
 * Chrono reads most of these, but loses the day when a time comes first
 * ("12 o'clock in the afternoon on 8th of March"), and intake needs the year
 * exactly as written.
 */
import { MONTH_WORDS, alternation } from './date-words';

/**
 * @example
 * const mention: MonthDateMention = { day: 12, month: 4, year: 1988, index: 0 }; // "12 April 1988"
 */
export interface MonthDateMention {
  day: number;
  month: number;
  /** Four-digit year when written, else undefined. */
  year?: number;
  /** Position in the folded text, for "the last date mentioned wins". */
  index: number;
}

// Short abbreviations ("mar", "ene", "may") are only trusted next to a day
// number, which both patterns require.
const MONTH = `(${alternation(MONTH_WORDS)})`;
const DAY = `(\\d{1,2})(?:st|nd|rd|th)?`;
const YEAR = `(?:,?\\s+(?:de(?:l)?\\s+)?(\\d{4}))?`;
const DAY_FIRST = new RegExp(`\\b${DAY}\\s+(?:of\\s+|de\\s+)?${MONTH}\\b\\.?${YEAR}`, 'g');
const MONTH_FIRST = new RegExp(`\\b${MONTH}\\.?\\s+(?:the\\s+)?${DAY}\\b${YEAR}`, 'g');

/**
 * Every month-name date in `folded` (text passed through foldText), in order.
 *
 * @example
 * findMonthDates('on 8th of march') // => [{ day: 8, month: 3, index: 3 }]
 * findMonthDates('12 de abril de 1988') // => [{ day: 12, month: 4, year: 1988, index: 0 }]
 */
export function findMonthDates(folded: string): MonthDateMention[] {
  const mentions: MonthDateMention[] = [];
  for (const [regex, dayGroup, monthGroup] of [
    [DAY_FIRST, 1, 2],
    [MONTH_FIRST, 2, 1],
  ] as const) {
    regex.lastIndex = 0;
    for (let match = regex.exec(folded); match !== null; match = regex.exec(folded)) {
      const day = Number(match[dayGroup]);
      const month = MONTH_WORDS[match[monthGroup] ?? ''];
      if (month === undefined || day < 1 || day > 31) continue;
      if (mentions.some((other) => Math.abs(other.index - match.index) < match[0].length)) continue;
      const year = match[3] === undefined ? undefined : Number(match[3]);
      mentions.push(
        year === undefined ? { day, month, index: match.index } : { day, month, year, index: match.index },
      );
    }
  }
  return mentions.sort((left, right) => left.index - right.index);
}
