import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import type { Clock } from '../../platform/clock';
import type { SqlStatement } from '../../platform/database/one-statement';
import { inTransaction, type Queryable } from '../../platform/database/transaction';
import { conflict, forbidden, invalid, notFound } from '../../platform/errors';
import { writeEvent } from '../../platform/outbox';
import type { UserPrincipal } from '../identity/principal';
import type { DirectoryService } from '../directory/directory-service';
import { localDate } from '../availability/slot-engine';
import { lockProfessionalBookings, type Appointment } from './appointments-repository';
import { createBusySource } from './busy-source';
import type { Professional } from '../directory/directory-repository';

export interface WaitlistEntry {
  id: string;
  patientId: string;
  professionalId: string | null;
  specialty: string | null;
  serviceId: string | null;
  from: string;
  to: string;
  status: 'waiting' | 'offered' | 'booked' | 'expired' | 'cancelled';
  offer: { professionalId: string; serviceId: string; start: string; end: string; expiresAt: string } | null;
  createdAt: string;
}

export type FreedSlotProfessional = Pick<Professional, 'id' | 'timeZone' | 'specialty' | 'bufferMinutes'>;

export interface WaitlistDependencies {
  pool: pg.Pool;
  directory: DirectoryService;
  clock: Clock;
  /** How long a freed slot is held for the patient it is offered to. */
  holdMinutes: number;
}

interface WaitlistRow {
  id: string; patient_id: string; professional_id: string | null; specialty: string | null; service_id: string | null;
  from_date: string; to_date: string; status: WaitlistEntry['status']; offered_professional_id: string; offered_service_id: string;
  offered_start: Date; offered_end: Date; offer_expires_at: Date; created_at: Date;
}

const toEntry = (row: WaitlistRow): WaitlistEntry => ({
  id: row.id,
  patientId: row.patient_id,
  professionalId: row.professional_id,
  specialty: row.specialty,
  serviceId: row.service_id,
  from: row.from_date,
  to: row.to_date,
  status: row.status,
  offer:
    row.status === 'offered'
      ? { professionalId: row.offered_professional_id, serviceId: row.offered_service_id, start: row.offered_start.toISOString(), end: row.offered_end.toISOString(), expiresAt: row.offer_expires_at.toISOString() }
      : null,
  createdAt: row.created_at.toISOString(),
});

const columns = `id, patient_id, professional_id, specialty, service_id, to_char(from_date, 'YYYY-MM-DD') AS from_date,
  to_char(to_date, 'YYYY-MM-DD') AS to_date, status, offered_professional_id, offered_service_id, offered_start, offered_end, offer_expires_at, created_at`;

/**
 * The waitlist: a patient waits for a professional or a specialty within a
 * date range; when a slot frees, the first matching entry is offered it and
 * the slot is held for them for `holdMinutes`, then offered to the next.
 */
export function createWaitlistService(dependencies: WaitlistDependencies) {
  const { pool, directory, clock } = dependencies;

  /**
   * Offers a freed slot to the first waiting entry that wants it. Runs in the
   * freeing transaction, on its connection only: the caller looks the
   * professional up beforehand (PGlite has one connection, and a second query
   * from inside a transaction would wait for ever).
   */
  async function offerFreedSlot(
    client: Queryable,
    freed: Pick<Appointment, 'serviceId' | 'start' | 'end'> & { professional: FreedSlotProfessional },
    now: Date,
    skipEntryId?: string,
  ) {
    if (freed.start <= now) return null;
    const { professional } = freed;
    // A slot taken meanwhile is not offered, for the patient could not book it: booked by anyone
    // once an earlier offer ran out and before the sweep passed it on, or offered to someone else
    // since. The booking it would become holds [start, end + buffer), as any booking does; busy
    // time is what slot lists read, on this transaction's connection.
    const holdUntil = new Date(freed.end.getTime() + professional.bufferMinutes * 60_000);
    const busy = await createBusySource(client, { now: () => now }).busyIntervals([professional.id], freed.start, holdUntil);
    if (busy.get(professional.id)!.length > 0) return null;
    const day = localDate(freed.start, professional.timeZone);
    const { rows } = await client.query<WaitlistRow>(
      `SELECT ${columns} FROM appointments.waitlist
        WHERE status = 'waiting' AND from_date <= $1::date AND to_date >= $1::date
          AND (professional_id = $2 OR (professional_id IS NULL AND lower(specialty) = lower($3)))
          AND (service_id IS NULL OR service_id = $4) AND ($5::text IS NULL OR id <> $5)
        ORDER BY created_at, seq LIMIT 1 FOR UPDATE SKIP LOCKED`,
      [day, professional.id, professional.specialty, freed.serviceId, skipEntryId ?? null],
    );
    const entry = rows[0];
    if (!entry) return null;
    const expiresAt = new Date(now.getTime() + dependencies.holdMinutes * 60_000);
    await client.query(
      `UPDATE appointments.waitlist SET status = 'offered', offered_professional_id = $2, offered_service_id = $3, offered_start = $4,
         offered_end = $5, offer_expires_at = $6, updated_at = $7 WHERE id = $1`,
      [entry.id, professional.id, freed.serviceId, freed.start, freed.end, expiresAt, now],
    );
    await writeEvent(client, 'waitlist.offered', {
      waitlistEntryId: entry.id, patientId: entry.patient_id, professionalId: professional.id, serviceId: freed.serviceId,
      start: freed.start.toISOString(), end: freed.end.toISOString(), expiresAt: expiresAt.toISOString(),
    }, now);
    return entry.id as string;
  }

  return {
    offerFreedSlot,

    async join(principal: UserPrincipal, input: { professionalId?: string; specialty?: string; serviceId?: string; from: string; to: string }) {
      if (principal.role !== 'patient') throw forbidden('Only patients join the waitlist.');
      if (!input.professionalId && !input.specialty) throw invalid('missing_filter', 'Give a professional or a specialty to wait for.');
      if (input.to < input.from) throw invalid('invalid_range', '"to" must not be before "from".');
      if (input.professionalId) await directory.professional(input.professionalId);
      const now = clock.now();
      const id = `wait-${randomBytes(6).toString('hex')}`;
      const { rows } = await pool.query<WaitlistRow>(
        `INSERT INTO appointments.waitlist (id, organization_id, patient_id, professional_id, specialty, service_id, from_date, to_date, status, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'waiting', $9, $9) RETURNING ${columns}`,
        [id, principal.organizationId, principal.userId, input.professionalId ?? null, input.specialty ?? null, input.serviceId ?? null, input.from, input.to, now],
      );
      return toEntry(rows[0]!);
    },

    async mine(principal: UserPrincipal) {
      const { rows } = await pool.query<WaitlistRow>(`SELECT ${columns} FROM appointments.waitlist WHERE patient_id = $1 ORDER BY created_at, seq`, [principal.userId]);
      return rows.map(toEntry);
    },

    async leave(principal: UserPrincipal, id: string) {
      const now = clock.now();
      // The entry may get an offer between the read and the change: the change applies to the
      // status read, and a missed one is read again.
      for (let attempt = 0; attempt < 3; attempt++) {
        const { rows: found } = await pool.query<WaitlistRow>(`SELECT ${columns} FROM appointments.waitlist WHERE id = $1`, [id]);
        const entry = found[0];
        if (!entry || entry.patient_id !== principal.userId) throw notFound('waitlist_entry', id);
        if (entry.status !== 'waiting' && entry.status !== 'offered') return;
        const professional = entry.status === 'offered' ? await directory.professional(entry.offered_professional_id) : null;
        const left = await inTransaction(pool, async (client) => {
          // The row first, then the professional's bookings (the order every change keeps), before the
          // entry lets go of its offer: a booking racing for the slot meets this offer or the next.
          const still = await client.query(`SELECT 1 FROM appointments.waitlist WHERE id = $1 AND status = $2 FOR UPDATE`, [id, entry.status]);
          if (!still.rowCount) return false;
          if (professional) await lockProfessionalBookings(client, professional.id);
          const { rows } = await client.query<WaitlistRow>(
            `UPDATE appointments.waitlist SET status = 'cancelled', updated_at = $2 WHERE id = $1 RETURNING ${columns}`,
            [id, now],
          );
          const cancelled = rows[0];
          // A declined offer goes to the next patient at once.
          if (cancelled && professional) {
            await offerFreedSlot(client, { professional, serviceId: cancelled.offered_service_id, start: cancelled.offered_start, end: cancelled.offered_end }, now, id);
          }
          return Boolean(cancelled);
        });
        if (left) return;
      }
      throw conflict('waitlist_entry_changing', 'The waitlist entry is changing right now; try again.');
    },

    /** A booking of the offered slot by the offered patient closes the entry (run with the booking's INSERT). */
    markBookedStatement: (appointment: Appointment, now: Date): SqlStatement => ({
      text: `UPDATE appointments.waitlist SET status = 'booked', updated_at = $4
          WHERE status = 'offered' AND patient_id = $1 AND offered_professional_id = $2 AND offered_start = $3`,
      values: [appointment.patientId, appointment.professionalId, appointment.start, now],
    }),

    /**
     * Erasure: the patient's entries go, and a time held for them passes to the next patient, on
     * the erasing transaction's connection. The professional is read with the offer (no second
     * connection inside a transaction), and the entries are deleted before the offering, so none
     * of the patient's own is chosen.
     */
    async removeEntriesOf(client: Queryable, patientId: string): Promise<void> {
      const now = clock.now();
      // Every entry of the patient is locked first (the order every change keeps: rows, then the
      // professional's bookings), so no offer can land on one of them meanwhile. An offer past its
      // hold that the sweep has not passed on yet is passed on here, as the sweep would.
      const { rows } = await client.query<{
        status: WaitlistEntry['status']; offered_service_id: string; offered_start: Date; offered_end: Date;
        professional_id: string | null; timezone: string; specialty: string; buffer_minutes: number;
      }>(
        `SELECT w.status, w.offered_service_id, w.offered_start, w.offered_end, p.id AS professional_id, p.timezone, p.specialty, p.buffer_minutes
           FROM appointments.waitlist w LEFT JOIN directory.professionals p ON p.id = w.offered_professional_id
          WHERE w.patient_id = $1 ORDER BY w.id FOR UPDATE OF w`,
        [patientId],
      );
      const held = rows.filter((row) => row.status === 'offered' && row.professional_id !== null);
      for (const professionalId of [...new Set(held.map((row) => row.professional_id!))].sort()) await lockProfessionalBookings(client, professionalId);
      await client.query('DELETE FROM appointments.waitlist WHERE patient_id = $1', [patientId]);
      for (const row of held) {
        const professional = { id: row.professional_id!, timeZone: row.timezone, specialty: row.specialty, bufferMinutes: row.buffer_minutes };
        await offerFreedSlot(client, { professional, serviceId: row.offered_service_id, start: row.offered_start, end: row.offered_end }, now);
      }
    },

    /** Offers whose hold ran out pass to the next entry. */
    async expireOffers(): Promise<number> {
      const now = clock.now();
      const { rows } = await pool.query(
        `SELECT id, offered_professional_id, offered_service_id, offered_start, offered_end FROM appointments.waitlist
          WHERE status = 'offered' AND offer_expires_at <= $1`,
        [now],
      );
      let expired = 0;
      for (const row of rows) {
        const professional = await directory.professional(row.offered_professional_id);
        await inTransaction(pool, async (client) => {
          // The row first, then the professional's bookings: the order every change keeps.
          const due = await client.query(
            `SELECT 1 FROM appointments.waitlist WHERE id = $1 AND status = 'offered' AND offer_expires_at <= $2 FOR UPDATE`,
            [row.id, now],
          );
          if (!due.rowCount) return;
          await lockProfessionalBookings(client, professional.id);
          await client.query(`UPDATE appointments.waitlist SET status = 'expired', updated_at = $2 WHERE id = $1`, [row.id, now]);
          expired += 1;
          await offerFreedSlot(client, { professional, serviceId: row.offered_service_id, start: row.offered_start, end: row.offered_end }, now, row.id);
        });
      }
      return expired;
    },
  };
}

export type WaitlistService = ReturnType<typeof createWaitlistService>;
