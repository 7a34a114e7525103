import type { BusyInterval } from './slot-engine';
import { MILLISECONDS_PER_MINUTE } from './calendar';
import { invalidDate } from './zone-clock';

/**
 * Busy time as sorted, disjoint, half-open spans [starts[i], ends[i]) in epoch milliseconds, each
 * already extended by its appointment's buffer. Merging overlapping and touching spans keeps `ends`
 * increasing too, which is what lets callers sweep with a pointer and binary search by end.
 * Merging touching spans is safe: a half-open candidate overlaps [a, c) exactly when it overlaps
 * [a, b) or [b, c).
 */
export interface BusyTimeline {
  readonly starts: readonly number[];
  readonly ends: readonly number[];
}

interface Span {
  start: number;
  end: number;
}

/**
 * Validates, buffers, sorts and merges busy intervals once per query.
 * @example buildBusyTimeline([{ start: new Date(0), end: new Date(60_000), bufferMinutes: 1 }]) // { starts: [0], ends: [120000] }
 */
export function buildBusyTimeline(busy: readonly BusyInterval[]): BusyTimeline {
  if (!Array.isArray(busy)) throw new RangeError('busy must be an array of busy intervals');
  const timeline = { starts: [] as number[], ends: [] as number[] };
  // Rows usually arrive ordered by start from the database: merge them as they come, and fall
  // back to sorting only when they are out of order.
  for (let index = 0; index < busy.length; index++) {
    const span = blockedSpan(busy[index]!, index);
    if (span.end <= span.start) continue; // an empty span overlaps nothing
    const lastStart = timeline.starts[timeline.starts.length - 1];
    if (lastStart !== undefined && span.start < lastStart) return mergeSpans(busy.map(blockedSpan));
    appendSpan(timeline, span);
  }
  return timeline;
}

function mergeSpans(spans: Span[]): BusyTimeline {
  const timeline = { starts: [] as number[], ends: [] as number[] };
  spans.sort((first, second) => first.start - second.start);
  for (const span of spans) if (span.end > span.start) appendSpan(timeline, span);
  return timeline;
}

function appendSpan(timeline: { starts: number[]; ends: number[] }, span: Span): void {
  const last = timeline.ends.length - 1;
  if (last >= 0 && span.start <= timeline.ends[last]!)
    timeline.ends[last] = Math.max(timeline.ends[last]!, span.end);
  else {
    timeline.starts.push(span.start);
    timeline.ends.push(span.end);
  }
}

// The label is built only on failure: this runs for every busy row of every query.
function blockedSpan(interval: BusyInterval, index: number): Span {
  if (typeof interval !== 'object' || interval === null)
    throw new RangeError(`busy[${index}] must be a busy interval`);
  const start = interval.start instanceof Date ? interval.start.getTime() : Number.NaN;
  const end = interval.end instanceof Date ? interval.end.getTime() : Number.NaN;
  if (Number.isNaN(start)) throw invalidDate(`busy[${index}].start`, interval.start);
  if (Number.isNaN(end)) throw invalidDate(`busy[${index}].end`, interval.end);
  if (end < start) throw new RangeError(`busy[${index}] ends before it starts`);
  const buffer = interval.bufferMinutes;
  if (!Number.isInteger(buffer) || buffer < 0) {
    throw new RangeError(
      `busy[${index}].bufferMinutes must be a whole number of minutes >= 0, got ${String(buffer)}`,
    );
  }
  return { start, end: end + buffer * MILLISECONDS_PER_MINUTE };
}

/** Index of the first span ending after `instant` (spans.length when none), by binary search. */
export function firstSpanEndingAfter(timeline: BusyTimeline, instant: number): number {
  let low = 0;
  let high = timeline.ends.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (timeline.ends[middle]! <= instant) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** Whether [start, end) overlaps any busy span; touching is not overlapping. */
export function overlapsBusy(timeline: BusyTimeline, start: number, end: number): boolean {
  const index = firstSpanEndingAfter(timeline, start);
  return index < timeline.starts.length && timeline.starts[index]! < end;
}
