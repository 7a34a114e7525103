import { DateTime } from 'luxon';

/** The locales notifications are written in; anything else falls back to English. */
export const notificationLocales = ['en', 'es', 'fr'] as const;
export type NotificationLocale = (typeof notificationLocales)[number];

export function toNotificationLocale(locale: string | null | undefined): NotificationLocale {
  const language = (locale ?? 'en').slice(0, 2).toLowerCase();
  return (notificationLocales as readonly string[]).includes(language) ? (language as NotificationLocale) : 'en';
}

// Day-month order and 24-hour clocks as people in the clinic's countries write them. Patterns rather
// than Intl's full date style, whose punctuation changes between ICU versions.
const regional: Record<NotificationLocale, { tag: string; day: string }> = {
  en: { tag: 'en-GB', day: 'cccc d LLLL yyyy' },
  es: { tag: 'es-ES', day: "cccc, d 'de' LLLL 'de' yyyy" },
  fr: { tag: 'fr-FR', day: 'cccc d LLLL yyyy' },
};

/**
 * The one date formatter of every notification: the instant in the
 * recipient's zone and language, with the zone named so nobody guesses.
 *
 * @example
 * formatInstant(new Date('2026-12-01T09:00:00Z'), { zone: 'Europe/Madrid', locale: 'en' });
 * // 'Tuesday 1 December 2026, 10:00 (Central European Time)'
 */
export function formatInstant(instant: Date | string, options: { zone: string; locale: string }): string {
  const { tag, day } = regional[toNotificationLocale(options.locale)];
  const zone = validZone(options.zone);
  const local = DateTime.fromJSDate(new Date(instant), { zone }).setLocale(tag);
  return `${local.toFormat(day)}, ${local.toFormat('HH:mm')} (${zoneName(new Date(instant), zone, tag)})`;
}

/**
 * The instant as a patient would type it ("Tue 8 Dec, 10:20"), in their zone and language, without
 * the year or the zone: the words a reminder's answers put in the patient's mouth.
 *
 * @example
 * formatShort('2026-12-08T09:20:00Z', { zone: 'Europe/Madrid', locale: 'es' }); // 'mar 8 dic, 10:20'
 */
export function formatShort(instant: Date | string, options: { zone: string; locale: string }): string {
  const { tag } = regional[toNotificationLocale(options.locale)];
  return DateTime.fromJSDate(new Date(instant), { zone: validZone(options.zone) }).setLocale(tag).toFormat('ccc d LLL, HH:mm');
}

// A zone is whatever a user's record says: the memos below start over rather than grow without end.
const memoLimit = 2_000;
// Making an Intl.DateTimeFormat costs far more than using one, and every message names a zone: one per
// locale, zone and style, of which there are few.
const zoneFormats = new Map<string, Intl.DateTimeFormat>();
function zoneFormat(locale: string, zone: string, style: 'longGeneric' | 'long'): Intl.DateTimeFormat {
  const key = `${locale}|${zone}|${style}`;
  let format = zoneFormats.get(key);
  if (!format) {
    if (zoneFormats.size >= memoLimit) zoneFormats.clear();
    zoneFormats.set(key, (format = new Intl.DateTimeFormat(locale, { timeZone: zone, timeZoneName: style })));
  }
  return format;
}

/** "Central European Time" rather than "CET" or "GMT+1": the generic name reads the same all year. */
function zoneName(instant: Date, zone: string, locale: string): string {
  const named = (style: 'longGeneric' | 'long') =>
    zoneFormat(locale, zone, style).formatToParts(instant).find((part) => part.type === 'timeZoneName')?.value;
  const generic = named('longGeneric');
  // UTC has no generic name ("GMT+00:00"); its long name says what it is.
  return generic && !/^(GMT|UTC)/.test(generic) ? generic : (named('long') ?? zone);
}

/** A zone the runtime does not know would throw deep inside a send; UTC is shown (and named) instead. */
export function validZone(zone: string | null | undefined): string {
  if (!zone) return 'UTC';
  let valid = knownZones.get(zone);
  if (valid === undefined) {
    if (knownZones.size >= memoLimit) knownZones.clear();
    knownZones.set(zone, (valid = DateTime.local().setZone(zone).isValid));
  }
  return valid ? zone : 'UTC';
}
// Whether the runtime knows a zone does not change while it runs; users' zones are few.
const knownZones = new Map<string, boolean>();
