import { describe, expect, it } from 'vitest';
import { describeInstant, localDateIn, shiftLocalDate } from './zoned-time';

describe('describeInstant', () => {
  const instant = '2026-12-08T10:20:00+01:00';

  it('labels in English and Spanish as "weekday day month, time"', () => {
    expect(describeInstant(instant, { timeZone: 'Europe/Madrid', locale: 'en' })).toEqual({ localDate: '2026-12-08', localTime: '10:20', label: 'Tue 8 Dec, 10:20' });
    expect(describeInstant(instant, { timeZone: 'Europe/Madrid', locale: 'es' }).label).toBe('mar 8 dic, 10:20');
  });

  it('uses the user’s zone, crossing midnight where it must', () => {
    expect(describeInstant('2026-12-08T01:30:00+01:00', { timeZone: 'America/New_York', locale: 'en' })).toEqual({
      localDate: '2026-12-07', localTime: '19:30', label: 'Mon 7 Dec, 19:30',
    });
  });

  it('falls back to English for a locale Intl does not know', () => {
    expect(describeInstant(instant, { timeZone: 'Europe/Madrid', locale: 'not a locale!' }).label).toBe('Tue 8 Dec, 10:20');
  });
});

describe('local dates', () => {
  it('shifts across month and year ends', () => {
    expect(shiftLocalDate('2026-12-31', 1)).toBe('2027-01-01');
    expect(shiftLocalDate('2026-03-01', -1)).toBe('2026-02-28');
  });

  it('gives today in a zone', () => {
    expect(localDateIn('America/New_York', new Date('2026-12-01T03:00:00Z'))).toBe('2026-11-30');
  });
});
