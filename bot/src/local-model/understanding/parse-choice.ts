/**
 * Reads which of the offered options the user picked: by position ("2",
 * "the second one", "la última"), by time ("10:20", "at 3pm", "las 11"), by
 * day ("the Tuesday one", "el 8"), by part of day, or by a word of the label.
 */
import { weekdayOfIsoDate } from './calendar';
import { LAST_WORDS, ORDINAL_WORDS, WEEKDAY_WORDS, alternation } from './date-words';
import { foldText, tokenize } from './normalize-text';
import { parseClockTime } from './parse-clock-time';
import { parsePartOfDay } from './parse-part-of-day';
import { STOP_WORDS } from './stop-words';

/**
 * One option the assistant offered, as shown to the user.
 *
 * @example
 * const option: ChoiceOption = { label: 'Tue 8 Dec, 10:20', time: '10:20', date: '2026-12-08' };
 */
export interface ChoiceOption {
  label: string;
  /** HH:mm, local. */
  time?: string;
  /** YYYY-MM-DD, local. */
  date?: string;
}

const BARE_NUMBER =
  /^(?:(?:option|number|no|opcion|numero|num|the|la|el|#)\s*)?(\d{1,2})(st|nd|rd|th|º|ª|o|a)?(?:\s+(?:one|please|por favor|porfa))?$/;
const ORDINAL = new RegExp(
  `(?<!\\b(?:y|menos) )\\b(${alternation(ORDINAL_WORDS)})\\b|\\b(\\d)(?:st|nd|rd|th)\\s+(?:one|option)\\b`,
);
const LAST = new RegExp(`\\b(?:${alternation(LAST_WORDS)})\\b`);
const WEEKDAY = new RegExp(`\\b(${alternation(WEEKDAY_WORDS)})\\b`);
const DAY_OF_MONTH = /\b(\d{1,2})(?:st|nd|rd|th)\b|\b(?:el|dia|del) (\d{1,2})\b(?!:)/;

/**
 * Index of the chosen option, or null when nothing or more than one option fits.
 *
 * @example
 * const options = [{ label: 'Tue 8 Dec 10:20', time: '10:20', date: '2026-12-08' }, { label: 'Tue 8 Dec 15:00', time: '15:00', date: '2026-12-08' }];
 * parseChoice('the second one', options) // => 1
 * parseChoice('10.20', options) // => 0
 * parseChoice('at 3pm', options) // => 1
 */
export function parseChoice(text: string, options: ChoiceOption[]): number | null {
  if (options.length === 0) return null;
  const folded = foldText(text)
    .replace(/[¿?¡!.,;]+$/g, '')
    .trim();
  const all = options.map((_, index) => index);
  const signals: number[][] = [];

  const byPosition = positionChosen(folded, options.length);
  if (byPosition !== null) signals.push([byPosition]);
  const byTime = timeChosen(folded, options, byPosition !== null);
  if (byTime !== null) signals.push(byTime);
  const byDay = dayChosen(folded, options, byPosition !== null);
  if (byDay !== null) signals.push(byDay);
  const part = parsePartOfDay(folded);
  if (part !== null && options.some((option) => option.time !== undefined)) {
    signals.push(all.filter((index) => fitsPartOfDay(options[index]?.time, part)));
  }

  let candidates = signals.reduce((kept, signal) => kept.filter((index) => signal.includes(index)), all);
  if (signals.length === 0 || candidates.length > 1) {
    const byLabel = labelChosen(folded, options, candidates);
    if (byLabel !== null) candidates = byLabel;
    else if (signals.length === 0) return null;
  }
  return candidates.length === 1 ? (candidates[0] ?? null) : null;
}

function positionChosen(folded: string, count: number): number | null {
  const bare = BARE_NUMBER.exec(folded);
  if (bare !== null) {
    const position = Number(bare[1]);
    return position >= 1 && position <= count ? position - 1 : null;
  }
  if (LAST.test(folded)) return count - 1;
  const ordinal = ORDINAL.exec(folded);
  if (ordinal === null) return null;
  const position = ordinal[1] !== undefined ? ORDINAL_WORDS[ordinal[1]] : Number(ordinal[2]);
  return position !== undefined && position >= 1 && position <= count ? position - 1 : null;
}

// A bare number too big to be a position ("10" among three options) is an hour.
function timeChosen(folded: string, options: ChoiceOption[], hasPosition: boolean): number[] | null {
  if (!options.some((option) => option.time !== undefined)) return null;
  let clock = parseClockTime(folded);
  const bare = BARE_NUMBER.exec(folded);
  if (clock === null && !hasPosition && bare !== null && bare[2] === undefined && Number(bare[1]) <= 23)
    clock = parseClockTime(`at ${bare[1]}`);
  if (clock === null) return null;
  const accepted = new Set([clock.time]);
  if (!clock.meridiemStated) accepted.add(otherHalfOfDay(clock.time));
  return options.flatMap((option, index) =>
    option.time !== undefined && accepted.has(option.time) ? [index] : [],
  );
}

function dayChosen(folded: string, options: ChoiceOption[], hasPosition: boolean): number[] | null {
  if (!options.some((option) => option.date !== undefined)) return null;
  const weekday = WEEKDAY.exec(folded);
  if (weekday !== null) {
    const wanted = WEEKDAY_WORDS[weekday[1] ?? ''];
    return options.flatMap((option, index) =>
      option.date !== undefined && weekdayOfIsoDate(option.date) === wanted ? [index] : [],
    );
  }
  // "the 2nd one" was a position; only a day number that is not one counts here.
  const day = hasPosition ? null : DAY_OF_MONTH.exec(folded);
  if (day === null || day === undefined) return null;
  const wanted = Number(day[1] ?? day[2]);
  return options.flatMap((option, index) =>
    option.date !== undefined && Number(option.date.slice(8, 10)) === wanted ? [index] : [],
  );
}

function fitsPartOfDay(time: string | undefined, part: 'morning' | 'afternoon' | 'evening'): boolean {
  if (time === undefined) return false;
  const hour = Number(time.slice(0, 2));
  if (part === 'morning') return hour < 12;
  if (part === 'afternoon') return hour >= 12 && hour < 18;
  return hour >= 17;
}

// Words of the message that appear in some labels but not all ("the one with
// López") pick those labels.
function labelChosen(folded: string, options: ChoiceOption[], among: number[]): number[] | null {
  const words = tokenize(folded).filter(
    (word) => word.length > 2 && !STOP_WORDS.has(word) && !/^\d+$/.test(word),
  );
  if (words.length === 0) return null;
  const labelWords = options.map((option) => new Set(tokenize(option.label)));
  const hits = among.map((index) => words.filter((word) => labelWords[index]?.has(word)).length);
  const best = Math.max(...hits);
  if (best === 0 || hits.every((hit) => hit === best)) return null;
  return among.filter((_, position) => hits[position] === best);
}

function otherHalfOfDay(time: string): string {
  const hour = (Number(time.slice(0, 2)) + 12) % 24;
  return `${String(hour).padStart(2, '0')}${time.slice(2)}`;
}
