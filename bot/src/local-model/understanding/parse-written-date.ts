/**
 * Reads a full calendar date with its year, as typed into an intake form:
 * "12 April 1988", "April 12, 1988", "12 de abril de 1988", "12/04/1988",
 * "12.04.88", "1988-04-12".
 */
import { isRealIsoDate } from './calendar';
import type { Locale } from './detect-locale';
import { findMonthDates } from './find-month-dates';
import { foldText } from './normalize-text';

/**
 * @example
 * const result: WrittenDateResult = { ok: true, value: '1988-04-12' };
 */
export type WrittenDateResult = { ok: true; value: string } | { ok: false; reason: string };

const EXAMPLE = 'Please write it like 12 April 1988 or 12/04/1988.';
const YEAR_FIRST = /\b(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})\b/;
const YEAR_LAST = /\b(\d{1,2})[-/.](\d{1,2})[-/.](\d{2}|\d{4})\b/;

/**
 * The date as YYYY-MM-DD, or a reason the assistant can show. Numbers are
 * read day first in Spanish; in English day first only when the other reading
 * is impossible, and an ambiguous "04/05/1990" is sent back for clarification.
 *
 * @example
 * parseWrittenDate('12 de abril de 1988', { locale: 'es', now }) // => { ok: true, value: '1988-04-12' }
 * parseWrittenDate('25/04/1988', { locale: 'en', now }) // => { ok: true, value: '1988-04-25' }
 */
export function parseWrittenDate(text: string, options: { locale: Locale; now: Date }): WrittenDateResult {
  const folded = foldText(text);
  const named = findMonthDates(folded)[0];
  if (named !== undefined) {
    if (named.year === undefined)
      return { ok: false, reason: 'Please include the year, for example 12 April 1988.' };
    return checked(named.year, named.month, named.day);
  }
  const yearFirst = YEAR_FIRST.exec(folded);
  if (yearFirst !== null) return checked(Number(yearFirst[1]), Number(yearFirst[2]), Number(yearFirst[3]));
  const yearLast = YEAR_LAST.exec(folded);
  if (yearLast === null) return { ok: false, reason: `I couldn't read that as a date. ${EXAMPLE}` };

  const first = Number(yearLast[1]);
  const second = Number(yearLast[2]);
  const year = fullYear(yearLast[3] ?? '', options.now);
  const dayFirstWorks = isRealIsoDate(iso(year, second, first));
  const monthFirstWorks = isRealIsoDate(iso(year, first, second));
  if (dayFirstWorks && monthFirstWorks && first !== second && options.locale === 'en') {
    return {
      ok: false,
      reason:
        'That date could be read two ways. Please write the month as a word, for example 12 April 1988.',
    };
  }
  if (dayFirstWorks) return checked(year, second, first);
  if (monthFirstWorks) return checked(year, first, second);
  return { ok: false, reason: `That date doesn't exist. ${EXAMPLE}` };
}

// Two-digit years belong to the most recent century that keeps them in the past.
function fullYear(written: string, now: Date): number {
  const value = Number(written);
  if (written.length === 4) return value;
  const century = Math.floor(now.getUTCFullYear() / 100) * 100;
  return century + value > now.getUTCFullYear() ? century - 100 + value : century + value;
}

function checked(year: number, month: number, day: number): WrittenDateResult {
  const value = iso(year, month, day);
  return isRealIsoDate(value)
    ? { ok: true, value }
    : { ok: false, reason: `That date doesn't exist. ${EXAMPLE}` };
}

function iso(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
