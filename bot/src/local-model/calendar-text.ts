/** Days, schedules and requests written out for a professional, in either language. */
import { DateTime } from 'luxon';
import type { ScheduleEntry } from './skill-contract';
import type { Locale } from './understanding/index';

/** "Tue 8 Dec" (en) or "mar 8 dic" (es) for a YYYY-MM-DD date. */
export function dayLabel(date: string, locale: Locale): string {
  return DateTime.fromISO(date, { zone: 'UTC' }).setLocale(locale === 'es' ? 'es-ES' : 'en-GB').toFormat('ccc d LLL').replace(/\./g, '');
}

export function rangeLabel(from: string, to: string, locale: Locale): string {
  return from === to ? dayLabel(from, locale) : `${dayLabel(from, locale)} – ${dayLabel(to, locale)}`;
}

export const line = (entry: ScheduleEntry, status: (value: string) => string) =>
  `- ${entry.localTime} ${entry.patientName}, ${entry.serviceName} (${status(entry.status)})`;

/** The schedule as lines under a heading per day. */
export function scheduleLines(days: Array<{ day: string; entries: ScheduleEntry[] }>, status: (value: string) => string): string {
  return days.map(({ day, entries }) => `${day}:\n${entries.map((entry) => line(entry, status)).join('\n')}`).join('\n\n');
}

/** "Wed 2 Dec, 10:20 Ana García" for the request a decision was about. */
export function requestLabel(appointmentId: string, entries: ScheduleEntry[], fallback: string | undefined): string {
  const entry = entries.find((candidate) => candidate.id === appointmentId);
  return entry === undefined ? (fallback ?? appointmentId) : `${entry.label} ${entry.patientName}`;
}
