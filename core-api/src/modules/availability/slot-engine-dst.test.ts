import { describe, it, expect } from 'vitest';
import { computeSlots, formatInZone, isSlotOffered, type SlotQuery } from './slot-engine';
import { minutesBetweenStarts, startsIn, sundayQuery, SUNDAY, weekly } from './slot-test-fixtures';

/*
 * 2026 transitions: Europe springs forward on 29 March (Madrid 02:00 -> 03:00) and falls back on
 * 25 October (Madrid 03:00 -> 02:00, London 02:00 -> 01:00); the US springs forward on 8 March and
 * falls back on 1 November (New York 02:00 -> 03:00, then 02:00 -> 01:00). All are Sundays.
 */

const MADRID = 'Europe/Madrid';
const LONDON = 'Europe/London';
const NEW_YORK = 'America/New_York';
const LOS_ANGELES = 'America/Los_Angeles';
const TOKYO = 'Asia/Tokyo';

describe('DST in Europe', () => {
  it('steps in real minutes through the spring-forward gap (Madrid, 2026-03-29)', () => {
    const hourly = sundayQuery({
      timeZone: MADRID,
      date: '2026-03-29',
      start: '00:00',
      end: '06:00',
      serviceMinutes: 60,
    });
    // Six wall-clock hours are five real ones, so five slots, and the offset changes from +01 to +02.
    expect(startsIn(computeSlots(hourly), MADRID)).toEqual([
      '2026-03-29T00:00:00+01:00',
      '2026-03-29T01:00:00+01:00',
      '2026-03-29T03:00:00+02:00',
      '2026-03-29T04:00:00+02:00',
      '2026-03-29T05:00:00+02:00',
    ]);
    const withBuffer = { ...hourly, serviceMinutes: 30 };
    withBuffer.profile = {
      ...hourly.profile,
      bufferMinutes: 10,
      weeklyRules: weekly([SUNDAY], '00:00', '05:00'),
    };
    expect(startsIn(computeSlots(withBuffer), MADRID).map((text) => text.slice(11))).toEqual([
      '00:00:00+01:00',
      '00:40:00+01:00',
      '01:20:00+01:00',
      '03:00:00+02:00',
      '03:40:00+02:00',
      '04:20:00+02:00',
    ]);
    expect(minutesBetweenStarts(withBuffer)).toEqual([40, 40, 40, 40, 40]);
  });

  it('moves a wall time inside the gap forward to the first valid instant, 03:00', () => {
    const startsInGap = sundayQuery({
      timeZone: MADRID,
      date: '2026-03-29',
      start: '02:30',
      end: '04:00',
      serviceMinutes: 30,
    });
    expect(startsIn(computeSlots(startsInGap), MADRID)).toEqual([
      '2026-03-29T03:00:00+02:00',
      '2026-03-29T03:30:00+02:00',
    ]);
    const endsInGap = sundayQuery({
      timeZone: MADRID,
      date: '2026-03-29',
      start: '00:00',
      end: '02:30',
      serviceMinutes: 60,
    });
    expect(startsIn(computeSlots(endsInGap), MADRID)).toEqual([
      '2026-03-29T00:00:00+01:00',
      '2026-03-29T01:00:00+01:00',
    ]);
  });

  it('steps in real minutes through the repeated hour (Madrid, 2026-10-25)', () => {
    const hourly = sundayQuery({
      timeZone: MADRID,
      date: '2026-10-25',
      start: '00:00',
      end: '04:00',
      serviceMinutes: 60,
    });
    // Four wall-clock hours are five real ones: 02:00 is offered twice, with different offsets.
    expect(startsIn(computeSlots(hourly), MADRID)).toEqual([
      '2026-10-25T00:00:00+02:00',
      '2026-10-25T01:00:00+02:00',
      '2026-10-25T02:00:00+02:00',
      '2026-10-25T02:00:00+01:00',
      '2026-10-25T03:00:00+01:00',
    ]);
  });

  it('reads an ambiguous wall time with the earlier offset (its first occurrence)', () => {
    const query = sundayQuery({
      timeZone: MADRID,
      date: '2026-10-25',
      start: '02:30',
      end: '03:30',
      serviceMinutes: 30,
    });
    expect(startsIn(computeSlots(query), MADRID)).toEqual([
      '2026-10-25T02:30:00+02:00',
      '2026-10-25T02:00:00+01:00',
      '2026-10-25T02:30:00+01:00',
      '2026-10-25T03:00:00+01:00',
    ]);
  });

  it('handles London, whose winter offset is +00:00 and never "Z"', () => {
    const query = sundayQuery({
      timeZone: LONDON,
      date: '2026-10-25',
      start: '00:00',
      end: '03:00',
      serviceMinutes: 60,
    });
    expect(startsIn(computeSlots(query), LONDON)).toEqual([
      '2026-10-25T00:00:00+01:00',
      '2026-10-25T01:00:00+01:00',
      '2026-10-25T01:00:00+00:00',
      '2026-10-25T02:00:00+00:00',
    ]);
  });

  it('keeps 09:00 local on both sides of the change, 23 real hours apart', () => {
    const query = sundayQuery({
      timeZone: MADRID,
      date: '2026-03-28',
      start: '09:00',
      end: '10:00',
      serviceMinutes: 60,
    });
    query.profile.weeklyRules = weekly([6, 7, 1], '09:00', '10:00');
    query.to = '2026-03-30';
    expect(startsIn(computeSlots(query), MADRID)).toEqual([
      '2026-03-28T09:00:00+01:00',
      '2026-03-29T09:00:00+02:00',
      '2026-03-30T09:00:00+02:00',
    ]);
    expect(minutesBetweenStarts(query)).toEqual([23 * 60, 24 * 60]);
  });
});

describe('DST in the United States', () => {
  it('steps in real minutes through the spring-forward gap (New York, 2026-03-08)', () => {
    const query = sundayQuery({
      timeZone: NEW_YORK,
      date: '2026-03-08',
      start: '00:00',
      end: '05:00',
      serviceMinutes: 50,
      bufferMinutes: 10,
    });
    expect(startsIn(computeSlots(query), NEW_YORK)).toEqual([
      '2026-03-08T00:00:00-05:00',
      '2026-03-08T01:00:00-05:00',
      '2026-03-08T03:00:00-04:00',
      '2026-03-08T04:00:00-04:00',
    ]);
  });

  it('steps in real minutes through the repeated hour (New York, 2026-11-01)', () => {
    const query = sundayQuery({
      timeZone: NEW_YORK,
      date: '2026-11-01',
      start: '00:00',
      end: '03:00',
      serviceMinutes: 50,
      bufferMinutes: 10,
    });
    expect(startsIn(computeSlots(query), NEW_YORK)).toEqual([
      '2026-11-01T00:00:00-04:00',
      '2026-11-01T01:00:00-04:00',
      '2026-11-01T01:00:00-05:00',
      '2026-11-01T02:00:00-05:00',
    ]);
  });
});

describe('a patient in another zone', () => {
  it('sees the same instants: Madrid spring-forward slots read hourly from Tokyo, which has no DST', () => {
    const query = sundayQuery({
      timeZone: MADRID,
      date: '2026-03-29',
      start: '00:00',
      end: '06:00',
      serviceMinutes: 60,
    });
    const slots = computeSlots(query);
    expect(startsIn(slots, TOKYO)).toEqual([
      '2026-03-29T08:00:00+09:00',
      '2026-03-29T09:00:00+09:00',
      '2026-03-29T10:00:00+09:00',
      '2026-03-29T11:00:00+09:00',
      '2026-03-29T12:00:00+09:00',
    ]);
    expect(slots.map((slot) => new Date(formatInZone(slot.start, TOKYO)).getTime())).toEqual(
      slots.map((slot) => slot.start.getTime()),
    );
  });

  it('sees New York fall-back slots from Los Angeles, which changes three hours later', () => {
    const query = sundayQuery({
      timeZone: NEW_YORK,
      date: '2026-11-01',
      start: '00:00',
      end: '03:00',
      serviceMinutes: 50,
      bufferMinutes: 10,
    });
    expect(startsIn(computeSlots(query), LOS_ANGELES)).toEqual([
      '2026-10-31T21:00:00-07:00',
      '2026-10-31T22:00:00-07:00',
      '2026-10-31T23:00:00-07:00',
      '2026-11-01T00:00:00-07:00',
    ]);
  });

  it('sees the Europe/US mismatch weeks: 09:00 Madrid is 01:00 then 00:00 in Los Angeles', () => {
    const query = sundayQuery({
      timeZone: MADRID,
      date: '2026-03-27',
      start: '09:00',
      end: '10:00',
      serviceMinutes: 60,
    });
    query.profile.weeklyRules = weekly([1, 5], '09:00', '10:00');
    query.to = '2026-03-30';
    expect(startsIn(computeSlots(query), LOS_ANGELES)).toEqual([
      '2026-03-27T01:00:00-07:00',
      '2026-03-30T00:00:00-07:00',
    ]);
  });
});

describe('isSlotOffered on transition days', () => {
  const cases: Array<[string, SlotQuery]> = [
    [
      'Madrid spring',
      sundayQuery({
        timeZone: MADRID,
        date: '2026-03-29',
        start: '00:00',
        end: '05:00',
        serviceMinutes: 30,
        bufferMinutes: 10,
      }),
    ],
    [
      'Madrid gap start',
      sundayQuery({ timeZone: MADRID, date: '2026-03-29', start: '02:30', end: '04:00', serviceMinutes: 20 }),
    ],
    [
      'Madrid autumn',
      sundayQuery({ timeZone: MADRID, date: '2026-10-25', start: '02:30', end: '03:30', serviceMinutes: 30 }),
    ],
    [
      'New York spring',
      sundayQuery({
        timeZone: NEW_YORK,
        date: '2026-03-08',
        start: '00:00',
        end: '05:00',
        serviceMinutes: 45,
        bufferMinutes: 5,
      }),
    ],
    [
      'New York autumn',
      sundayQuery({
        timeZone: NEW_YORK,
        date: '2026-11-01',
        start: '00:30',
        end: '03:00',
        serviceMinutes: 25,
        bufferMinutes: 5,
      }),
    ],
  ];

  it.each(cases)('agrees with computeSlots for every minute (%s)', (_name, query) => {
    const offered = new Set(computeSlots(query).map((slot) => slot.start.getTime()));
    expect(offered.size).toBeGreaterThan(1);
    const dayStart = Date.parse(`${query.from}T00:00:00Z`);
    const disagreements: string[] = [];
    for (let instant = dayStart - 14 * 3_600_000; instant < dayStart + 38 * 3_600_000; instant += 60_000) {
      if (isSlotOffered(query, new Date(instant)) !== offered.has(instant))
        disagreements.push(new Date(instant).toISOString());
    }
    expect(disagreements).toEqual([]);
  });
});
