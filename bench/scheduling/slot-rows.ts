import type { SlotQuery, Weekday } from '../../core-api/src/modules/availability/slot-engine';
import type { GeneratedProfessional } from '../generate-professionals';

/*
 * Rows fetched by the bare-SQL baselines, turned into the slot engine's input the way the
 * availability service does, so that the engine can run on exactly what the baseline fetched.
 */

// Rows as pg returns them; their shape is fixed by the baselines' SELECTs.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Row = Record<string, any>;

export const weekdays = (start: string, end: string) =>
  ([1, 2, 3, 4, 5] as Weekday[]).map((weekday) => ({ weekday, start, end }));

// Same span as the availability service: instants that surely cover both local dates in any zone.
export const coveringInstants = (from: string, to: string) => ({
  from: new Date(Date.parse(`${from}T00:00:00Z`) - 2 * 86_400_000),
  to: new Date(Date.parse(`${to}T00:00:00Z`) + 3 * 86_400_000),
});

// PostgreSQL returns time as "HH:MM:SS" ("24:00:00" at midnight's end); the engine wants "HH:MM".
const hhmm = (value: string) => value.slice(0, 5);

export function profileOf(
  settings: Pick<
    GeneratedProfessional,
    'timeZone' | 'bufferMinutes' | 'minNoticeHours' | 'bookingHorizonDays'
  >,
  weekly: Row[],
  exceptions: Row[],
): SlotQuery['profile'] {
  return {
    timeZone: settings.timeZone,
    bufferMinutes: settings.bufferMinutes,
    minNoticeHours: settings.minNoticeHours,
    bookingHorizonDays: settings.bookingHorizonDays,
    weeklyRules: weekly.map((row) => ({
      weekday: row.weekday as Weekday,
      start: hhmm(row.start_time),
      end: hhmm(row.end_time),
    })),
    exceptions: exceptions.map((row) =>
      row.closed
        ? { date: row.date, closed: true }
        : { date: row.date, closed: false, start: hhmm(row.start_time), end: hhmm(row.end_time) },
    ),
  };
}

export const toBusy = (row: Row) => ({
  start: row.start_at as Date,
  end: row.end_at as Date,
  bufferMinutes: row.buffer_minutes as number,
});
