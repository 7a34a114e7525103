import { toCsv } from '../../platform/csv';
import type { AnalyticsBreakdown, AnalyticsSummary, StatusCounts } from './analytics-schemas';

const statuses: Array<keyof StatusCounts> = ['requested', 'approved', 'declined', 'expired', 'cancelled', 'rescheduled', 'completed', 'no_show'];

/** Bookings per day of a summary: one row per day, by the requests' current status. */
export function bookingsPerDayCsv(summary: AnalyticsSummary): string {
  return toCsv(
    ['date', 'bookings', ...statuses],
    summary.bookingsPerDay.map((day) => [day.date, day.total, ...statuses.map((status) => day.byStatus[status])]),
  );
}

/** A breakdown's rows (per professional or per domain) with the figures the analytics page shows. */
export function breakdownCsv(breakdown: AnalyticsBreakdown): string {
  return toCsv(
    [
      `${breakdown.groupBy}_id`, 'name', 'bookings', 'decided', 'median_minutes_to_decision', 'p90_minutes_to_decision',
      'appointments_in_range', 'no_show_rate', 'cancellation_rate', 'assistant_bookings',
    ],
    breakdown.rows.map((row) => [
      row.id, row.name, row.bookings.total, row.timeToDecision.decided, rounded(row.timeToDecision.medianMinutes), rounded(row.timeToDecision.p90Minutes),
      row.attendance.total, rounded(row.attendance.noShowRate, 4), rounded(row.attendance.cancellationRate, 4), row.assistantBookings,
    ]),
  );
}

const rounded = (value: number | null, digits = 1) => (value === null ? '' : Number(value.toFixed(digits)));
