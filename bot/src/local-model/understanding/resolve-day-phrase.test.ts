import { describe, expect, it } from 'vitest';
import { localToday } from './calendar';
import { foldText } from './normalize-text';
import { findDayPhrases, pickDayMention } from './resolve-day-phrase';

// Tuesday 1 December 2026, Madrid.
const today = localToday(new Date('2026-12-01T09:00:00Z'), 'Europe/Madrid');
const resolve = (text: string) => pickDayMention(findDayPhrases(foldText(text), today));
const day = (date: string) => ({ from: date, to: date });

describe('findDayPhrases and pickDayMention in English', () => {
  it('reads days of the month, rolling into next month when already past', () => {
    expect(resolve('cancel my appointment on the 8th')).toEqual(day('2026-12-08'));
    expect(resolve('7th of this month')).toEqual(day('2026-12-07'));
    expect(resolve('the 3rd of next month')).toEqual(day('2027-01-03'));
    expect(resolve('on the 15')).toEqual(day('2026-12-15'));
  });

  it('reads relative days', () => {
    expect(resolve('today')).toEqual(day('2026-12-01'));
    expect(resolve('later today')).toEqual(day('2026-12-01'));
    expect(resolve('tomorrow')).toEqual(day('2026-12-02'));
    expect(resolve('the day after tomorrow')).toEqual(day('2026-12-03'));
  });

  it('reads "next <weekday>" as the first one after today', () => {
    expect(resolve('next Tuesday')).toEqual(day('2026-12-08'));
    expect(resolve('next Wednesday')).toEqual(day('2026-12-02'));
    expect(resolve('Thursday')).toEqual(day('2026-12-03'));
    expect(resolve('this Tuesday')).toEqual(day('2026-12-01'));
  });

  it('reads "next <weekday>" said on a Wednesday', () => {
    const wednesday = localToday(new Date('2026-12-02T09:00:00Z'), 'Europe/Madrid');
    expect(pickDayMention(findDayPhrases('next tuesday', wednesday))).toEqual(day('2026-12-08'));
  });

  it('places weekdays in this or next week', () => {
    expect(resolve('Monday next week')).toEqual(day('2026-12-07'));
    expect(resolve('Saturday this week')).toEqual(day('2026-12-05'));
    expect(resolve('next week on Friday')).toEqual(day('2026-12-11'));
  });

  it('prefers the number to the weekday next to it', () => {
    expect(resolve('Tuesday the 8th')).toEqual(day('2026-12-08'));
    expect(resolve('Thursday 10 at 4')).toEqual(day('2026-12-10'));
    expect(resolve('el lunes 7 a las 10')).toEqual(day('2026-12-07'));
    expect(resolve('Tuesday 10:20')).toEqual(day('2026-12-08'));
    expect(resolve('Monday 3pm')).toEqual(day('2026-12-07'));
  });

  it('takes the last day named when the user corrects themselves', () => {
    expect(resolve('not tomorrow, next Friday')).toEqual(day('2026-12-04'));
    expect(resolve("I can't go on Thursday. Make it this Sunday.")).toEqual(day('2026-12-06'));
  });

  it('reads ranges when no single day is named', () => {
    expect(resolve('next week')).toEqual({ from: '2026-12-07', to: '2026-12-13' });
    expect(resolve('this week')).toEqual({ from: '2026-12-01', to: '2026-12-06' });
    expect(resolve('this weekend')).toEqual({ from: '2026-12-05', to: '2026-12-06' });
    expect(resolve('next weekend')).toEqual({ from: '2026-12-12', to: '2026-12-13' });
    expect(resolve('next month')).toEqual({ from: '2027-01-01', to: '2027-01-31' });
  });

  it('reads month-name dates, rolling into next year when past', () => {
    expect(resolve('March 10th')).toEqual(day('2027-03-10'));
    expect(resolve('December 15')).toEqual(day('2026-12-15'));
  });

  it('returns null without a day phrase', () => {
    expect(resolve('10:20 please')).toBeNull();
  });
});

describe('findDayPhrases and pickDayMention in Spanish', () => {
  it('reads Spanish days', () => {
    expect(resolve('el jueves a las 10')).toEqual(day('2026-12-03'));
    expect(resolve('el martes que viene')).toEqual(day('2026-12-08'));
    expect(resolve('el próximo martes')).toEqual(day('2026-12-08'));
    expect(resolve('este martes')).toEqual(day('2026-12-01'));
    expect(resolve('el lunes de la semana que viene')).toEqual(day('2026-12-07'));
    expect(resolve('mañana por la tarde')).toEqual(day('2026-12-02'));
    expect(resolve('pasado mañana')).toEqual(day('2026-12-03'));
    expect(resolve('hoy')).toEqual(day('2026-12-01'));
    expect(resolve('el día 8')).toEqual(day('2026-12-08'));
    expect(resolve('el 15 de diciembre')).toEqual(day('2026-12-15'));
  });

  it('does not read "por la mañana" as tomorrow', () => {
    expect(resolve('el martes por la mañana')).toEqual(day('2026-12-08'));
    expect(resolve('por la mañana')).toBeNull();
  });

  it('reads Spanish ranges', () => {
    expect(resolve('la semana que viene')).toEqual({ from: '2026-12-07', to: '2026-12-13' });
    expect(resolve('esta semana')).toEqual({ from: '2026-12-01', to: '2026-12-06' });
    expect(resolve('el mes que viene')).toEqual({ from: '2027-01-01', to: '2027-01-31' });
    expect(resolve('este fin de semana')).toEqual({ from: '2026-12-05', to: '2026-12-06' });
  });
});
