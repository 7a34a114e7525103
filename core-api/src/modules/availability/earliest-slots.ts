import type { Slot, SlotQuery } from './slot-engine';
import { MILLISECONDS_PER_DAY } from './calendar';
import {
  bookableDays,
  parseDateRange,
  prepareSlotRules,
  slotStartsOnDay,
  type SlotRules,
} from './slot-rules';
import { wallClockToInstant } from './zone-clock';

/*
 * A k-way merge over professionals that computes as little as possible: each professional expands
 * one local date at a time, and only when the merge reaches that date's first instant. A heap entry
 * is either a professional's next slot or a "pending" lower bound for everything it has not
 * expanded yet, so professionals whose days start after the limit-th slot are never computed.
 */

interface SlotSource {
  readonly key: string;
  readonly rules: SlotRules;
  readonly lastDay: number;
  /** The next local date (epoch day) not yet expanded. */
  nextDay: number;
  /** Offered starts of the last expanded date, and how many of them were already merged. */
  dayStarts: number[];
  position: number;
}

interface HeapEntry {
  /** A slot start, or for a pending entry the earliest instant any of its slots could start. */
  readonly at: number;
  readonly pending: boolean;
  readonly source: SlotSource;
}

/**
 * The first `limit` slots across several professionals, earliest first, ties broken by key.
 * Each query is validated as in computeSlots; `key` identifies its professional in the result.
 * @example
 * earliestSlots([{ ...madridQuery, key: 'ana' }, { ...newYorkQuery, key: 'bob' }], 3);
 * // [{ key: 'ana', start, end }, { key: 'ana', … }, { key: 'bob', … }] in start order
 */
export function earliestSlots(
  queries: Array<SlotQuery & { key: string }>,
  limit: number,
): Array<Slot & { key: string }> {
  if (!Array.isArray(queries)) throw new RangeError('queries must be an array');
  if (!Number.isInteger(limit) || limit < 0)
    throw new RangeError(`limit must be a whole number >= 0, got ${limit}`);
  const heap = new EntryHeap();
  queries.forEach((query, index) => pushNext(heap, createSource(query, index)));
  const slots: Array<Slot & { key: string }> = [];
  while (slots.length < limit) {
    const entry = heap.pop();
    if (entry === undefined) break;
    const { source } = entry;
    if (entry.pending) expandNextDay(source);
    else {
      slots.push({
        start: new Date(entry.at),
        end: new Date(entry.at + source.rules.serviceLength),
        key: source.key,
      });
      source.position++;
    }
    pushNext(heap, source);
  }
  return slots;
}

function createSource(query: SlotQuery & { key: string }, index: number): SlotSource {
  const key: unknown = query?.key;
  if (typeof key !== 'string') throw new RangeError(`queries[${index}].key must be a string`);
  try {
    const rules = prepareSlotRules(query);
    const { fromDay, toDay } = parseDateRange(query.from, query.to);
    const { first, last } = bookableDays(rules, fromDay, toDay);
    return { key, rules, lastDay: last, nextDay: first, dayStarts: [], position: 0 };
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    throw new RangeError(`queries[${index}] (key ${JSON.stringify(key)}): ${error.message}`, {
      cause: error,
    });
  }
}

function expandNextDay(source: SlotSource): void {
  source.dayStarts = slotStartsOnDay(source.rules, source.nextDay);
  source.position = 0;
  source.nextDay++;
}

function pushNext(heap: EntryHeap, source: SlotSource): void {
  const start = source.dayStarts[source.position];
  if (start !== undefined) heap.push({ at: start, pending: false, source });
  else if (source.nextDay <= source.lastDay)
    heap.push({ at: firstPossibleStart(source), pending: true, source });
}

// Local midnight resolves to the date's first instant (see wallClockToInstant), so no slot of the
// date can start earlier.
function firstPossibleStart(source: SlotSource): number {
  const midnight = wallClockToInstant(source.rules.timeZone, source.nextDay * MILLISECONDS_PER_DAY);
  return Math.max(midnight, source.rules.earliestStart);
}

function precedes(first: HeapEntry, second: HeapEntry): boolean {
  if (first.at !== second.at) return first.at < second.at;
  // A pending date may still hold a slot at this very instant with a smaller key: expand it first.
  if (first.pending !== second.pending) return first.pending;
  return first.source.key < second.source.key;
}

/** A binary min-heap ordered by `precedes`. */
class EntryHeap {
  private readonly entries: HeapEntry[] = [];

  push(entry: HeapEntry): void {
    const entries = this.entries;
    let index = entries.push(entry) - 1;
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if (!precedes(entry, entries[parent]!)) break;
      entries[index] = entries[parent]!;
      index = parent;
    }
    entries[index] = entry;
  }

  pop(): HeapEntry | undefined {
    const entries = this.entries;
    const top = entries[0];
    const last = entries.pop();
    if (top === undefined || last === undefined || entries.length === 0) return top;
    let index = 0;
    for (;;) {
      const left = index * 2 + 1;
      if (left >= entries.length) break;
      const right = left + 1;
      const child = right < entries.length && precedes(entries[right]!, entries[left]!) ? right : left;
      if (!precedes(entries[child]!, last)) break;
      entries[index] = entries[child]!;
      index = child;
    }
    entries[index] = last;
    return top;
  }
}
