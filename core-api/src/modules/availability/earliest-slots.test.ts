import { describe, it, expect } from 'vitest';
import { computeSlots, earliestSlots, formatInZone, type Slot, type SlotQuery } from './slot-engine';
import { madridProfile, MONDAY_TO_FRIDAY, queryFor, weekly } from './slot-test-fixtures';

type KeyedQuery = SlotQuery & { key: string };
type KeyedSlot = Slot & { key: string };

function keyed(key: string, query: SlotQuery): KeyedQuery {
  return { ...query, key };
}

/** The slow, obviously correct answer: every slot of every professional, sorted by start then key. */
function mergedByBruteForce(queries: KeyedQuery[]): KeyedSlot[] {
  return queries
    .flatMap((query) => computeSlots(query).map((slot) => ({ ...slot, key: query.key })))
    .sort(
      (first, second) => first.start.getTime() - second.start.getTime() || (first.key < second.key ? -1 : 1),
    );
}

const WEEK = { from: '2026-12-07', to: '2026-12-13' };

const madrid = keyed('madrid', { ...queryFor('2026-12-07'), ...WEEK });
const newYork = keyed('new-york', {
  ...queryFor('2026-12-07'),
  ...WEEK,
  profile: madridProfile({
    timeZone: 'America/New_York',
    weeklyRules: weekly(MONDAY_TO_FRIDAY, '08:00', '17:00'),
  }),
  serviceMinutes: 45,
});
const tokyo = keyed('tokyo', {
  ...queryFor('2026-12-07'),
  ...WEEK,
  profile: madridProfile({
    timeZone: 'Asia/Tokyo',
    weeklyRules: weekly([1, 3, 6], '10:00', '19:00'),
    bufferMinutes: 0,
  }),
  serviceMinutes: 60,
});

describe('earliestSlots', () => {
  it('merges professionals in different zones, earliest first', () => {
    const slots = earliestSlots([madrid, newYork, tokyo], 6);
    // Monday 2026-12-07: Tokyo opens first (01:00Z), then Madrid (08:00Z); New York only at 13:00Z.
    expect(slots.map((slot) => `${slot.key} ${slot.start.toISOString()}`)).toEqual([
      'tokyo 2026-12-07T01:00:00.000Z',
      'tokyo 2026-12-07T02:00:00.000Z',
      'tokyo 2026-12-07T03:00:00.000Z',
      'tokyo 2026-12-07T04:00:00.000Z',
      'tokyo 2026-12-07T05:00:00.000Z',
      'tokyo 2026-12-07T06:00:00.000Z',
    ]);
    expect(formatInZone(slots[0]!.start, 'Asia/Tokyo')).toBe('2026-12-07T10:00:00+09:00');
  });

  it('equals the first `limit` slots of the full merge for every limit', () => {
    const queries = [madrid, newYork, tokyo];
    const everything = mergedByBruteForce(queries);
    expect(everything.length).toBeGreaterThan(100);
    for (const limit of [0, 1, 2, 7, 25, 60, everything.length, everything.length + 10]) {
      expect(earliestSlots(queries, limit)).toEqual(everything.slice(0, limit));
    }
  });

  it('breaks ties by key, whatever the order of the queries', () => {
    const same = { ...queryFor('2026-12-08') };
    const slots = earliestSlots([keyed('b', same), keyed('c', same), keyed('a', same)], 6);
    expect(slots.map((slot) => slot.key)).toEqual(['a', 'b', 'c', 'a', 'b', 'c']);
    expect(slots[0]!.start).toEqual(slots[2]!.start);
    expect(slots[3]!.start.getTime() - slots[0]!.start.getTime()).toBe(40 * 60_000);
  });

  it('skips professionals without slots and returns fewer than `limit` when that is all there is', () => {
    const closed = keyed('closed', {
      ...madrid,
      profile: madridProfile({ exceptions: [{ date: '2026-12-08', closed: true }] }),
      from: '2026-12-08',
      to: '2026-12-08',
    });
    const oneDay = keyed('one-day', queryFor('2026-12-09'));
    const slots = earliestSlots([closed, oneDay], 100);
    expect(slots).toHaveLength(6); // Wednesday: morning only, 09:00 to 12:20
    expect(new Set(slots.map((slot) => slot.key))).toEqual(new Set(['one-day']));
    expect(earliestSlots([], 5)).toEqual([]);
  });

  it('merges many professionals correctly, with staggered notice and busy time', () => {
    const queries = Array.from({ length: 60 }, (_, index) =>
      keyed(`professional-${String(index).padStart(2, '0')}`, {
        ...queryFor('2026-12-07'),
        to: '2026-12-20',
        serviceMinutes: 20 + (index % 4) * 10,
        now: new Date(Date.UTC(2026, 11, 6, index % 24)),
        busy: [
          {
            start: new Date(Date.UTC(2026, 11, 7, 8 + (index % 5))),
            end: new Date(Date.UTC(2026, 11, 7, 9 + (index % 5), index % 60)),
            bufferMinutes: index % 15,
          },
        ],
        profile: madridProfile({ minNoticeHours: index % 36, bufferMinutes: index % 3 === 0 ? 0 : 10 }),
      }),
    );
    const everything = mergedByBruteForce(queries);
    expect(earliestSlots(queries, 250)).toEqual(everything.slice(0, 250));
  });

  it('rejects a negative limit and names the key of an invalid query', () => {
    expect(() => earliestSlots([madrid], -1)).toThrow(RangeError);
    expect(() => earliestSlots([madrid], 1.5)).toThrow(RangeError);
    const broken = keyed('broken', { ...madrid, profile: madridProfile({ timeZone: 'Not/AZone' }) });
    expect(() => earliestSlots([madrid, broken], 3)).toThrow(/queries\[1\] \(key "broken"\).*timeZone/);
  });
});
