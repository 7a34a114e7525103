import { describe, expect, it } from 'vitest';
import { formatInstant, toNotificationLocale } from './date-format';

describe('formatInstant', () => {
  it('writes the instant in the recipient’s zone and language, naming the zone', () => {
    const instant = new Date('2026-12-01T09:00:00Z');
    expect(formatInstant(instant, { zone: 'Europe/Madrid', locale: 'en' })).toBe('Tuesday 1 December 2026, 10:00 (Central European Time)');
    expect(formatInstant(instant, { zone: 'Europe/Madrid', locale: 'es' })).toBe('martes, 1 de diciembre de 2026, 10:00 (hora de Europa central)');
    expect(formatInstant(instant, { zone: 'America/New_York', locale: 'fr' })).toBe('mardi 1 décembre 2026, 04:00 (heure de l’Est nord-américain)');
  });

  it('follows daylight saving time: the same UTC hour reads an hour later in summer', () => {
    expect(formatInstant('2026-07-01T09:00:00Z', { zone: 'Europe/Madrid', locale: 'en' })).toBe('Wednesday 1 July 2026, 11:00 (Central European Time)');
  });

  it('falls back to English and to a named UTC for what it does not know', () => {
    expect(toNotificationLocale('de-DE')).toBe('en');
    expect(formatInstant('2026-12-01T09:00:00Z', { zone: 'Mars/Olympus', locale: 'de' })).toBe('Tuesday 1 December 2026, 09:00 (Coordinated Universal Time)');
  });
});
