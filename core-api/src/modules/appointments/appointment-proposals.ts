import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import type { Clock } from '../../platform/clock';
import { runAsOneStatement, type SqlStatement } from '../../platform/database/one-statement';
import { inTransaction, type Queryable } from '../../platform/database/transaction';
import { conflict, forbidden, invalid, notFound } from '../../platform/errors';
import { eventStatement } from '../../platform/outbox';
import type { AuditContext, AuditLog } from '../identity/audit-log';
import type { UserPrincipal } from '../identity/principal';
import type { AvailabilityService } from '../availability/availability-service';
import type { DirectoryService } from '../directory/directory-service';
import type { Professional } from '../directory/directory-repository';
import { formatInZone } from '../availability/slot-engine';
import type { Appointment, AppointmentsRepository } from './appointments-repository';
import { toAppointmentView, type AppointmentView } from './appointment-view';
import { eventPayload } from './event-payload';
import type { AppointmentStatus } from './workflow';
import type { WaitlistService } from './waitlist-service';

type Context = AuditContext & { principal: UserPrincipal };

export interface ProposalView {
  id: string;
  appointmentId: string;
  /** The proposed starts, with the professional's offset. */
  starts: string[];
  message: string | null;
  proposedBy: string;
  /** `open` until the patient accepts one start; a newer proposal supersedes an open one. */
  status: 'open' | 'accepted' | 'superseded';
  acceptedStart: string | null;
  newAppointmentId: string | null;
  createdAt: string;
}

interface ProposalRow {
  id: string; appointment_id: string; starts: Date[]; message: string | null; proposed_by: string;
  status: ProposalView['status']; accepted_start: Date | null; new_appointment_id: string | null; created_at: Date;
}

const toView = (row: ProposalRow, timeZone: string): ProposalView => ({
  id: row.id,
  appointmentId: row.appointment_id,
  starts: row.starts.map((start) => formatInZone(new Date(start), timeZone)),
  message: row.message,
  proposedBy: row.proposed_by,
  status: row.status,
  acceptedStart: row.accepted_start ? formatInZone(row.accepted_start, timeZone) : null,
  newAppointmentId: row.new_appointment_id,
  createdAt: row.created_at.toISOString(),
});

export const maxProposedStarts = 5;

/**
 * "Propose other times": the professional answers a request with a few free
 * starts instead of a yes or no; the request keeps holding its slot meanwhile.
 * The patient accepts one, which moves the request there already approved
 * (the professional agreed to it by proposing it), as a reschedule does: the
 * old row ends `rescheduled`, a new linked row holds the new slot.
 */
export function createAppointmentProposals(dependencies: {
  pool: pg.Pool;
  repository: AppointmentsRepository;
  directory: DirectoryService;
  availability: AvailabilityService;
  waitlist: WaitlistService;
  audit: AuditLog;
  clock: Clock;
  readable: (context: Context, id: string) => Promise<Appointment>;
  decideGuard: (principal: UserPrincipal, appointment: Appointment, now: Date, professional: Professional) => void;
  insertNew: (context: Context, appointment: Appointment, client: Queryable | null, now: Date, alongside: SqlStatement[], eventStatus: AppointmentStatus) => Promise<void>;
  onEventsWritten: () => void;
}) {
  const { pool, repository, directory, availability, waitlist, audit, clock } = dependencies;

  const requireRequested = (appointment: Appointment) => {
    if (appointment.status !== 'requested') {
      throw conflict('invalid_transition', `The appointment is ${appointment.status}; other times can be proposed and accepted only for a requested appointment.`, {
        status: appointment.status,
      });
    }
  };

  async function serviceMinutes(appointment: Appointment) {
    return (await directory.service(appointment.serviceId)).minutes;
  }

  return {
    async propose(context: Context, id: string, input: { starts: string[]; message?: string }): Promise<ProposalView> {
      const appointment = await dependencies.readable(context, id);
      const professional = await directory.professional(appointment.professionalId);
      const now = clock.now();
      dependencies.decideGuard(context.principal, appointment, now, professional);
      requireRequested(appointment);
      const starts = [...new Set(input.starts.map((start) => new Date(start).getTime()))].map((time) => new Date(time));
      if (starts.length === 0 || starts.length > maxProposedStarts || starts.some((start) => Number.isNaN(start.getTime()))) {
        throw invalid('invalid_starts', `Propose 1 to ${maxProposedStarts} ISO 8601 date-times with an offset.`);
      }
      const minutes = await serviceMinutes(appointment);
      // Checked before the transaction: the slot engine reads through the pool (PGlite has one connection).
      for (const start of starts) {
        const free = await availability.isBookable({ professional, serviceMinutes: minutes, start, excludeAppointmentId: id, patientId: appointment.patientId });
        if (!free) throw conflict('slot_unavailable', `${formatInZone(start, professional.timeZone)} is not free. Propose times from the free slots.`, { start: start.toISOString() });
      }
      const proposalId = `prop-${randomBytes(6).toString('hex')}`;
      await inTransaction(pool, async (client) => {
        const locked = await repository.get(id, client, { lock: true });
        if (!locked) throw notFound('appointment', id);
        requireRequested(locked);
        await runAsOneStatement(client, [
          { text: `UPDATE appointments.proposals SET status = 'superseded' WHERE appointment_id = $1 AND status = 'open'`, values: [id] },
          {
            text: `INSERT INTO appointments.proposals (id, appointment_id, starts, message, proposed_by, status, created_at) VALUES ($1, $2, $3, $4, $5, 'open', $6)`,
            values: [proposalId, id, starts, input.message ?? null, context.principal.userId, now],
          },
          eventStatement('appointment.proposed', eventPayload(locked, { proposalId, starts: starts.map((start) => start.toISOString()), actorId: context.principal.userId }), now).statement,
          audit.statement(context, { action: 'appointment.propose', resourceType: 'appointment', resourceId: id, patientId: locked.patientId }),
        ]);
      });
      dependencies.onEventsWritten();
      return (await this.proposals(context, id, { audited: true }))[0]!;
    },

    /** Newest first. */
    async proposals(context: Context, id: string, options: { audited?: boolean } = {}): Promise<ProposalView[]> {
      const appointment = await dependencies.readable(context, id);
      if (!options.audited) {
        await audit.record(context, { action: 'appointment.proposals.read', resourceType: 'appointment', resourceId: id, patientId: appointment.patientId });
      }
      const { rows } = await pool.query<ProposalRow>(`SELECT * FROM appointments.proposals WHERE appointment_id = $1 ORDER BY seq DESC`, [id]);
      const timeZone = (await directory.professional(appointment.professionalId)).timeZone;
      return rows.map((row) => toView(row, timeZone));
    },

    /** The patient (or an admin for them) takes one proposed start; the request moves there, approved. */
    async acceptProposal(context: Context, id: string, proposalId: string, input: { start: string }): Promise<AppointmentView> {
      const old = await dependencies.readable(context, id);
      const { principal } = context;
      if (principal.role === 'professional') throw forbidden('The patient accepts a proposed time; the professional proposes it.');
      requireRequested(old);
      const { rows } = await pool.query<ProposalRow>(`SELECT * FROM appointments.proposals WHERE id = $1 AND appointment_id = $2`, [proposalId, id]);
      const proposal = rows[0];
      if (!proposal) throw notFound('proposal', proposalId);
      if (proposal.status !== 'open') throw conflict('proposal_closed', `This proposal is ${proposal.status}; read the appointment's proposals again.`, { status: proposal.status });
      const start = new Date(input.start);
      if (!proposal.starts.some((proposed) => new Date(proposed).getTime() === start.getTime())) {
        throw invalid('start_not_proposed', 'Pick one of the proposed starts.', { starts: proposal.starts.map((proposed) => new Date(proposed).toISOString()) });
      }
      const professional = await directory.professional(old.professionalId);
      const minutes = await serviceMinutes(old);
      if (!(await availability.isBookable({ professional, serviceMinutes: minutes, start, excludeAppointmentId: id, patientId: old.patientId }))) {
        throw conflict('slot_unavailable', 'That proposed time has been taken meanwhile. Ask the professional for another.');
      }
      const now = clock.now();
      const fresh: Appointment = {
        ...old, id: `appt-${randomBytes(6).toString('hex')}`, start, end: new Date(start.getTime() + minutes * 60_000), bufferMinutes: professional.bufferMinutes,
        status: 'approved', rescheduledFrom: id, createdAt: now, updatedAt: now,
      };
      const reason = `Accepted a time proposed by ${proposal.proposed_by}`;
      await inTransaction(pool, async (client) => {
        const locked = await repository.get(id, client, { lock: true });
        if (!locked || locked.status !== 'requested') throw conflict('invalid_transition', 'The appointment changed meanwhile; read it again.');
        const open = await client.query(`SELECT 1 FROM appointments.proposals WHERE id = $1 AND status = 'open' FOR UPDATE`, [proposalId]);
        if (open.rowCount === 0) throw conflict('proposal_closed', 'This proposal changed meanwhile; read the proposals again.');
        await repository.lockProfessional(client, old.professionalId);
        // Its own statement first: the new row must meet the exclusion constraint after the old one let go.
        await runAsOneStatement(client, [
          repository.setStatusStatement(id, 'requested', 'rescheduled', now),
          repository.historyStatement(id, { fromStatus: 'requested', toStatus: 'rescheduled', actorId: principal.userId, actorRole: principal.role, reason, at: now }),
          {
            text: `UPDATE appointments.proposals SET status = 'accepted', accepted_start = $2, new_appointment_id = $3, decided_at = $4 WHERE id = $1`,
            values: [proposalId, start, fresh.id, now],
          },
        ]);
        const moved = eventStatement('appointment.rescheduled', eventPayload(old, {
          status: 'rescheduled', fromStatus: 'requested', actorId: principal.userId, reason, proposalId,
          newAppointmentId: fresh.id, newStart: fresh.start.toISOString(), newStatus: fresh.status,
        }), now);
        await dependencies.insertNew(context, fresh, client, now, [moved.statement], 'approved');
        await waitlist.offerFreedSlot(client, { ...old, professional }, now);
      });
      dependencies.onEventsWritten();
      return toAppointmentView(fresh, professional.timeZone);
    },
  };
}
