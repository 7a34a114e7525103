import { describe, expect, it } from 'vitest';
import { parseChoice, type ChoiceOption } from './parse-choice';

const options: ChoiceOption[] = [
  { label: 'Tuesday 8 December, 10:20 with Dr. Elena López', time: '10:20', date: '2026-12-08' },
  { label: 'Tuesday 8 December, 11:00 with Dr. Elena López', time: '11:00', date: '2026-12-08' },
  { label: 'Thursday 10 December, 15:00 with Dr. Marcos Ruiz', time: '15:00', date: '2026-12-10' },
];

describe('parseChoice by position', () => {
  it.each([
    ['2', 1],
    ['option 3', 2],
    ['the second one', 1],
    ['the 2nd one', 1],
    ['la segunda', 1],
    ['el primero', 0],
    ['la tercera, por favor', 2],
    ['the last one', 2],
    ['la última', 2],
  ])('%s → %i', (text, index) => {
    expect(parseChoice(text, options)).toBe(index);
  });
});

describe('parseChoice by time', () => {
  it.each([
    ['10:20', 0],
    ['10.20', 0],
    ['10:20 please', 0],
    ['at 3pm', 2],
    ['las 11', 1],
    ['a las 3', 2],
    ['11', 1],
  ])('%s → %i', (text, index) => {
    expect(parseChoice(text, options)).toBe(index);
  });
});

describe('parseChoice by day, part of day and label', () => {
  it('picks the only option that fits', () => {
    expect(parseChoice('the Thursday one', options)).toBe(2);
    expect(parseChoice('el jueves', options)).toBe(2);
    expect(parseChoice('the 10th', options)).toBe(2);
    expect(parseChoice('the afternoon one', options)).toBe(2);
    expect(parseChoice('the one with Ruiz', options)).toBe(2);
    expect(parseChoice('Tuesday at 11', options)).toBe(1);
  });
});

describe('parseChoice when unclear', () => {
  it('returns null for ambiguity, contradiction or nothing', () => {
    expect(parseChoice('Tuesday', options)).toBeNull();
    expect(parseChoice('the morning one', options)).toBeNull();
    expect(parseChoice('the first one at 11', options)).toBeNull();
    expect(parseChoice('4', options)).toBeNull();
    expect(parseChoice('at 9', options)).toBeNull();
    expect(parseChoice('hmm', options)).toBeNull();
    expect(parseChoice('2', [])).toBeNull();
  });

  it('refuses a time shared by two options unless the day settles it', () => {
    const sameTime = [
      { label: 'Tue 10:00', time: '10:00', date: '2026-12-08' },
      { label: 'Wed 10:00', time: '10:00', date: '2026-12-09' },
    ];
    expect(parseChoice('at 10', sameTime)).toBeNull();
    expect(parseChoice('Wednesday at 10', sameTime)).toBe(1);
    expect(parseChoice('el miércoles a las 10', sameTime)).toBe(1);
  });
});
