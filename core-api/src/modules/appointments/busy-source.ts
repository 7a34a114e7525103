import { prepared } from '../../platform/database/one-statement';
import type { Queryable } from '../../platform/database/transaction';
import type { BusySource } from '../availability/availability-service';
import type { BusyInterval } from '../availability/slot-engine';

/**
 * Busy time for the slot engine: held appointments ([start, end + buffer)), plus waitlist offers
 * still held for someone else ([start, offered_hold_until), the buffer already in it). Both tables
 * are this module's, so one statement reads them.
 */
export function createBusySource(database: Queryable, clock: { now(): Date }): BusySource {
  return {
    async busyIntervals(professionalIds, from, to, options = {}) {
      const result = new Map<string, BusyInterval[]>(professionalIds.map((id) => [id, []]));
      const { rows } = await database.query<{ professional_id: string; start_at: Date; end_at: Date; buffer_minutes: number }>(prepared({
        text: `SELECT professional_id, start_at, end_at, buffer_minutes FROM appointments.appointments
          WHERE professional_id = ANY($1) AND status IN ('requested', 'approved') AND hold_until > $2 AND start_at < $3
            AND ($4::text IS NULL OR id <> $4)
         UNION ALL
         SELECT offered_professional_id, offered_start, offered_hold_until, 0 FROM appointments.waitlist
          WHERE status = 'offered' AND offered_professional_id = ANY($1) AND offer_expires_at > $5
            AND offered_hold_until > $2 AND offered_start < $3 AND ($6::text IS NULL OR patient_id <> $6)
         ORDER BY 1, 2`,
        values: [professionalIds, from, to, options.excludeAppointmentId ?? null, clock.now(), options.forPatientId ?? null],
      }));
      for (const row of rows) {
        result.get(row.professional_id)!.push({ start: row.start_at, end: row.end_at, bufferMinutes: row.buffer_minutes });
      }
      return result;
    },
  };
}
