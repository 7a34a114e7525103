import { prepared, type SqlStatement } from '../../platform/database/one-statement';
import type { Queryable } from '../../platform/database/transaction';
import type { AppointmentStatus } from './workflow';

export interface Appointment {
  id: string;
  organizationId: string;
  professionalId: string;
  patientId: string;
  serviceId: string;
  domainId: string;
  start: Date;
  end: Date;
  bufferMinutes: number;
  status: AppointmentStatus;
  message: string | null;
  intake: Record<string, string>;
  rescheduledFrom: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface HistoryEntry {
  fromStatus: AppointmentStatus | null;
  toStatus: AppointmentStatus;
  actorId: string;
  actorRole: string;
  reason: string | null;
  at: Date;
}

export interface AppointmentFilter {
  patientId?: string;
  professionalId?: string;
  organizationId?: string;
  statuses?: AppointmentStatus[];
  from?: Date;
  to?: Date;
  limit?: number;
}

interface AppointmentRow {
  id: string; organization_id: string; professional_id: string; patient_id: string; service_id: string; domain_id: string;
  start_at: Date; end_at: Date; buffer_minutes: number; status: AppointmentStatus; message: string | null;
  intake: Record<string, string>; rescheduled_from: string | null; created_at: Date; updated_at: Date;
}

const toAppointment = (row: AppointmentRow): Appointment => ({
  id: row.id,
  organizationId: row.organization_id,
  professionalId: row.professional_id,
  patientId: row.patient_id,
  serviceId: row.service_id,
  domainId: row.domain_id,
  start: row.start_at,
  end: row.end_at,
  bufferMinutes: row.buffer_minutes,
  status: row.status,
  message: row.message,
  intake: row.intake,
  rescheduledFrom: row.rescheduled_from,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

/** The professional's booking lock, taken by every INSERT of an appointment; see `lockProfessional`. */
export async function lockProfessionalBookings(client: Queryable, professionalId: string): Promise<void> {
  await client.query(prepared({ text: `SELECT pg_advisory_xact_lock(hashtext('appointments.professional'), hashtext($1::text))`, values: [professionalId] }));
}

export function createAppointmentsRepository(database: Queryable) {
  return {
    async get(id: string, client: Queryable = database, options: { lock?: boolean } = {}): Promise<Appointment | null> {
      const { rows } = await client.query<AppointmentRow>(
        `SELECT * FROM appointments.appointments WHERE id = $1${options.lock ? ' FOR UPDATE' : ''}`,
        [id],
      );
      return rows[0] ? toAppointment(rows[0]) : null;
    },

    async list(filter: AppointmentFilter): Promise<Appointment[]> {
      const { rows } = await database.query<AppointmentRow>(
        `SELECT * FROM appointments.appointments
          WHERE ($1::text IS NULL OR patient_id = $1) AND ($2::text IS NULL OR professional_id = $2)
            AND ($3::text IS NULL OR organization_id = $3) AND ($4::text[] IS NULL OR status = ANY($4))
            AND ($5::timestamptz IS NULL OR end_at > $5) AND ($6::timestamptz IS NULL OR start_at < $6)
          ORDER BY start_at, id LIMIT $7`,
        [filter.patientId ?? null, filter.professionalId ?? null, filter.organizationId ?? null, filter.statuses ?? null,
          filter.from ?? null, filter.to ?? null, filter.limit ?? 200],
      );
      return rows.map(toAppointment);
    },

    /**
     * The INSERT of a new appointment; the exclusion constraint refuses an overlapping hold (SQLSTATE 23P01).
     * Inserts for one professional take a transaction lock first (in the row's id expression, so the
     * statement stays one round trip): concurrent inserts that conflict on an exclusion constraint
     * otherwise wait for each other and end in deadlocks, a second each, instead of one clean refusal.
     */
    insertStatement(appointment: Appointment): SqlStatement {
      return {
        text: `INSERT INTO appointments.appointments (id, organization_id, professional_id, patient_id, service_id, domain_id, start_at, end_at,
           buffer_minutes, hold_until, status, message, intake, rescheduled_from, created_at, updated_at)
         VALUES ((SELECT $1::text FROM (SELECT pg_advisory_xact_lock(hashtext('appointments.professional'), hashtext($3::text))) AS serialized),
           $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $15)`,
        values: [
          appointment.id, appointment.organizationId, appointment.professionalId, appointment.patientId, appointment.serviceId,
          appointment.domainId, appointment.start, appointment.end, appointment.bufferMinutes,
          new Date(appointment.end.getTime() + appointment.bufferMinutes * 60_000), appointment.status, appointment.message,
          JSON.stringify(appointment.intake), appointment.rescheduledFrom, appointment.createdAt,
        ],
      };
    },

    /**
     * Takes the professional's booking lock (the one every INSERT takes) for the rest of the
     * transaction. A change that frees a slot takes it before it touches the row: a booking racing
     * for that slot then either meets the row still held (409) or waits and meets the waitlist offer
     * made for it, never the gap between the two. Taken after the row changed, it would deadlock
     * with a booking that holds the lock and waits on the changed row.
     */
    lockProfessional: lockProfessionalBookings,

    /** Moves a row from one status to another only if it is still in `from`: concurrent deciders cannot both win. */
    async setStatus(client: Queryable, id: string, from: AppointmentStatus, to: AppointmentStatus, at: Date): Promise<boolean> {
      const { text, values } = this.setStatusStatement(id, from, to, at);
      const result = await client.query(text, values);
      return (result.rowCount ?? 0) > 0;
    },

    /** `setStatus` without its answer, for a caller that holds the row's lock and so knows it applies. */
    setStatusStatement(id: string, from: AppointmentStatus, to: AppointmentStatus, at: Date): SqlStatement {
      return {
        text: `UPDATE appointments.appointments SET status = $3, updated_at = $4 WHERE id = $1 AND status = $2`,
        values: [id, from, to, at],
      };
    },

    async addHistory(client: Queryable, appointmentId: string, entry: HistoryEntry): Promise<void> {
      const { text, values } = this.historyStatement(appointmentId, entry);
      await client.query(text, values);
    },

    historyStatement(appointmentId: string, entry: HistoryEntry): SqlStatement {
      return {
        text: `INSERT INTO appointments.status_history (appointment_id, from_status, to_status, actor_id, actor_role, reason, at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        values: [appointmentId, entry.fromStatus, entry.toStatus, entry.actorId, entry.actorRole, entry.reason, entry.at],
      };
    },

    async history(appointmentId: string): Promise<HistoryEntry[]> {
      const { rows } = await database.query(
        `SELECT from_status, to_status, actor_id, actor_role, reason, at FROM appointments.status_history
          WHERE appointment_id = $1 ORDER BY id`,
        [appointmentId],
      );
      return rows.map((row) => ({
        fromStatus: row.from_status, toStatus: row.to_status, actorId: row.actor_id, actorRole: row.actor_role, reason: row.reason, at: row.at,
      }));
    },

    async requested(): Promise<Appointment[]> {
      const { rows } = await database.query<AppointmentRow>(
        `SELECT * FROM appointments.appointments WHERE status = 'requested' ORDER BY created_at`,
      );
      return rows.map(toAppointment);
    },
  };
}

export type AppointmentsRepository = ReturnType<typeof createAppointmentsRepository>;
