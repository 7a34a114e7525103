/**
 * Part of the day and "as soon as possible" requests, which narrow a slot
 * search without naming a clock time.
 */
import { foldText } from './normalize-text';

/**
 * Morning is before 12:00, afternoon 12:00–18:00, evening after 17:00.
 *
 * @example
 * const part: PartOfDay = 'afternoon'; // "por la tarde"
 */
export type PartOfDay = 'morning' | 'afternoon' | 'evening';

// Spanish "mañana" alone means tomorrow; only "la/esta mañana" is the morning.
const PART_PATTERNS: Array<{ part: PartOfDay; regex: RegExp }> = [
  {
    part: 'morning',
    regex: /\b(?:morning|mornings|(?:la|esta) manana|(?:las|por las) mananas|a primera hora)\b/,
  },
  { part: 'afternoon', regex: /\b(?:afternoon|afternoons|(?:la|esta) tarde|(?:las|por las) tardes)\b/ },
  {
    part: 'evening',
    regex: /\b(?:evening|evenings|tonight|after work|(?:la|esta) noche|a ultima hora|despues del trabajo)\b/,
  },
];

const EARLIEST_PATTERN =
  /\b(?:as soon as possible|asap|soonest|earliest|first available|next available|first free|first opening|lo antes posible|cuanto antes|lo mas pronto(?: posible)?|(?:la )?primera (?:cita|hora|fecha) (?:libre|disponible)|(?:el )?primer hueco|lo primero (?:que haya|disponible))\b/;

/**
 * The part of the day named in the message; the first one mentioned wins.
 *
 * @example
 * parsePartOfDay('next Tuesday morning') // => 'morning'
 * parsePartOfDay('mañana por la tarde') // => 'afternoon'
 * parsePartOfDay('mañana') // => null (tomorrow, not morning)
 */
export function parsePartOfDay(text: string): PartOfDay | null {
  const folded = foldText(text);
  let best: { part: PartOfDay; index: number } | null = null;
  for (const { part, regex } of PART_PATTERNS) {
    const match = regex.exec(folded);
    if (match !== null && (best === null || match.index < best.index)) best = { part, index: match.index };
  }
  return best?.part ?? null;
}

/**
 * True when the message asks for the earliest free slot.
 *
 * @example
 * wantsEarliest('the earliest you have, please') // => true
 * wantsEarliest('lo antes posible') // => true
 */
export function wantsEarliest(text: string): boolean {
  return EARLIEST_PATTERN.test(foldText(text));
}
