import { describe, expect, it } from 'vitest';
import { parseClockTime } from './parse-clock-time';

const timeOf = (text: string) => parseClockTime(text)?.time ?? null;

describe('parseClockTime in English', () => {
  it.each([
    ['10:20 please', '10:20'],
    ['a dermatology appointment next Tuesday at 10:20', '10:20'],
    ['10.20', '10:20'],
    ['tomorrow at 3pm', '15:00'],
    ['at 3 p.m.', '15:00'],
    ['half past 2 in the afternoon', '14:30'],
    ['quarter to 5 in the evening', '16:45'],
    ['quarter past 10 in the morning', '10:15'],
    ['ten past 3', '15:10'],
    ['4 in the evening', '16:00'],
    ['evening 5', '17:00'],
    ['afternoon 2:15', '14:15'],
    ['morning 10:30', '10:30'],
    ['Three pm', '15:00'],
    ['eleven in the morning', '11:00'],
    ['3 o"clock in the afternoon', '15:00'],
    ["11 o'clock", '11:00'],
    ['12 pm', '12:00'],
    ['at noon', '12:00'],
    ['16:30', '16:30'],
  ])('%s → %s', (text, expected) => {
    expect(timeOf(text)).toBe(expected);
  });

  it('reads a bare "at 10" as a time and hours 1–7 as afternoon', () => {
    expect(parseClockTime('at 10')).toEqual({ time: '10:00', meridiemStated: false });
    expect(parseClockTime('at 4')).toEqual({ time: '16:00', meridiemStated: false });
  });

  it('takes the last time when the user corrects themselves', () => {
    expect(timeOf('not at 10, at 11:30')).toBe('11:30');
  });

  it('ignores dates, prices, positions and ordinals', () => {
    expect(timeOf('12.04.1988')).toBeNull();
    expect(timeOf('it costs 12.50 €')).toBeNull();
    expect(timeOf('the 8th')).toBeNull();
    expect(timeOf('the afternoon one')).toBeNull();
    expect(timeOf('a table for 2 people')).toBeNull();
  });
});

describe('parseClockTime in Spanish', () => {
  it.each([
    ['el jueves a las 10', '10:00'],
    ['a las 5 de la tarde', '17:00'],
    ['a las 10 y media', '10:30'],
    ['las 11 menos cuarto', '10:45'],
    ['a la una y cuarto', '13:15'],
    ['las 11', '11:00'],
    ['a las 9 de la mañana', '09:00'],
    ['mañana a las 5', '17:00'],
    ['a las 17:30', '17:30'],
    ['a mediodía', '12:00'],
  ])('%s → %s', (text, expected) => {
    expect(timeOf(text)).toBe(expected);
  });
});
