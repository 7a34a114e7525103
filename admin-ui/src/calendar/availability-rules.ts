import type { paths } from '../api/core-client';
import { isCalendarDate } from './zone-time';

type JsonOf<T> = T extends { content: { 'application/json': infer Body } } ? Body : never;
export type Availability = JsonOf<paths['/api/v1/professionals/{id}/availability']['get']['responses'][200]>;
export type WeeklyRule = Availability['weekly'][number];
export type AvailabilityException = Availability['exceptions'][number];
export type AvailabilityBody = { weekly: WeeklyRule[]; exceptions: AvailabilityException[] };

/** A weekly row as typed: times stay text until they are checked. */
export interface DraftRule {
  key: string;
  weekday: number;
  start: string;
  end: string;
}

export interface DraftException {
  key: string;
  date: string;
  closed: boolean;
  start: string;
  end: string;
  reason: string;
}

export const weekdays = [
  { weekday: 1, name: 'Monday' }, { weekday: 2, name: 'Tuesday' }, { weekday: 3, name: 'Wednesday' }, { weekday: 4, name: 'Thursday' },
  { weekday: 5, name: 'Friday' }, { weekday: 6, name: 'Saturday' }, { weekday: 7, name: 'Sunday' },
] as const;

let keys = 0;
/** A key for a draft row, so React keeps each row's inputs while rows come and go. */
export const newKey = () => `row-${++keys}`;

export const toDraftRules = (weekly: readonly WeeklyRule[]): DraftRule[] => weekly.map((rule) => ({ key: newKey(), ...rule }));

export const toDraftExceptions = (exceptions: readonly AvailabilityException[]): DraftException[] =>
  exceptions.map((exception) => ({
    key: newKey(), date: exception.date, closed: exception.closed, start: exception.start ?? '', end: exception.end ?? '', reason: exception.reason ?? '',
  }));

// core-api's pattern (availability-schemas.ts): 00:00–23:59, and 24:00 to end at midnight.
const timePattern = /^(([01]\d|2[0-3]):[0-5]\d|24:00)$/;
export const reasonMaxLength = 200;

/** Problems by draft row key, in words a person can act on; empty when the draft may be sent. */
export type Problems = ReadonlyMap<string, string>;

/** The problem of one window, or null: both times HH:mm, the end after the start. */
function windowProblem(start: string, end: string): string | null {
  if (!timePattern.test(start)) return `Write the start as HH:mm (e.g. 09:00), not "${start}".`;
  if (!timePattern.test(end)) return `Write the end as HH:mm (e.g. 17:30), not "${end}".`;
  if (start === '24:00') return 'A window cannot start at 24:00.';
  if (end <= start) return 'The end must be after the start.';
  return null;
}

/** Flags every window that overlaps an earlier one of the same group (touching is fine). */
function overlaps<T extends { key: string; start: string; end: string }>(rows: T[], problems: Map<string, string>, what: string) {
  const sorted = rows.filter((row) => !problems.has(row.key)).sort((a, b) => a.start.localeCompare(b.start));
  for (let index = 1; index < sorted.length; index++) {
    const previous = sorted[index - 1]!;
    const row = sorted[index]!;
    if (row.start < previous.end) problems.set(row.key, `Overlaps ${previous.start}–${previous.end} on ${what}.`);
  }
}

/** Checks weekly rows as core-api does (check-rules.ts), before anything is sent. */
export function checkWeekly(rules: readonly DraftRule[]): Problems {
  const problems = new Map<string, string>();
  for (const rule of rules) {
    const problem = windowProblem(rule.start, rule.end);
    if (problem) problems.set(rule.key, problem);
  }
  for (const { weekday, name } of weekdays) overlaps(rules.filter((rule) => rule.weekday === weekday), problems, name);
  return problems;
}

/** Checks exceptions: a real date, hours for an open day, no overlapping hours on one date, a short reason. */
export function checkExceptions(exceptions: readonly DraftException[]): Problems {
  const problems = new Map<string, string>();
  for (const exception of exceptions) {
    const problem = !isCalendarDate(exception.date)
      ? 'Pick a date.'
      : exception.reason.length > reasonMaxLength
        ? `Keep the reason under ${reasonMaxLength} characters.`
        : exception.closed
          ? null
          : windowProblem(exception.start, exception.end);
    if (problem) problems.set(exception.key, problem);
  }
  const open = exceptions.filter((exception) => !exception.closed && isCalendarDate(exception.date));
  for (const date of new Set(open.map((exception) => exception.date))) overlaps(open.filter((exception) => exception.date === date), problems, date);
  return problems;
}

/** The weekly rules as core-api stores them, in a stable order (by day, then start). */
export function weeklyBody(rules: readonly DraftRule[]): WeeklyRule[] {
  return [...rules]
    .sort((a, b) => a.weekday - b.weekday || a.start.localeCompare(b.start))
    .map(({ weekday, start, end }) => ({ weekday, start, end }));
}

/** Exceptions as core-api takes them: a closed day has no hours, and an empty reason is left out. */
export function exceptionsBody(exceptions: readonly DraftException[]): AvailabilityException[] {
  return [...exceptions]
    .sort((a, b) => a.date.localeCompare(b.date) || a.start.localeCompare(b.start))
    .map(({ date, closed, start, end, reason }) => ({
      date, closed, ...(closed ? {} : { start, end }), ...(reason.trim() ? { reason: reason.trim() } : {}),
    }));
}
