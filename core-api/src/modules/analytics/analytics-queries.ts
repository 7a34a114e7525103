import type { Queryable } from '../../platform/database/transaction';

/**
 * The set-based reads behind the analytics routes: read-only, one statement per figure
 * whatever the number of rows, grouped by a key chosen from a fixed list (never from input).
 *
 * They read other modules' tables (appointments, the identity audit log, chat handoffs): an
 * analytics module is a reporting view over the others, reading and never writing them.
 */
export interface AnalyticsScope {
  organizationId: string;
  /** The range as instants, `to` exclusive (the first instant of the day after the last day). */
  from: Date;
  to: Date;
  timeZone: string;
  domainId: string | null;
  professionalId: string | null;
}

export type GroupKey = 'all' | 'professional' | 'domain';

const keyColumn: Record<GroupKey, string> = { all: `'all'::text`, professional: 'a.professional_id', domain: 'a.domain_id' };

// $1 organisation, $2 from, $3 to (exclusive), $4 domain or null, $5 professional or null ($6 the time zone where days are counted).
const inScope = `a.organization_id = $1 AND ($4::text IS NULL OR a.domain_id = $4) AND ($5::text IS NULL OR a.professional_id = $5)`;
const parameters = (scope: AnalyticsScope) => [scope.organizationId, scope.from, scope.to, scope.domainId, scope.professionalId];

export interface BookingRow { key: string; day: string; status: string; channel: string; assisted: boolean; n: number }
export interface DecisionRow { key: string; decided: number; median: number | null; p90: number | null }
export interface AttendanceRow { key: string; status: string; n: number }
export interface AssistantRow { sessions: number; withBooking: number; withHandoff: number; handoffs: number }

/**
 * Requests created in the range (moves excluded), by local day, current status, the channel of
 * the request that filed them (its `appointment.create` audit entry) and whether the assistant filed it.
 */
export async function bookingRows(database: Queryable, scope: AnalyticsScope, key: GroupKey): Promise<BookingRow[]> {
  const { rows } = await database.query<BookingRow>(
    `SELECT ${keyColumn[key]} AS key, to_char(a.created_at AT TIME ZONE $6, 'YYYY-MM-DD') AS day, a.status,
            coalesce(c.channel, 'unknown') AS channel, (c.acting_service IS NOT NULL) AS assisted, count(*)::int AS n
       FROM appointments.appointments a
       LEFT JOIN LATERAL (
         SELECT l.channel, l.acting_service FROM identity.audit_log l
          WHERE l.resource_type = 'appointment' AND l.resource_id = a.id AND l.action = 'appointment.create'
          ORDER BY l.id LIMIT 1
       ) c ON true
      WHERE ${inScope} AND a.rescheduled_from IS NULL AND a.created_at >= $2 AND a.created_at < $3
      GROUP BY 1, 2, 3, 4, 5`,
    [...parameters(scope), scope.timeZone],
  );
  return rows;
}

/** Minutes from request to the first approve or decline by a person, for requests created in the range. */
export async function decisionRows(database: Queryable, scope: AnalyticsScope, key: GroupKey): Promise<DecisionRow[]> {
  const { rows } = await database.query<DecisionRow>(
    `SELECT ${keyColumn[key]} AS key, count(*)::int AS decided,
            percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM h.at - a.created_at) / 60) AS median,
            percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM h.at - a.created_at) / 60) AS p90
       FROM appointments.appointments a
       JOIN appointments.status_history h ON h.appointment_id = a.id AND h.from_status = 'requested'
        AND h.to_status IN ('approved', 'declined') AND h.actor_role <> 'system'
      WHERE ${inScope} AND a.rescheduled_from IS NULL AND a.created_at >= $2 AND a.created_at < $3
      GROUP BY 1`,
    parameters(scope),
  );
  return rows.map((row) => ({ ...row, median: toNumber(row.median), p90: toNumber(row.p90) }));
}

/** Appointments whose start falls in the range, by status; rows ended by a move are left out. */
export async function attendanceRows(database: Queryable, scope: AnalyticsScope, key: GroupKey): Promise<AttendanceRow[]> {
  const { rows } = await database.query<AttendanceRow>(
    `SELECT ${keyColumn[key]} AS key, a.status, count(*)::int AS n
       FROM appointments.appointments a
      WHERE ${inScope} AND a.status <> 'rescheduled' AND a.start_at >= $2 AND a.start_at < $3
      GROUP BY 1, 2`,
    parameters(scope),
  );
  return rows;
}

/**
 * Assistant sessions of the organisation: distinct (patient, local day) pairs with a token
 * exchange (the assistant acting for a verified patient), and how many of them also saw a booking
 * filed by the assistant (moves excluded) or a handoff asked for by that patient the same day.
 */
export async function assistantRow(database: Queryable, scope: AnalyticsScope): Promise<AssistantRow> {
  const { rows } = await database.query<AssistantRow>(
    `WITH sessions AS (
       SELECT DISTINCT l.patient_id, (l.at AT TIME ZONE $4)::date AS day FROM identity.audit_log l
        WHERE l.organization_id = $1 AND l.action = 'token.exchange' AND l.patient_id IS NOT NULL AND l.at >= $2 AND l.at < $3
     ), booked AS (
       SELECT DISTINCT l.patient_id, (l.at AT TIME ZONE $4)::date AS day FROM identity.audit_log l
         JOIN appointments.appointments a ON a.id = l.resource_id AND a.rescheduled_from IS NULL
        WHERE l.organization_id = $1 AND l.action = 'appointment.create' AND l.resource_type = 'appointment'
          AND l.acting_service IS NOT NULL AND l.at >= $2 AND l.at < $3
     ), handoffs AS (
       SELECT h.patient_id, (h.created_at AT TIME ZONE $4)::date AS day FROM chat.handoffs h
        WHERE h.organization_id = $1 AND h.created_at >= $2 AND h.created_at < $3
     )
     SELECT (SELECT count(*) FROM sessions)::int AS "sessions",
            (SELECT count(*) FROM sessions JOIN booked USING (patient_id, day))::int AS "withBooking",
            (SELECT count(*) FROM sessions s WHERE EXISTS (SELECT 1 FROM handoffs h WHERE h.patient_id = s.patient_id AND h.day = s.day))::int AS "withHandoff",
            (SELECT count(*) FROM handoffs)::int AS "handoffs"`,
    [scope.organizationId, scope.from, scope.to, scope.timeZone],
  );
  return rows[0]!;
}

function toNumber(value: unknown): number | null {
  return value === null || value === undefined ? null : Number(value);
}
