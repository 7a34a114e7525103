import { createHash } from 'node:crypto';
import { prepared } from '../../platform/database/one-statement';
import type { Queryable } from '../../platform/database/transaction';
import type { Clock } from '../../platform/clock';
import type { DomainEvent } from '../../platform/outbox';
import { invalid } from '../../platform/errors';
import type { AppointmentLookup } from './notification-engine';
import type { NotificationIntent } from './event-intents';

/** Minutes before the start: 24 hours and 2 hours, for a domain without rules of its own. */
export const defaultReminderOffsets = [24 * 60, 2 * 60];

/** A reminder's id, the same on every replay of its approval (`schedule` computes it in SQL alike). */
export const reminderId = (appointmentId: string, offsetMinutes: number) =>
  `rem-${createHash('sha256').update(`${appointmentId}:${offsetMinutes}`).digest('hex').slice(0, 20)}`;

const endingEvents = new Set(['appointment.cancelled', 'appointment.declined', 'appointment.expired', 'appointment.rescheduled', 'appointment.completed', 'appointment.no_show']);

interface ReminderRow {
  id: string;
  appointment_id: string;
  patient_id: string;
  starts_at: Date;
}

/**
 * Reminder schedules: rules per domain, reminders written when an appointment
 * is approved (also when a move lands on an approved one), cancelled when it
 * is cancelled, declined, moved or over, and a sweep that sends the due ones
 * after checking the appointment is still approved at the same time, so no
 * stale reminder goes out.
 */
export function createReminders(options: {
  database: Queryable;
  clock: Clock;
  appointments: AppointmentLookup;
  /** Creates the notification of a due reminder (the engine's `notify`). */
  notify: (intent: NotificationIntent) => Promise<unknown>;
}) {
  const { database, clock } = options;

  async function offsetsFor(domainId: string): Promise<number[]> {
    const { rows } = await database.query<{ offsets_minutes: number[] }>(`SELECT offsets_minutes FROM notifications.reminder_rules WHERE domain_id = $1`, [domainId]);
    return rows[0]?.offsets_minutes ?? defaultReminderOffsets;
  }

  /**
   * One statement for the whole schedule, since it runs for every approval: the domain's rules (or the
   * defaults) read and the reminders written together, with the ids `reminderId` gives.
   */
  async function schedule(appointment: { id: string; patientId: string; domainId: string; start: Date }): Promise<number> {
    const { rowCount } = await database.query(prepared({
      text: `INSERT INTO notifications.reminders (id, appointment_id, patient_id, offset_minutes, starts_at, due_at, state, created_at, updated_at)
       SELECT 'rem-' || left(encode(sha256(convert_to($1 || ':' || offset_minutes, 'UTF8')), 'hex'), 20), $1, $2, offset_minutes, $3::timestamptz,
              $3::timestamptz - offset_minutes * interval '1 minute', 'pending', $4::timestamptz, $4::timestamptz
         FROM unnest(COALESCE((SELECT offsets_minutes FROM notifications.reminder_rules WHERE domain_id = $5), $6::int[])) AS rules(offset_minutes)
        -- a reminder "24 h before" an appointment in 3 hours would only confuse
        WHERE $3::timestamptz - offset_minutes * interval '1 minute' > $4::timestamptz
       ON CONFLICT (appointment_id, offset_minutes) DO NOTHING`,
      values: [appointment.id, appointment.patientId, appointment.start, clock.now(), appointment.domainId, defaultReminderOffsets],
    }));
    return rowCount ?? 0;
  }

  async function cancel(appointmentId: string): Promise<number> {
    const { rowCount } = await database.query(prepared({
      text: `UPDATE notifications.reminders SET state = 'cancelled', updated_at = $2 WHERE appointment_id = $1 AND state = 'pending'`,
      values: [appointmentId, clock.now()],
    }));
    return rowCount ?? 0;
  }

  return {
    offsetsFor,
    schedule,
    cancel,

    async setRules(domainId: string, offsetsMinutes: number[], actorId: string): Promise<number[]> {
      const offsets = [...new Set(offsetsMinutes)].sort((a, b) => b - a);
      if (offsets.some((offset) => !Number.isInteger(offset) || offset < 5 || offset > 60 * 24 * 60))
        throw invalid('invalid_offset', 'Reminder offsets are whole minutes between 5 and 86,400 (60 days) before the start.');
      await database.query(
        `INSERT INTO notifications.reminder_rules (domain_id, offsets_minutes, updated_by, updated_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (domain_id) DO UPDATE SET offsets_minutes = EXCLUDED.offsets_minutes, updated_by = EXCLUDED.updated_by, updated_at = EXCLUDED.updated_at`,
        [domainId, offsets, actorId, clock.now()],
      );
      return offsets;
    },

    async forAppointment(appointmentId: string) {
      const { rows } = await database.query<{ offset_minutes: number; due_at: Date; state: string }>(
        `SELECT offset_minutes, due_at, state FROM notifications.reminders WHERE appointment_id = $1 ORDER BY due_at`,
        [appointmentId],
      );
      return rows.map((row) => ({ offsetMinutes: row.offset_minutes, dueAt: row.due_at.toISOString(), state: row.state }));
    },

    /** Keeps the schedule in step with the appointment's events. */
    async onEvent(event: DomainEvent): Promise<void> {
      const payload = event.payload as { appointmentId?: string; patientId?: string; domainId?: string; start?: string; status?: string; newAppointmentId?: string; newStart?: string; newStatus?: string };
      if (!payload.appointmentId) return;
      if (endingEvents.has(event.type)) await cancel(payload.appointmentId);
      // `approved`, or a new row written approved at once (a move in a domain that approves automatically).
      const approvedNow = event.type === 'appointment.approved' || (event.type === 'appointment.requested' && payload.status === 'approved');
      if (approvedNow && payload.patientId && payload.domainId && payload.start) {
        await schedule({ id: payload.appointmentId, patientId: payload.patientId, domainId: payload.domainId, start: new Date(payload.start) });
      }
    },

    /**
     * Sends what is due: claims due reminders (SKIP LOCKED: replicas share the work), checks each
     * appointment is still approved at the time the reminder was written for, and hands it to the
     * engine, whose event id `reminder:<id>` makes a repeated sweep harmless. Answers how many went.
     */
    async sweep(): Promise<number> {
      const now = clock.now();
      const { rows } = await database.query<ReminderRow>(
        `UPDATE notifications.reminders SET state = 'sending', updated_at = $1
          WHERE id IN (SELECT id FROM notifications.reminders
                        WHERE (state = 'pending' AND due_at <= $1) OR (state = 'sending' AND updated_at < $1::timestamptz - interval '5 minutes')
                        ORDER BY due_at LIMIT 200 FOR UPDATE SKIP LOCKED)
          RETURNING id, appointment_id, patient_id, starts_at`,
        [now],
      );
      let sent = 0;
      for (const reminder of rows) {
        const appointment = await options.appointments.get(reminder.appointment_id);
        const current = appointment?.status === 'approved' && appointment.start.getTime() === reminder.starts_at.getTime();
        if (current) {
          try {
            await options.notify({
              eventId: `reminder:${reminder.id}`, eventType: 'reminder', templateEvent: 'reminder', recipient: { userId: reminder.patient_id },
              appointmentId: appointment.id,
              data: { appointmentId: appointment.id, patientId: appointment.patientId, professionalId: appointment.professionalId, serviceId: appointment.serviceId, start: appointment.start.toISOString(), end: appointment.end.toISOString() },
            });
          } catch {
            // Left in 'sending': the next sweep after five minutes takes it up again.
            continue;
          }
          sent += 1;
        }
        await database.query(`UPDATE notifications.reminders SET state = $2, updated_at = $3 WHERE id = $1`, [reminder.id, current ? 'sent' : 'skipped', clock.now()]);
      }
      return sent;
    },
  };
}

export type Reminders = ReturnType<typeof createReminders>;
