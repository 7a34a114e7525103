/**
 * A span of clock time in a message: "from 15:00 to 17:00", "between 3 and
 * 5pm", "de 10 a 12", "entre las 16 y las 18", "after 4pm", "hasta las 11".
 * Each end is read by parseClockTime, so "3" means 15:00 as it does there.
 */
import { foldText } from './normalize-text';
import { parseClockTime } from './parse-clock-time';

/**
 * @example
 * const range: TimeRange = { from: '15:00', to: '17:00' };
 */
export interface TimeRange {
  /** HH:mm, local. */
  from: string;
  /** HH:mm, local; "24:00" for "after 4pm". */
  to: string;
}

const TIME = String.raw`\d{1,2}(?:[:.h]\d{2})?(?:\s*(?:am|pm|h))?`;
const BETWEEN = new RegExp(
  String.raw`\b(?:from|between|de|desde|entre)\s+(?:las?\s+)?(${TIME})\s*(?:to|and|until|till|-|–|a|hasta|y)\s+(?:las?\s+)?(${TIME})`,
);
const AFTER = new RegExp(String.raw`\b(?:after|from|a partir de|desde|despues de)\s+(?:las?\s+)?(${TIME})`);
const UNTIL = new RegExp(String.raw`\b(?:until|till|before|hasta|antes de)\s+(?:las?\s+)?(${TIME})`);
const PART_WORDS = /\b(?:morning|afternoon|evening|tonight|manana|tarde|noche)\b/g;

// An end is read with the part of the day the message names ("from 3 to 5 in the afternoon").
function clockOf(time: string, folded: string, withPart = true): string | null {
  const parts = withPart ? (folded.match(PART_WORDS) ?? []) : [];
  const part = parts.length > 0 ? ` in the ${parts[0] === 'manana' ? 'morning' : 'afternoon'}` : '';
  // "at" makes a bare number ("from 3") read as a time, as it would in "at 3".
  return parseClockTime(`at ${time.replace(/h$/, '')}${part}`)?.time ?? null;
}

// "from 10 to 12 in the morning": noon is no morning hour, so a span the part of day makes backwards is read without it.
function spanOf(first: string, second: string, folded: string): TimeRange | null {
  for (const withPart of [true, false]) {
    const from = clockOf(first, folded, withPart);
    const to = clockOf(second, folded, withPart);
    if (from !== null && to !== null && from < to) return { from, to };
  }
  return null;
}

/**
 * The clock span a message names, or null when it names none. A lone time
 * ("at 10") is not a span.
 *
 * @example
 * parseTimeRange('block Friday from 3 to 5pm') // => { from: '15:00', to: '17:00' }
 * parseTimeRange('bloquea el lunes de 10 a 12') // => { from: '10:00', to: '12:00' }
 * parseTimeRange('close tomorrow after 4pm') // => { from: '16:00', to: '24:00' }
 */
export function parseTimeRange(text: string): TimeRange | null {
  const folded = foldText(text);
  const between = BETWEEN.exec(folded);
  if (between !== null) return spanOf(between[1] ?? '', between[2] ?? '', folded);
  const after = AFTER.exec(folded);
  if (after !== null) {
    const from = clockOf(after[1] ?? '', folded);
    return from === null ? null : { from, to: '24:00' };
  }
  const until = UNTIL.exec(folded);
  if (until !== null) {
    const to = clockOf(until[1] ?? '', folded);
    return to === null || to === '00:00' ? null : { from: '00:00', to };
  }
  return null;
}
