import { describe, expect, it } from 'vitest';
import { HOUR_WORDS, LAST_WORDS, MONTH_WORDS, ORDINAL_WORDS, WEEKDAY_WORDS, alternation } from './date-words';
import { foldText } from './normalize-text';

describe('date word lists', () => {
  it('are stored folded so they match folded text', () => {
    const words = [
      ...Object.keys(WEEKDAY_WORDS),
      ...Object.keys(MONTH_WORDS),
      ...Object.keys(HOUR_WORDS),
      ...Object.keys(ORDINAL_WORDS),
      ...LAST_WORDS,
    ];
    for (const word of words) expect(foldText(word)).toBe(word);
  });

  it('cover every weekday and month in both languages', () => {
    expect(new Set(Object.values(WEEKDAY_WORDS)).size).toBe(7);
    expect(Object.keys(WEEKDAY_WORDS)).toContain('miercoles');
    expect(new Set(Object.values(MONTH_WORDS)).size).toBe(12);
    expect(MONTH_WORDS['diciembre']).toBe(12);
  });
});

describe('alternation', () => {
  it('lists longer words first so "sept" wins over "sep"', () => {
    expect(alternation(['sep', 'september', 'sept'])).toBe('september|sept|sep');
    expect(alternation({ a: 1, abc: 2 })).toBe('abc|a');
  });
});
