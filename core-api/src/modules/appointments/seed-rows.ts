import { DateTime } from 'luxon';
import type { Queryable } from '../../platform/database/transaction';
import type { Seed } from '../../seed/seed-schema';

/**
 * Writes the seed's appointments with their seed ids. Local start times are
 * read in the professional's zone; each gets one history entry by the system.
 * They count as created at `now` (the application clock), so a frozen demo
 * clock never finds the seed's open request overdue.
 */
export async function applyAppointmentsSeed(client: Queryable, seed: Seed, now: Date): Promise<void> {
  for (const appointment of seed.appointments) {
    const professional = seed.professionals.find((candidate) => candidate.id === appointment.professional)!;
    const service = seed.services.find((candidate) => candidate.id === appointment.service)!;
    const start = DateTime.fromISO(appointment.start, { zone: professional.timezone });
    const end = start.plus({ minutes: service.minutes });
    const holdUntil = end.plus({ minutes: professional.buffer_minutes });
    const result = await client.query(
      `INSERT INTO appointments.appointments (id, organization_id, professional_id, patient_id, service_id, domain_id,
         start_at, end_at, buffer_minutes, hold_until, status, message, intake, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14)
       ON CONFLICT (id) DO UPDATE SET professional_id = EXCLUDED.professional_id, patient_id = EXCLUDED.patient_id,
         service_id = EXCLUDED.service_id, domain_id = EXCLUDED.domain_id, start_at = EXCLUDED.start_at,
         end_at = EXCLUDED.end_at, buffer_minutes = EXCLUDED.buffer_minutes, hold_until = EXCLUDED.hold_until,
         status = EXCLUDED.status, message = EXCLUDED.message, intake = EXCLUDED.intake
       WHERE (appointments.start_at, appointments.status, appointments.intake, coalesce(appointments.message, ''))
         IS DISTINCT FROM (EXCLUDED.start_at, EXCLUDED.status, EXCLUDED.intake, coalesce(EXCLUDED.message, ''))
       RETURNING (xmax = 0) AS inserted`,
      [
        appointment.id, seed.organization.id, professional.id, appointment.patient, service.id, service.domain,
        start.toJSDate(), end.toJSDate(), professional.buffer_minutes, holdUntil.toJSDate(), appointment.status,
        appointment.message ?? null, JSON.stringify(appointment.intake), now,
      ],
    );
    if (result.rowCount && result.rowCount > 0) {
      await client.query(
        `INSERT INTO appointments.status_history (appointment_id, from_status, to_status, actor_id, actor_role, reason, at)
         VALUES ($1, NULL, $2, 'system', 'system', 'Loaded from the seed', $3)`,
        [appointment.id, appointment.status, now],
      );
    }
  }
}
