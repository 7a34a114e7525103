import { describe, it, expect } from 'vitest';
import { DateTime } from 'luxon';
import type { BusyInterval, DateException, SlotQuery, Weekday, WeeklyRule } from './slot-engine';
import { computeSlots, isSlotOffered } from './slot-engine';

/*
 * Randomised cross-check against a deliberately naive oracle: luxon objects per candidate and a
 * linear scan of every busy interval. Windows stay between 05:00 and 23:59 so that no wall time
 * falls in a DST gap or overlap, where the engine's policy intentionally differs from luxon's.
 */

const ZONES = [
  'Europe/Madrid',
  'America/New_York',
  'Asia/Kolkata',
  'Australia/Sydney',
  'America/Sao_Paulo',
  'UTC',
];
const MINUTE = 60_000;

/** mulberry32: a tiny seeded generator, so every run checks the same scenarios. */
function seededRandom(seed: number): (below: number) => number {
  let state = seed;
  return (below) => {
    state = (state + 0x6d2b79f5) | 0;
    let mixed = Math.imul(state ^ (state >>> 15), 1 | state);
    mixed = (mixed + Math.imul(mixed ^ (mixed >>> 7), 61 | mixed)) ^ mixed;
    return Math.floor((((mixed ^ (mixed >>> 14)) >>> 0) / 4_294_967_296) * below);
  };
}

const clock = (minutes: number) =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

function randomWindow(random: (below: number) => number): { start: string; end: string } {
  const start = 5 * 60 + random(15 * 12) * 5;
  const end = Math.min(start + 30 + random(60) * 5, 23 * 60 + 55);
  return { start: clock(start), end: clock(end) };
}

function randomScenario(random: (below: number) => number): SlotQuery {
  const timeZone = ZONES[random(ZONES.length)]!;
  const now = DateTime.fromObject(
    { year: 2026, ordinal: 1 + random(330), hour: 6 + random(16), minute: random(60) },
    { zone: timeZone },
  );
  const weeklyRules: WeeklyRule[] = Array.from({ length: random(12) }, () => ({
    weekday: (1 + random(7)) as Weekday,
    ...randomWindow(random),
  }));
  const exceptions: DateException[] = Array.from({ length: random(4) }, () => {
    const date = now.plus({ days: random(16) }).toISODate()!;
    return random(3) === 0 ? { date, closed: true } : { date, closed: false, ...randomWindow(random) };
  });
  const busy: BusyInterval[] = Array.from({ length: random(20) }, () => {
    // On the hour, so busy edges often touch candidate edges exactly.
    const start = now.startOf('hour').toMillis() + random(16 * 24 * 12) * 5 * MINUTE;
    return {
      start: new Date(start),
      end: new Date(start + random(24) * 5 * MINUTE),
      bufferMinutes: random(4) * 5,
    };
  });
  const from = now.plus({ days: random(3) - 1 });
  return {
    profile: {
      timeZone,
      weeklyRules,
      exceptions,
      bufferMinutes: random(4) * 5,
      minNoticeHours: random(30),
      bookingHorizonDays: 1 + random(14),
    },
    serviceMinutes: 5 + random(24) * 5,
    from: from.toISODate()!,
    to: from.plus({ days: random(14) }).toISODate()!,
    now: now.toJSDate(),
    busy,
  };
}

function naiveSlots(query: SlotQuery): number[] {
  const { profile } = query;
  const zone = profile.timeZone;
  const earliest = query.now.getTime() + profile.minNoticeHours * 3_600_000;
  const latest = DateTime.fromJSDate(query.now, { zone })
    .plus({ days: profile.bookingHorizonDays })
    .toMillis();
  const step = (query.serviceMinutes + profile.bufferMinutes) * MINUTE;
  const starts = new Set<number>();
  for (
    let day = DateTime.fromISO(query.from, { zone });
    day.toISODate()! <= query.to;
    day = day.plus({ days: 1 })
  ) {
    const rows = profile.exceptions.filter((exception) => exception.date === day.toISODate());
    const windows =
      rows.length > 0
        ? rows.some((row) => row.closed)
          ? []
          : rows
        : profile.weeklyRules.filter((rule) => rule.weekday === day.weekday);
    for (const window of windows) {
      const at = (text: string) =>
        day.set({ hour: Number(text.slice(0, 2)), minute: Number(text.slice(3, 5)) }).toMillis();
      for (
        let start = at(window.start!);
        start + query.serviceMinutes * MINUTE <= at(window.end!);
        start += step
      ) {
        const blocked = query.busy.some(
          (busy) =>
            start < busy.end.getTime() + busy.bufferMinutes * MINUTE && busy.start.getTime() < start + step,
        );
        if (start >= earliest && start <= latest && !blocked) starts.add(start);
      }
    }
  }
  return [...starts].sort((first, second) => first - second);
}

describe('computeSlots against a naive oracle', () => {
  it('agrees on 300 random scenarios across zones, and isSlotOffered agrees on sampled starts', () => {
    const random = seededRandom(20_261_208);
    let slotCount = 0;
    for (let scenario = 0; scenario < 300; scenario++) {
      const query = randomScenario(random);
      const starts = computeSlots(query).map((slot) => slot.start.getTime());
      expect(starts, JSON.stringify(query)).toEqual(naiveSlots(query));
      slotCount += starts.length;
      const offered = new Set(starts);
      for (const start of [...starts.slice(0, 3), ...starts.map((start) => start + 5 * MINUTE).slice(0, 3)]) {
        expect(isSlotOffered(query, new Date(start))).toBe(offered.has(start));
      }
    }
    expect(slotCount).toBeGreaterThan(1_000);
  });
});
