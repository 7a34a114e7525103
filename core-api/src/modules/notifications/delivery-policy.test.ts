import { describe, expect, it } from 'vitest';
import { defaultPreferences, releaseTime, suppressionOf, usableChannels } from './delivery-policy';

const night = { start: '22:00', end: '07:00' };
const iso = (date: Date) => date.toISOString();

describe('releaseTime (quiet hours in the recipient’s zone)', () => {
  it('holds a message due at night until the end of the quiet hours, next morning local time', () => {
    // 23:30 in Madrid (UTC+1 in December) → 07:00 Madrid = 06:00Z.
    expect(iso(releaseTime(new Date('2026-12-01T22:30:00Z'), night, 'Europe/Madrid'))).toBe('2026-12-02T06:00:00.000Z');
    // 05:00 in Madrid, before the end on the same morning.
    expect(iso(releaseTime(new Date('2026-12-02T04:00:00Z'), night, 'Europe/Madrid'))).toBe('2026-12-02T06:00:00.000Z');
  });

  it('lets a message outside the quiet hours go at once, and reads hours in the recipient’s zone, not UTC', () => {
    const due = new Date('2026-12-01T22:30:00Z'); // 17:30 in New York
    expect(releaseTime(due, night, 'America/New_York')).toEqual(due);
    expect(releaseTime(due, null, 'Europe/Madrid')).toEqual(due);
  });

  it('keeps 07:00 local across the spring-forward night (Europe/Madrid, 29 March 2026)', () => {
    // 23:00 CET on 28 March; clocks go 02:00 → 03:00; 07:00 is now CEST (UTC+2) = 05:00Z.
    expect(iso(releaseTime(new Date('2026-03-28T22:00:00Z'), night, 'Europe/Madrid'))).toBe('2026-03-29T05:00:00.000Z');
  });

  it('keeps 07:00 local across the fall-back night (America/New_York, 1 November 2026)', () => {
    // 23:00 EDT on 31 October; clocks go 02:00 → 01:00; 07:00 is EST (UTC−5) = 12:00Z.
    expect(iso(releaseTime(new Date('2026-11-01T03:00:00Z'), night, 'America/New_York'))).toBe('2026-11-01T12:00:00.000Z');
  });

  it('moves an end inside the skipped hour to just after the gap', () => {
    const quiet = { start: '01:00', end: '02:30' }; // 02:30 does not exist in Madrid on 29 March 2026
    expect(iso(releaseTime(new Date('2026-03-29T00:15:00Z'), quiet, 'Europe/Madrid'))).toBe('2026-03-29T01:30:00.000Z');
  });

  it('handles quiet hours that do not cross midnight', () => {
    const lunch = { start: '13:00', end: '15:00' };
    expect(iso(releaseTime(new Date('2026-12-01T12:30:00Z'), lunch, 'Europe/Madrid'))).toBe('2026-12-01T14:00:00.000Z');
  });
});

describe('suppressionOf and usableChannels', () => {
  const preferences = { ...defaultPreferences('patient'), doNotDisturb: false, dailyCap: 2 };
  it('suppresses for do-not-disturb and the daily cap, except urgent messages, and when no channel is left', () => {
    expect(suppressionOf({ preferences, urgent: false, sentInLastDay: 2, channels: ['sms'] })).toBe('frequency_cap');
    expect(suppressionOf({ preferences, urgent: false, sentInLastDay: 1, channels: ['sms'] })).toBeNull();
    expect(suppressionOf({ preferences: { ...preferences, doNotDisturb: true }, urgent: false, sentInLastDay: 0, channels: ['sms'] })).toBe('do_not_disturb');
    expect(suppressionOf({ preferences: { ...preferences, doNotDisturb: true }, urgent: true, sentInLastDay: 9, channels: ['sms'] })).toBeNull();
    expect(suppressionOf({ preferences, urgent: true, sentInLastDay: 0, channels: [] })).toBe('no_channel');
  });

  it('keeps the user’s order and drops channels that cannot reach them', () => {
    expect(usableChannels(['webchat', 'whatsapp', 'sms', 'email'], (channel) => channel !== 'whatsapp')).toEqual(['webchat', 'sms', 'email']);
    expect(defaultPreferences('professional').channels).toEqual(['teams', 'email']);
    expect(defaultPreferences('admin').channels).toEqual(['email', 'push']);
  });
});
