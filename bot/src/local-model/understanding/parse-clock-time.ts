/**
 * Finds a clock time ("10:20", "at 3pm", "half past 2 in the afternoon",
 * "a las 10 y media", "evening 5") in a message.
 *
 * Written by hand rather than left to chrono: chrono misses "half past 2",
 * "quarter to 5", "evening 5", "10.20", number words ("three pm") and
 * "y media", and it turns "el día 8" into 08:00.
 */
import { HOUR_WORDS, alternation } from './date-words';
import { foldText } from './normalize-text';

/**
 * @example
 * const clock: ClockTime = { time: '16:00', meridiemStated: false }; // "at 4"
 */
export interface ClockTime {
  /** HH:mm, 24-hour. */
  time: string;
  /** False when am/pm had to be guessed ("at 4" → 16:00), so callers may also try the other half of the day. */
  meridiemStated: boolean;
}

type Meridiem = 'am' | 'pm' | null;

interface Candidate {
  start: number;
  end: number;
  hour: number;
  minute: number;
  meridiem: Meridiem;
}

const HOUR = `(\\d{1,2}|${alternation(HOUR_WORDS)})`;
const MONTH_NAMES =
  'jan|january|feb|february|mar|march|apr|april|may|jun|june|jul|july|aug|august|sep|sept|september|oct|october|nov|november|dec|december|' +
  'enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|octubre|noviembre|diciembre';
const NOT_AFTER_MONTH = `(?<!\\b(?:${MONTH_NAMES})\\.?\\s+)`;
const MERIDIEM = `(?:\\s*(am|pm))?`;
const PART_AFTER = `(?:\\s+(?:in the|de la|por la|en la)\\s+(morning|afternoon|evening|night|manana|tarde|noche))?`;
const MINUTE_WORDS: Readonly<Record<string, number>> = {
  five: 5,
  ten: 10,
  twenty: 20,
  'twenty five': 25,
  'twenty-five': 25,
};

// Each pattern knows how to read its own groups; listed most specific first so
// that "half past 2" wins over the bare "2" inside it.
const PATTERNS: Array<{
  regex: RegExp;
  read: (match: RegExpExecArray) => Omit<Candidate, 'start' | 'end'> | null;
}> = [
  {
    // half past 2, quarter to 5, ten past 3, 20 to 4 (+ am/pm or part of day)
    regex: new RegExp(
      `\\b(half|quarter|\\d{1,2}|${alternation(MINUTE_WORDS)})(?: minutes)? (past|after|to) ${HOUR}\\b${MERIDIEM}${PART_AFTER}`,
      'g',
    ),
    read: (match) => {
      const hour = readHour(match[3]);
      const amount = match[1] === 'half' ? 30 : match[1] === 'quarter' ? 15 : readMinuteAmount(match[1]);
      if (hour === null || amount === null) return null;
      const before = match[2] === 'to';
      return {
        hour: before ? hour - 1 : hour,
        minute: before ? 60 - amount : amount,
        meridiem: meridiemOf(match[4] ?? match[5]),
      };
    },
  },
  {
    // (a) las 10 y media, la una y cuarto, las 11 menos cuarto, las 5 y 10 (+ de la tarde)
    regex: new RegExp(
      `\\b(?:(?:a )?las? )?${HOUR} (y media|y cuarto|menos cuarto|y \\d{1,2}|menos \\d{1,2})\\b${MERIDIEM}${PART_AFTER}`,
      'g',
    ),
    read: (match) => {
      const hour = readHour(match[1]);
      const fraction = match[2] ?? '';
      if (hour === null) return null;
      const amount = /media/.test(fraction)
        ? 30
        : /cuarto/.test(fraction)
          ? 15
          : Number(fraction.replace(/\D/g, ''));
      if (amount >= 60) return null;
      const before = fraction.startsWith('menos');
      return {
        hour: before ? hour - 1 : hour,
        minute: before ? 60 - amount : amount,
        meridiem: meridiemOf(match[3] ?? match[4]),
      };
    },
  },
  {
    // 10:20, 10.20, 10h30, 4:15 pm, 4:15 in the evening — not part of a date like 12.04.1988
    regex: new RegExp(
      `(?<![\\d./$€])(\\d{1,2})[:.h](\\d{2})(?![\\d]|[./]\\d|\\s*(?:€|(?:eur|euros?|dollars?|usd)\\b))${MERIDIEM}${PART_AFTER}`,
      'g',
    ),
    read: (match) => ({
      hour: Number(match[1]),
      minute: Number(match[2]),
      meridiem: meridiemOf(match[3] ?? match[4]),
    }),
  },
  {
    // 3pm, 10 am, 3 o'clock, 17h, 2 in the afternoon, 5 de la tarde; but in "December 3 in the afternoon" the 3 is a day
    regex: new RegExp(
      `${NOT_AFTER_MONTH}\\b${HOUR}(?:\\s*(am|pm)|\\s*oclock|\\s*h\\b|\\s*hrs\\b|\\s+horas?\\b|(?=\\s+(?:in the|de la|por la|en la)\\s+(?:morning|afternoon|evening|night|manana|tarde|noche)))${PART_AFTER}`,
      'g',
    ),
    read: (match) => {
      const hour = readHour(match[1]);
      return hour === null ? null : { hour, minute: 0, meridiem: meridiemOf(match[2] ?? match[3]) };
    },
  },
  {
    // at 10, around 4, a las 11, las 5
    regex: new RegExp(
      `\\b(?:at|around|about|by|a las|las)\\s+${HOUR}\\b(?![:.]\\d)${MERIDIEM}${PART_AFTER}`,
      'g',
    ),
    read: (match) => {
      const hour = readHour(match[1]);
      return hour === null ? null : { hour, minute: 0, meridiem: meridiemOf(match[2] ?? match[3]) };
    },
  },
  {
    // a la una (Spanish says "la una", singular, for one o'clock)
    regex: new RegExp(`\\b(?:a )?la una\\b${MERIDIEM}${PART_AFTER}`, 'g'),
    read: (match) => ({ hour: 1, minute: 0, meridiem: meridiemOf(match[1] ?? match[2]) }),
  },
  {
    // SGD style "evening 5", "afternoon 3", "morning 10"; digits only, or "the afternoon one" would be 13:00
    regex: /\b(morning|afternoon|evening)\s+(?:at\s+)?(\d{1,2})\b(?![:.]\d)/g,
    read: (match) => {
      const hour = readHour(match[2]);
      return hour === null ? null : { hour, minute: 0, meridiem: meridiemOf(match[1]) };
    },
  },
  {
    regex: /\b(noon|midday|mediodia)\b/g,
    read: () => ({ hour: 12, minute: 0, meridiem: 'pm' }),
  },
];

/**
 * The clock time the message asks for, or null when it names none. When two
 * times are given the last one wins ("move it from 10 to 11:30" → 11:30).
 * Hours 1–7 without am/pm are read as afternoon: nobody books at 4 am.
 *
 * @example
 * parseClockTime('10:20 please') // => { time: '10:20', meridiemStated: false }
 * parseClockTime('half past 2 in the afternoon') // => { time: '14:30', meridiemStated: true }
 * parseClockTime('el jueves a las 10') // => { time: '10:00', meridiemStated: false }
 */
export function parseClockTime(text: string): ClockTime | null {
  const folded = prepare(text);
  const chosen: Candidate[] = [];
  for (const pattern of PATTERNS) {
    pattern.regex.lastIndex = 0;
    for (let match = pattern.regex.exec(folded); match !== null; match = pattern.regex.exec(folded)) {
      const start = match.index;
      const end = start + match[0].length;
      if (chosen.some((other) => start < other.end && other.start < end)) continue;
      const reading = pattern.read(match);
      if (reading !== null) chosen.push({ ...reading, start, end });
    }
  }
  const last = chosen
    .filter((candidate) => isClockReading(candidate.hour, candidate.minute))
    .sort((left, right) => left.start - right.start)
    .at(-1);
  if (last === undefined) return null;
  const meridiem = last.meridiem ?? meridiemFromContext(folded);
  return toClockTime(last.hour, last.minute, meridiem);
}

function prepare(text: string): string {
  return foldText(text)
    .replace(/\bo\s*["'`]?\s*clock\b/g, 'oclock')
    .replace(/\b([ap])\.\s?m\.?(?=\s|$|[,;!?])/g, '$1m')
    .replace(/\b(\d{1,2})(am|pm)\b/g, '$1 $2');
}

function readHour(word: string | undefined): number | null {
  if (word === undefined) return null;
  const hour = /^\d+$/.test(word) ? Number(word) : HOUR_WORDS[word];
  return hour === undefined || hour > 24 ? null : hour;
}

function readMinuteAmount(word: string | undefined): number | null {
  if (word === undefined) return null;
  const amount = /^\d+$/.test(word) ? Number(word) : MINUTE_WORDS[word];
  return amount === undefined || amount <= 0 || amount >= 60 ? null : amount;
}

function meridiemOf(word: string | undefined): Meridiem {
  if (word === undefined) return null;
  if (word === 'am' || word === 'morning' || word === 'manana') return 'am';
  return 'pm';
}

function meridiemFromContext(folded: string): Meridiem {
  if (/\b(afternoon|evening|tonight|(?:la|esta) (?:tarde|noche))\b/.test(folded)) return 'pm';
  if (/\b(morning|(?:la|esta) manana)\b/.test(folded)) return 'am';
  return null;
}

function isClockReading(hour: number, minute: number): boolean {
  return hour >= 0 && hour <= 24 && minute >= 0 && minute <= 59;
}

function toClockTime(rawHour: number, minute: number, meridiem: Meridiem): ClockTime {
  let hour = rawHour % 24;
  if (meridiem === 'pm' && hour < 12) hour += 12;
  if (meridiem === 'am' && hour === 12) hour = 0;
  const meridiemStated = meridiem !== null || hour === 0 || hour >= 13;
  if (meridiem === null && hour >= 1 && hour <= 7) hour += 12;
  return { time: `${pad(hour)}:${pad(minute)}`, meridiemStated };
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}
