import type pg from 'pg';
import type { PersonalDataContributor } from '../identity/personal-data';
import type { WaitlistService } from './waitlist-service';

/**
 * The appointments module's part of GDPR access and erasure. Erasure keeps
 * the facts (who was booked with whom, when, and what happened) and removes
 * what the person told us: intake answers, messages, waitlist wishes, handoff text.
 */
export function appointmentsPersonalData(
  pool: pg.Pool,
  // Identity (and so erasure) is registered before the appointments module exists.
  waitlist: () => Pick<WaitlistService, 'removeEntriesOf'> | undefined,
): PersonalDataContributor {
  return {
    module: 'appointments',
    async exportFor(userId) {
      const appointments = await pool.query(
        `SELECT id, professional_id, service_id, start_at, end_at, status, message, intake, rescheduled_from, created_at
           FROM appointments.appointments WHERE patient_id = $1 ORDER BY start_at`,
        [userId],
      );
      const history = await pool.query(
        `SELECT h.appointment_id, h.from_status, h.to_status, h.actor_id, h.reason, h.at FROM appointments.status_history h
           JOIN appointments.appointments a ON a.id = h.appointment_id WHERE a.patient_id = $1 ORDER BY h.id`,
        [userId],
      );
      const waitlist = await pool.query(
        `SELECT id, professional_id, specialty, service_id, from_date, to_date, status, created_at FROM appointments.waitlist WHERE patient_id = $1`,
        [userId],
      );
      const handoffs = await pool.query(`SELECT id, summary, channel, status, created_at FROM chat.handoffs WHERE patient_id = $1`, [userId]);
      return { appointments: appointments.rows, statusHistory: history.rows, waitlist: waitlist.rows, handoffs: handoffs.rows };
    },
    async eraseFor(userId, client) {
      await client.query(`UPDATE appointments.appointments SET intake = '{}', message = NULL WHERE patient_id = $1`, [userId]);
      await client.query(
        `UPDATE appointments.status_history SET reason = NULL
          WHERE appointment_id IN (SELECT id FROM appointments.appointments WHERE patient_id = $1) AND actor_id = $1`,
        [userId],
      );
      const entries = waitlist();
      if (!entries) throw new Error('the waitlist is not wired yet');
      // A time held for the patient is offered to the next one, not left free to whoever books first.
      await entries.removeEntriesOf(client, userId);
      await client.query(`UPDATE chat.handoffs SET summary = '', status = 'closed' WHERE patient_id = $1`, [userId]);
    },
  };
}
