import { describe, expect, it } from 'vitest';
import { findMonthDates } from './find-month-dates';
import { foldText } from './normalize-text';

const find = (text: string) =>
  findMonthDates(foldText(text)).map(({ day, month, year }) => ({ day, month, year }));

describe('findMonthDates', () => {
  it('reads day-first and month-first English dates', () => {
    expect(find('on 8th of March')).toEqual([{ day: 8, month: 3, year: undefined }]);
    expect(find('March 10th')).toEqual([{ day: 10, month: 3, year: undefined }]);
    expect(find('12 April 1988')).toEqual([{ day: 12, month: 4, year: 1988 }]);
    expect(find('April 12, 1988')).toEqual([{ day: 12, month: 4, year: 1988 }]);
  });

  it('reads Spanish dates', () => {
    expect(find('el 15 de diciembre')).toEqual([{ day: 15, month: 12, year: undefined }]);
    expect(find('12 de abril de 1988')).toEqual([{ day: 12, month: 4, year: 1988 }]);
  });

  it('finds a date after a time and keeps text order', () => {
    expect(find('12 o"clock in the afternoon on 8th of March')).toEqual([
      { day: 8, month: 3, year: undefined },
    ]);
    const both = findMonthDates(foldText('not March 3rd but March 5th'));
    expect(both.map((mention) => mention.day)).toEqual([3, 5]);
  });

  it('ignores impossible days and month names without a day', () => {
    expect(find('45 March')).toEqual([]);
    expect(find('sometime in March')).toEqual([]);
  });
});
