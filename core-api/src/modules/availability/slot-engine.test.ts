import { describe, it, expect } from 'vitest';
import { computeSlots, isSlotOffered, type SlotQuery } from './slot-engine';
import { busyInterval, clockTimesIn, madridProfile, queryFor, startsIn, weekly } from './slot-test-fixtures';

const MADRID = 'Europe/Madrid';
const NEW_YORK = 'America/New_York';

describe('computeSlots: reference example', () => {
  it('offers exactly 09:40 to 17:00 on 2026-12-08 around a 09:00 appointment with a 10 minute buffer', () => {
    const slots = computeSlots(
      queryFor('2026-12-08', { busy: [busyInterval('2026-12-08T08:00:00Z', '2026-12-08T08:30:00Z', 10)] }),
    );
    expect(startsIn(slots, MADRID)).toEqual([
      '2026-12-08T09:40:00+01:00',
      '2026-12-08T10:20:00+01:00',
      '2026-12-08T11:00:00+01:00',
      '2026-12-08T11:40:00+01:00',
      '2026-12-08T12:20:00+01:00',
      '2026-12-08T15:00:00+01:00',
      '2026-12-08T15:40:00+01:00',
      '2026-12-08T16:20:00+01:00',
      '2026-12-08T17:00:00+01:00',
    ]);
    // The end is the service end; the buffer is not part of the slot.
    expect(slots.every((slot) => slot.end.getTime() - slot.start.getTime() === 30 * 60_000)).toBe(true);
  });

  it('returns slots of several dates in start order, skipping days without rules', () => {
    const slots = computeSlots({ ...queryFor('2026-12-04'), to: '2026-12-07' });
    const dates = new Set(startsIn(slots, MADRID).map((text) => text.slice(0, 10)));
    expect([...dates]).toEqual(['2026-12-04', '2026-12-07']);
    const starts = slots.map((slot) => slot.start.getTime());
    expect(starts).toEqual([...starts].sort((first, second) => first - second));
  });
});

describe('computeSlots: exceptions', () => {
  it('offers nothing on a closed date and keeps the days around it', () => {
    const profile = madridProfile({ exceptions: [{ date: '2026-12-08', closed: true }] });
    const slots = computeSlots({ ...queryFor('2026-12-07', { profile }), to: '2026-12-09' });
    const dates = new Set(startsIn(slots, MADRID).map((text) => text.slice(0, 10)));
    expect([...dates]).toEqual(['2026-12-07', '2026-12-09']);
  });

  it('closes the date when any of its rows is closed, even next to replacement hours', () => {
    const profile = madridProfile({
      exceptions: [
        { date: '2026-12-08', closed: false, start: '08:00', end: '20:00' },
        { date: '2026-12-08', closed: true },
      ],
    });
    expect(computeSlots(queryFor('2026-12-08', { profile }))).toEqual([]);
  });

  it('replaces the weekly hours with the exception hours (New York, 10:00-14:00 instead of two windows)', () => {
    const profile = madridProfile({
      timeZone: NEW_YORK,
      weeklyRules: [...weekly([1], '08:00', '12:00'), ...weekly([1], '13:00', '16:00')],
      exceptions: [{ date: '2026-12-07', closed: false, start: '10:00', end: '14:00' }],
      bufferMinutes: 15,
    });
    const query = queryFor('2026-12-07', { profile, serviceMinutes: 45 });
    expect(startsIn(computeSlots(query), NEW_YORK)).toEqual([
      '2026-12-07T10:00:00-05:00',
      '2026-12-07T11:00:00-05:00',
      '2026-12-07T12:00:00-05:00',
      '2026-12-07T13:00:00-05:00',
    ]);
    // The following Monday has no exception and keeps its weekly hours.
    const nextMonday = computeSlots({ ...query, from: '2026-12-14', to: '2026-12-14' });
    expect(clockTimesIn(nextMonday, NEW_YORK)).toEqual([
      '08:00',
      '09:00',
      '10:00',
      '11:00',
      '13:00',
      '14:00',
      '15:00',
    ]);
  });

  it('combines several replacement windows on one date, whatever their order', () => {
    const profile = madridProfile({
      exceptions: [
        { date: '2026-12-08', closed: false, start: '19:00', end: '20:00' },
        { date: '2026-12-08', closed: false, start: '08:00', end: '09:00' },
      ],
    });
    expect(clockTimesIn(computeSlots(queryFor('2026-12-08', { profile })), MADRID)).toEqual([
      '08:00',
      '19:00',
    ]);
  });
});

describe('computeSlots: minimum notice and booking horizon', () => {
  it('drops candidates that start sooner than now + minNoticeHours', () => {
    // now + 12 h = 2026-12-08 10:00 in Madrid.
    const slots = computeSlots(queryFor('2026-12-08', { now: new Date('2026-12-07T21:00:00Z') }));
    expect(clockTimesIn(slots, MADRID).slice(0, 3)).toEqual(['10:20', '11:00', '11:40']);
  });

  it('keeps a candidate starting exactly at now + minNoticeHours', () => {
    const slots = computeSlots(queryFor('2026-12-08', { now: new Date('2026-12-07T20:40:00Z') }));
    expect(clockTimesIn(slots, MADRID)[0]).toBe('09:40');
  });

  it('drops candidates that start after now + bookingHorizonDays, keeping one exactly at the limit', () => {
    const profile = madridProfile({ bookingHorizonDays: 7 });
    // Horizon end: 2026-12-08 10:00 and then 09:40 in Madrid.
    const cutAtTen = computeSlots(queryFor('2026-12-08', { profile }));
    expect(clockTimesIn(cutAtTen, MADRID)).toEqual(['09:00', '09:40']);
    const cutAtNineForty = computeSlots(
      queryFor('2026-12-08', { profile, now: new Date('2026-12-01T08:40:00Z') }),
    );
    expect(clockTimesIn(cutAtNineForty, MADRID)).toEqual(['09:00', '09:40']);
    expect(computeSlots({ ...queryFor('2026-12-09', { profile }), to: '2026-12-31' })).toEqual([]);
  });

  it('counts horizon days on the professional calendar, so the limit keeps its wall time across DST', () => {
    // now = 2026-03-20 09:00 CET; ten days later is 2026-03-30 09:00 CEST, only 239 real hours away.
    const profile = madridProfile({ weeklyRules: weekly([1], '08:00', '12:00'), bufferMinutes: 0 });
    const query = queryFor('2026-03-30', {
      profile: { ...profile, minNoticeHours: 0, bookingHorizonDays: 10 },
      serviceMinutes: 60,
      now: new Date('2026-03-20T08:00:00Z'),
    });
    expect(clockTimesIn(computeSlots(query), MADRID)).toEqual(['08:00', '09:00']);
  });
});

describe('computeSlots: busy intervals', () => {
  const at = (localTime: string) => `2026-12-08T${localTime}:00+01:00`;

  it('lets the buffer of an existing appointment block the next candidate', () => {
    const withBuffer = queryFor('2026-12-08', { busy: [busyInterval(at('08:50'), at('09:30'), 15)] });
    expect(clockTimesIn(computeSlots(withBuffer), MADRID).slice(0, 2)).toEqual(['10:20', '11:00']);
    const withoutBuffer = queryFor('2026-12-08', { busy: [busyInterval(at('08:50'), at('09:30'), 0)] });
    expect(clockTimesIn(computeSlots(withoutBuffer), MADRID).slice(0, 2)).toEqual(['09:40', '10:20']);
  });

  it('blocks a candidate whose own trailing buffer would run into an appointment', () => {
    // 09:40 ends at 10:10, exactly when the appointment starts, but its 10 minute buffer overlaps it.
    const query = queryFor('2026-12-08', { busy: [busyInterval(at('10:10'), at('10:40'), 0)] });
    expect(clockTimesIn(computeSlots(query), MADRID).slice(0, 3)).toEqual(['09:00', '11:00', '11:40']);
  });

  it('does not treat touching intervals as overlapping', () => {
    const query = queryFor('2026-12-08', { busy: [busyInterval(at('09:40'), at('10:20'), 0)] });
    expect(clockTimesIn(computeSlots(query), MADRID).slice(0, 3)).toEqual(['09:00', '10:20', '11:00']);
  });

  it('uses each busy interval with its own buffer, not the profile buffer', () => {
    const longBuffer = queryFor('2026-12-08', { busy: [busyInterval(at('09:00'), at('09:30'), 30)] });
    expect(clockTimesIn(computeSlots(longBuffer), MADRID)[0]).toBe('10:20');
    const noBuffer = queryFor('2026-12-08', { busy: [busyInterval(at('09:00'), at('09:30'), 0)] });
    expect(clockTimesIn(computeSlots(noBuffer), MADRID)[0]).toBe('09:40');
  });

  it('gives the same answer for unsorted, overlapping and multi-day busy intervals', () => {
    const busy = [
      busyInterval(at('16:00'), at('16:30'), 5),
      busyInterval(at('09:00'), at('09:30'), 10),
      busyInterval(at('09:20'), at('09:45'), 0),
      busyInterval('2026-12-07T20:00:00Z', '2026-12-08T08:10:00Z', 0),
    ];
    const query = { ...queryFor('2026-12-07'), to: '2026-12-09' };
    const shuffled = computeSlots({ ...query, busy });
    const sorted = computeSlots({
      ...query,
      busy: [...busy].sort((a, b) => a.start.getTime() - b.start.getTime()),
    });
    expect(shuffled).toEqual(sorted);
    const tuesday = startsIn(shuffled, MADRID).filter((text) => text.startsWith('2026-12-08'));
    expect(tuesday.map((text) => text.slice(11, 16))).toEqual([
      '10:20',
      '11:00',
      '11:40',
      '12:20',
      '15:00',
      '17:00',
    ]);
  });
});

describe('computeSlots: window shapes', () => {
  it('merges overlapping and duplicated weekly rules into one sorted list without duplicates', () => {
    const profile = madridProfile({
      weeklyRules: [
        ...weekly([2], '09:00', '11:00'),
        ...weekly([2], '09:00', '11:00'),
        ...weekly([2], '10:30', '12:00'),
      ],
    });
    expect(clockTimesIn(computeSlots(queryFor('2026-12-08', { profile })), MADRID)).toEqual([
      '09:00',
      '09:40',
      '10:20',
      '10:30',
      '11:10',
    ]);
  });

  it('accepts "24:00" as the end of the day and Postgres "HH:mm:00" times', () => {
    const profile = madridProfile({
      weeklyRules: [
        { weekday: 2, start: '22:00', end: '24:00' },
        { weekday: 2, start: '07:00:00', end: '08:00:00' },
      ],
      bufferMinutes: 0,
    });
    const slots = computeSlots(queryFor('2026-12-08', { profile, serviceMinutes: 60 }));
    expect(startsIn(slots, MADRID)).toEqual([
      '2026-12-08T07:00:00+01:00',
      '2026-12-08T22:00:00+01:00',
      '2026-12-08T23:00:00+01:00',
    ]);
  });
});

describe('isSlotOffered', () => {
  const query: SlotQuery = {
    ...queryFor('2026-12-07'),
    to: '2026-12-12',
    // Minimum notice cuts into Monday morning.
    now: new Date('2026-12-06T22:00:00Z'),
    profile: madridProfile({
      exceptions: [
        { date: '2026-12-09', closed: true },
        { date: '2026-12-10', closed: false, start: '11:15', end: '14:00' },
      ],
    }),
    busy: [
      busyInterval('2026-12-08T08:00:00Z', '2026-12-08T08:30:00Z', 10),
      busyInterval('2026-12-11T13:05:00Z', '2026-12-11T14:00:00Z', 25),
    ],
  };

  it('agrees with computeSlots for every minute of a range', () => {
    const offered = new Set(computeSlots(query).map((slot) => slot.start.getTime()));
    expect(offered.size).toBe(29); // Mon 7, Tue 9, Wed closed, Thu 4, Fri 9
    const disagreements: string[] = [];
    for (
      let instant = Date.parse('2026-12-06T22:00:00Z');
      instant < Date.parse('2026-12-12T23:00:00Z');
      instant += 60_000
    ) {
      if (isSlotOffered(query, new Date(instant)) !== offered.has(instant))
        disagreements.push(new Date(instant).toISOString());
    }
    expect(disagreements).toEqual([]);
  });

  it('accepts an offered start and rejects off-grid, too soon, overlapping and closed-day starts', () => {
    const offeredAt = (isoInstant: string) => isSlotOffered(query, new Date(isoInstant));
    expect(offeredAt('2026-12-08T09:40:00+01:00')).toBe(true);
    expect(offeredAt('2026-12-08T09:50:00+01:00')).toBe(false); // off the 40 minute grid
    expect(offeredAt('2026-12-08T09:40:30+01:00')).toBe(false); // off the grid by seconds
    expect(offeredAt('2026-12-07T09:00:00+01:00')).toBe(false); // within the 12 hour notice
    expect(offeredAt('2026-12-08T09:00:00+01:00')).toBe(false); // overlaps the 09:00 appointment
    expect(offeredAt('2026-12-09T09:00:00+01:00')).toBe(false); // closed exception
    expect(offeredAt('2026-12-12T09:00:00+01:00')).toBe(false); // Saturday, no rules
    expect(offeredAt('2026-12-08T12:20:00+01:00')).toBe(true); // ends 12:50, its buffer may pass 13:00
    expect(offeredAt('2026-12-08T13:00:00+01:00')).toBe(false); // would end after the window
  });

  it('rejects a start beyond the booking horizon', () => {
    const start = new Date('2027-06-01T09:00:00+02:00'); // a Tuesday, months after now + 90 days
    expect(isSlotOffered(query, start)).toBe(false);
    expect(isSlotOffered({ ...query, now: new Date('2027-05-20T09:00:00Z') }, start)).toBe(true);
  });
});
