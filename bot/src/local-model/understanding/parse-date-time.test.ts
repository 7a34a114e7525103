import { describe, expect, it } from 'vitest';
import { parseDateTime } from './parse-date-time';

// Tuesday 1 December 2026, 10:00 in Madrid.
const now = new Date('2026-12-01T09:00:00Z');
const english = { now, timeZone: 'Europe/Madrid', locale: 'en' as const };
const spanish = { now, timeZone: 'Europe/Madrid', locale: 'es' as const };

describe('parseDateTime in English', () => {
  it('reads a day with a part of the day', () => {
    expect(parseDateTime("Hi, I'd like a dermatology appointment next Tuesday morning", english)).toEqual({
      from: '2026-12-08',
      to: '2026-12-08',
      partOfDay: 'morning',
    });
  });

  it('reads a day with a time', () => {
    expect(parseDateTime('a dermatology appointment next Tuesday at 10:20', english)).toEqual({
      from: '2026-12-08',
      to: '2026-12-08',
      time: '10:20',
    });
    expect(parseDateTime('tomorrow at 3pm', english)).toEqual({
      from: '2026-12-02',
      to: '2026-12-02',
      time: '15:00',
    });
  });

  it('reads a time without a date', () => {
    expect(parseDateTime('10:20 please', english)).toEqual({ time: '10:20' });
    expect(parseDateTime('at 10', english)).toEqual({ time: '10:00' });
    expect(parseDateTime('half past 2 in the afternoon', english)).toEqual({ time: '14:30' });
  });

  it('drops the part of day when a clock time is given', () => {
    expect(parseDateTime('4 in the evening', english)).toEqual({ time: '16:00' });
  });

  it('reads days of the month and ranges', () => {
    expect(parseDateTime('cancel my appointment on the 8th', english)).toEqual({
      from: '2026-12-08',
      to: '2026-12-08',
    });
    expect(parseDateTime('7th of this month', english)).toEqual({ from: '2026-12-07', to: '2026-12-07' });
    expect(parseDateTime('this week', english)).toEqual({ from: '2026-12-01', to: '2026-12-06' });
    expect(parseDateTime('next week', english)).toEqual({ from: '2026-12-07', to: '2026-12-13' });
  });

  it('uses chrono for numeric dates and offsets', () => {
    expect(parseDateTime('12/15', english)).toEqual({ from: '2026-12-15', to: '2026-12-15' });
    expect(parseDateTime('in 3 days', english)).toEqual({ from: '2026-12-04', to: '2026-12-04' });
    expect(parseDateTime('December 24th at 9am', english)).toEqual({
      from: '2026-12-24',
      to: '2026-12-24',
      time: '09:00',
    });
  });

  it('flags requests for the earliest slot', () => {
    expect(parseDateTime('as soon as possible', english)).toEqual({ earliest: true });
    expect(parseDateTime('the earliest next week', english)).toEqual({
      from: '2026-12-07',
      to: '2026-12-13',
      earliest: true,
    });
  });

  it('returns null when the message has no date or time', () => {
    expect(parseDateTime("It's for a rash on my arm", english)).toBeNull();
    expect(parseDateTime('I need to move my appointment', english)).toBeNull();
  });
});

describe('parseDateTime in Spanish', () => {
  it('reads weekday and time', () => {
    expect(parseDateTime('Quiero una cita con la dermatóloga el jueves a las 10', spanish)).toEqual({
      from: '2026-12-03',
      to: '2026-12-03',
      time: '10:00',
    });
  });

  it('reads tomorrow afternoon, month dates and urgency', () => {
    expect(parseDateTime('mañana por la tarde', spanish)).toEqual({
      from: '2026-12-02',
      to: '2026-12-02',
      partOfDay: 'afternoon',
    });
    expect(parseDateTime('el 15 de diciembre', spanish)).toEqual({ from: '2026-12-15', to: '2026-12-15' });
    expect(parseDateTime('el día 8 a las 10 y media', spanish)).toEqual({
      from: '2026-12-08',
      to: '2026-12-08',
      time: '10:30',
    });
    expect(parseDateTime('15/12', spanish)).toEqual({ from: '2026-12-15', to: '2026-12-15' });
    expect(parseDateTime('dentro de 3 días', spanish)).toEqual({ from: '2026-12-04', to: '2026-12-04' });
    expect(parseDateTime('lo antes posible', spanish)).toEqual({ earliest: true });
  });
});

describe('parseDateTime and time zones', () => {
  it('resolves "today" in the given zone, not in UTC', () => {
    const lateInUtc = new Date('2026-12-01T23:30:00Z');
    expect(parseDateTime('today', { ...english, now: lateInUtc })).toEqual({
      from: '2026-12-02',
      to: '2026-12-02',
    });
    expect(parseDateTime('today', { ...english, now: lateInUtc, timeZone: 'America/Los_Angeles' })).toEqual({
      from: '2026-12-01',
      to: '2026-12-01',
    });
  });

  it('keeps a month date equal to today in this year', () => {
    const sgdNow = new Date('2019-03-01T20:00:00Z');
    expect(
      parseDateTime('1st of March', { now: sgdNow, timeZone: 'America/Los_Angeles', locale: 'en' }),
    ).toEqual({
      from: '2019-03-01',
      to: '2019-03-01',
    });
  });
});
