/** "Tue 8 Dec, 09:00 CET": a time in the professional's own zone, which is where the appointment happens. */
export function formatLocalTime(iso: string, timeZone: string, locale = 'en-GB'): string {
  return new Intl.DateTimeFormat(locale, {
    timeZone, weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', timeZoneName: 'short',
  }).format(new Date(iso));
}

/** "09:00–09:30" in the professional's zone. */
export function formatTimeRange(startIso: string, endIso: string, timeZone: string, locale = 'en-GB'): string {
  const format = new Intl.DateTimeFormat(locale, { timeZone, hour: '2-digit', minute: '2-digit' });
  return `${format.format(new Date(startIso))}–${format.format(new Date(endIso))}`;
}

/**
 * The local day of an appointment as an ISO range with its own offset
 * (core-api answers starts like 2026-12-08T09:00:00+01:00).
 */
export function localDayRange(startIso: string): { date: string; from: string; to: string } {
  const date = startIso.slice(0, 10);
  const offset = /([+-]\d{2}:\d{2}|Z)$/.exec(startIso)?.[1] ?? 'Z';
  return { date, from: `${date}T00:00:00${offset}`, to: `${date}T23:59:59${offset}` };
}

/** The local date `days` after an ISO date (YYYY-MM-DD). */
export function addDays(date: string, days: number): string {
  const moved = new Date(`${date}T12:00:00Z`);
  moved.setUTCDate(moved.getUTCDate() + days);
  return moved.toISOString().slice(0, 10);
}
