import { DateTime, IANAZone } from 'luxon';
import type { Queryable } from '../../platform/database/transaction';
import { forbidden, invalid, notFound } from '../../platform/errors';
import type { UserPrincipal } from '../identity/principal';
import type { DirectoryService } from '../directory/directory-service';
import type { Professional } from '../directory/directory-repository';
import {
  assistantRow, attendanceRows, bookingRows, decisionRows, type AnalyticsScope, type AttendanceRow, type BookingRow, type DecisionRow, type GroupKey,
} from './analytics-queries';
import type { AnalyticsBreakdown, AnalyticsQuery, AnalyticsRow, AnalyticsSummary, StatusCounts } from './analytics-schemas';

const maxDays = 366;
const statuses = ['requested', 'approved', 'declined', 'expired', 'cancelled', 'rescheduled', 'completed', 'no_show'] as const;

export function createAnalyticsService(dependencies: { database: Queryable; directory: Pick<DirectoryService, 'professionals' | 'professional' | 'domain' | 'domains'> }) {
  const { database, directory } = dependencies;

  /** Who may see what: admins their organisation, professionals only themselves, nobody else. */
  async function scopeOf(principal: UserPrincipal, query: AnalyticsQuery): Promise<AnalyticsScope & { fromDate: string; toDate: string }> {
    if (principal.role === 'patient') throw forbidden('Analytics are for professionals and admins.');
    if (principal.role === 'professional' && query.professionalId !== undefined && query.professionalId !== principal.userId)
      throw forbidden('Professionals see their own figures only.');
    const professionalId = principal.role === 'professional' ? principal.userId : (query.professionalId ?? null);
    const inOrganization = await directory.professionals().then((all) => all.filter((one) => one.organizationId === principal.organizationId));
    let professional: Professional | undefined;
    if (professionalId) {
      professional = inOrganization.find((one) => one.id === professionalId);
      if (!professional) throw notFound('professional', professionalId);
    }
    if (query.domainId) {
      const domain = await directory.domain(query.domainId).catch(() => null);
      if (!domain || domain.organizationId !== principal.organizationId) throw notFound('domain', query.domainId);
    }
    const timeZone = query.timeZone ?? professional?.timeZone ?? commonZone(inOrganization);
    if (!IANAZone.isValidZone(timeZone)) throw invalid('invalid_time_zone', `"${timeZone}" is not an IANA time zone.`);
    const from = DateTime.fromISO(query.from, { zone: timeZone });
    const to = DateTime.fromISO(query.to, { zone: timeZone });
    if (!from.isValid || !to.isValid) throw invalid('invalid_range', 'from and to must be dates (YYYY-MM-DD).');
    const days = to.diff(from, 'days').days;
    if (days < 0 || days > maxDays - 1) throw invalid('invalid_range', `to must be on or after from, and the range at most ${maxDays} days.`);
    return {
      organizationId: principal.organizationId, timeZone, domainId: query.domainId ?? null, professionalId,
      from: from.startOf('day').toJSDate(), to: to.plus({ days: 1 }).startOf('day').toJSDate(), fromDate: query.from, toDate: query.to,
    };
  }

  const frame = (scope: Awaited<ReturnType<typeof scopeOf>>) => ({
    from: scope.fromDate, to: scope.toDate, timeZone: scope.timeZone, domainId: scope.domainId, professionalId: scope.professionalId,
  });

  async function figures(scope: AnalyticsScope, key: GroupKey) {
    // One after another: PGlite has one connection, and the reads are small.
    const bookings = await bookingRows(database, scope, key);
    const decisions = await decisionRows(database, scope, key);
    const attendance = await attendanceRows(database, scope, key);
    return { bookings, decisions, attendance };
  }

  return {
    async summary(principal: UserPrincipal, query: AnalyticsQuery): Promise<AnalyticsSummary> {
      const scope = await scopeOf(principal, query);
      const { bookings, decisions, attendance } = await figures(scope, 'all');
      const row = rowFigures(bookings, decisions, attendance);
      const scoped = scope.domainId !== null || scope.professionalId !== null;
      const assistant = scoped ? null : await assistantRow(database, scope);
      return {
        ...frame(scope),
        ...row,
        bookingsPerDay: eachDay(scope.fromDate, scope.toDate).map((date) => {
          const byStatus = countByStatus(bookings.filter((booking) => booking.day === date));
          return { date, total: sum(byStatus), byStatus };
        }),
        assistant: assistant && {
          ...assistant,
          bookings: row.assistantBookings,
          completionRate: share(assistant.withBooking, assistant.sessions),
          handoffRate: share(assistant.withHandoff, assistant.sessions),
          sessionsWithBooking: assistant.withBooking,
          sessionsWithHandoff: assistant.withHandoff,
        },
      };
    },

    async breakdown(principal: UserPrincipal, query: AnalyticsQuery, groupBy: 'professional' | 'domain'): Promise<AnalyticsBreakdown> {
      const scope = await scopeOf(principal, query);
      const { bookings, decisions, attendance } = await figures(scope, groupBy);
      const professionals = (await directory.professionals()).filter((one) =>
        one.organizationId === principal.organizationId && (!scope.professionalId || one.id === scope.professionalId) && (!scope.domainId || one.domainId === scope.domainId));
      const groups =
        groupBy === 'professional'
          ? professionals.map((one) => ({ id: one.id, name: one.name }))
          : (await directory.domains())
              .filter((domain) => domain.organizationId === principal.organizationId && (!scope.domainId || domain.id === scope.domainId)
                && (!scope.professionalId || professionals.some((one) => one.domainId === domain.id)))
              .map((domain) => ({ id: domain.id, name: domain.name }));
      const rows: AnalyticsRow[] = groups.map((group) => ({
        ...group,
        ...rowFigures(bookings.filter((row) => row.key === group.id), decisions.filter((row) => row.key === group.id), attendance.filter((row) => row.key === group.id)),
      }));
      return { ...frame(scope), groupBy, rows: rows.sort((a, b) => a.id.localeCompare(b.id)) };
    },
  };
}

export type AnalyticsService = ReturnType<typeof createAnalyticsService>;

function rowFigures(bookings: BookingRow[], decisions: DecisionRow[], attendance: AttendanceRow[]) {
  const byStatus = countByStatus(bookings);
  const attended = countByStatus(attendance);
  const channels = new Map<string, number>();
  for (const row of bookings) channels.set(row.channel, (channels.get(row.channel) ?? 0) + row.n);
  const decided = decisions[0];
  return {
    bookings: { total: sum(byStatus), byStatus },
    timeToDecision: {
      decided: decided?.decided ?? 0,
      medianMinutes: decided?.median == null ? null : round(decided.median),
      p90Minutes: decided?.p90 == null ? null : round(decided.p90),
    },
    attendance: {
      total: sum(attended),
      byStatus: attended,
      noShowRate: share(attended.no_show, attended.completed + attended.no_show),
      cancellationRate: share(attended.cancelled, attended.requested + attended.approved + attended.completed + attended.no_show + attended.cancelled),
    },
    channels: [...channels].map(([channel, count]) => ({ channel, bookings: count }))
      .sort((a, b) => b.bookings - a.bookings || a.channel.localeCompare(b.channel)),
    assistantBookings: bookings.filter((row) => row.assisted).reduce((total, row) => total + row.n, 0),
  };
}

function countByStatus(rows: Array<{ status: string; n: number }>): StatusCounts {
  const counts = Object.fromEntries(statuses.map((status) => [status, 0])) as StatusCounts;
  for (const row of rows) counts[row.status as keyof StatusCounts] += row.n;
  return counts;
}

const sum = (counts: StatusCounts) => Object.values(counts).reduce((total, n) => total + n, 0);
const share = (part: number, whole: number) => (whole === 0 ? null : round(part / whole, 4));
const round = (value: number, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;

function eachDay(from: string, to: string): string[] {
  const days: string[] = [];
  for (let day = DateTime.fromISO(from, { zone: 'UTC' }); day.toISODate()! <= to; day = day.plus({ days: 1 })) days.push(day.toISODate()!);
  return days;
}

/** The zone most of the organisation's professionals work in (ties: alphabetical), else UTC. */
function commonZone(professionals: Professional[]): string {
  const counts = new Map<string, number>();
  for (const one of professionals) counts.set(one.timeZone, (counts.get(one.timeZone) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0] ?? 'UTC';
}
