import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import type { Clock } from '../../platform/clock';
import { runAsOneStatement, type SqlStatement } from '../../platform/database/one-statement';
import { inTransaction, onOneConnection, type Queryable } from '../../platform/database/transaction';
import { AppError, conflict, forbidden, invalid, notFound } from '../../platform/errors';
import { eventStatement, writeEvent } from '../../platform/outbox';
import type { AuditContext, AuditLog } from '../identity/audit-log';
import type { UserPrincipal } from '../identity/principal';
import { canChangeAppointment, canDecideAppointment, canReadAppointment, canRequestAppointmentFor } from '../identity/policy';
import type { DirectoryService } from '../directory/directory-service';
import type { Professional } from '../directory/directory-repository';
import { validateIntake } from '../directory/intake-schema';
import type { AvailabilityService } from '../availability/availability-service';
import type { Appointment, AppointmentFilter, AppointmentsRepository } from './appointments-repository';
import { toAppointmentView, toHistoryView, type AppointmentView } from './appointment-view';
import { withIdempotency } from './idempotency';
import { eventPayload } from './event-payload';
import { createAppointmentProposals } from './appointment-proposals';
import { allowedFrom, eventTypeOf, isBeforeCutoff, isRequestDue, nextStatus, type AppointmentStatus, type Transition } from './workflow';
import type { WaitlistService } from './waitlist-service';

export interface AppointmentsServiceDependencies {
  pool: pg.Pool;
  repository: AppointmentsRepository;
  directory: DirectoryService;
  availability: AvailabilityService;
  waitlist: WaitlistService;
  audit: AuditLog;
  clock: Clock;
  /** Called after a commit that wrote events, so the relay publishes at once. */
  onEventsWritten?: () => void;
  /**
   * identity's users, to name the patient on a single read (the professional deciding a request
   * needs to know who asks); without it `patientName` is left out.
   */
  people?: { findByIds(ids: string[]): Promise<Array<{ id: string; name: string }>> };
  /** Told of every booking attempt's outcome and every later status change (metrics). */
  observe?: AppointmentObserver;
}

export interface AppointmentObserver {
  /** `requested` or `approved` when a booking is filed, else the refusal's code (`slot_unavailable`, …). */
  booking(outcome: string): void;
  transition(status: AppointmentStatus): void;
}

export interface RequestAppointmentInput {
  professionalId: string;
  serviceId: string;
  start: string;
  message?: string;
  intake: Record<string, string>;
  /** Admins book for a patient; patients always book for themselves. */
  patientId?: string;
}

const slotUnavailable = (message = 'That time is no longer available. Ask for the free slots and pick another.') =>
  conflict('slot_unavailable', message);

const isExclusionViolation = (error: unknown) => (error as { code?: string }).code === '23P01';

/** Throws when the caller may not make this change; `professional` is the appointment's. */
type Guard = (principal: UserPrincipal, appointment: Appointment, now: Date, professional: Professional) => void;

export function createAppointmentsService(dependencies: AppointmentsServiceDependencies) {
  const { pool, repository, directory, availability, waitlist, audit, clock } = dependencies;
  const newId = () => `appt-${randomBytes(6).toString('hex')}`;
  const timeZoneOf = async (professionalId: string) => (await directory.professional(professionalId)).timeZone;
  const view = async (appointment: Appointment) => toAppointmentView(appointment, await timeZoneOf(appointment.professionalId));
  const actorRole = (principal: UserPrincipal) => principal.role;

  const denied = (context: AuditContext, id: string, appointment: Appointment | null) =>
    audit.record(context, { action: 'appointment.read', resourceType: 'appointment', resourceId: id, patientId: appointment?.patientId, outcome: 'denied' });

  /** Reads one appointment the caller may see; anything else is "not found", so ids do not leak. */
  async function readable(context: AuditContext & { principal: UserPrincipal }, id: string) {
    const appointment = await repository.get(id);
    if (!appointment || !canReadAppointment(context.principal, appointment)) {
      await denied(context, id, appointment);
      throw notFound('appointment', id);
    }
    return appointment;
  }

  /**
   * One status change, on the row read once under its lock. Checks run in this order: visibility
   * (404), `authorize`, the reason, then the workflow (409 invalid_transition).
   */
  async function transition(
    context: AuditContext & { principal: UserPrincipal },
    id: string,
    kind: Transition,
    authorize: Guard,
    reasonOf: () => string | null = () => null,
  ): Promise<AppointmentView> {
    const now = clock.now();
    type Outcome = { hidden: Appointment | null } | { changed: Appointment; professional: Professional };
    const outcome = await inTransaction(pool, async (client): Promise<Outcome> => {
      const appointment = await repository.get(id, client, { lock: true });
      if (!appointment || !canReadAppointment(context.principal, appointment)) return { hidden: appointment };
      // Cached; on a miss it reads on this transaction's connection, never the pool's (PGlite has one).
      const professional = await directory.professional(appointment.professionalId, client);
      authorize(context.principal, appointment, now, professional);
      const reason = reasonOf();
      const to = nextStatus(appointment.status, kind);
      if (!to) {
        throw conflict('invalid_transition', `The appointment is ${appointment.status}; only a ${allowedFrom(kind).join(' or ')} appointment can be ${pastTense(kind)}.`, {
          status: appointment.status,
        });
      }
      const frees = to === 'cancelled' || to === 'declined';
      if (frees) await repository.lockProfessional(client, appointment.professionalId);
      await runAsOneStatement(client, [
        repository.setStatusStatement(id, appointment.status, to, now),
        repository.historyStatement(id, { fromStatus: appointment.status, toStatus: to, actorId: context.principal.userId, actorRole: actorRole(context.principal), reason, at: now }),
        eventStatement(eventTypeOf(to), eventPayload(appointment, { status: to, fromStatus: appointment.status, actorId: context.principal.userId, reason }), now).statement,
        audit.statement(context, { action: `appointment.${kind}`, resourceType: 'appointment', resourceId: id, patientId: appointment.patientId }),
      ]);
      if (frees) await waitlist.offerFreedSlot(client, { ...appointment, professional }, now);
      return { changed: { ...appointment, status: to, updatedAt: now }, professional };
    });
    if ('hidden' in outcome) {
      // After the transaction: an entry written inside it would vanish with the rollback of the 404.
      await denied(context, id, outcome.hidden);
      throw notFound('appointment', id);
    }
    dependencies.onEventsWritten?.();
    dependencies.observe?.transition(outcome.changed.status);
    return toAppointmentView(outcome.changed, outcome.professional.timeZone);
  }

  async function observeBooking(booking: Promise<AppointmentView>): Promise<AppointmentView> {
    try {
      const booked = await booking;
      dependencies.observe?.booking(booked.status);
      return booked;
    } catch (error) {
      dependencies.observe?.booking((error as { code?: string }).code ?? 'error');
      throw error;
    }
  }

  const decideGuard: Guard = (principal, appointment) => {
    if (!canDecideAppointment(principal, appointment)) throw forbidden('Only the professional of this appointment or an admin may decide it.');
  };

  const changeGuard = (verb: string): Guard => (principal, appointment, now, professional) => {
    if (!canChangeAppointment(principal, appointment)) throw forbidden();
    if (principal.role === 'patient' && !isBeforeCutoff(appointment.start, professional.cancellationCutoffHours, now)) {
      throw conflict('cutoff_passed', `Appointments can be ${verb} online only up to ${professional.cancellationCutoffHours} hours before they start. Please contact the practice.`);
    }
  };

  const proposals = createAppointmentProposals({
    pool, repository, directory, availability, waitlist, audit, clock, readable, decideGuard, insertNew,
    onEventsWritten: () => dependencies.onEventsWritten?.(),
  });

  return {
    ...proposals,
    async request(context: AuditContext & { principal: UserPrincipal }, input: RequestAppointmentInput, idempotencyKey?: string): Promise<AppointmentView> {
      return observeBooking(withIdempotency(pool, { actorId: context.principal.userId, key: idempotencyKey, body: input }, async () => {
        const patientId = input.patientId ?? (context.principal.role === 'patient' ? context.principal.userId : undefined);
        if (!patientId) throw invalid('patient_required', 'Say which patient the appointment is for (patientId).');
        if (!canRequestAppointmentFor(context.principal, patientId)) throw forbidden('You may request appointments only for yourself.');
        const professional = await directory.professional(input.professionalId);
        if (!professional.serviceIds.includes(input.serviceId))
          throw invalid('service_not_offered', `${professional.name} does not offer "${input.serviceId}".`, { offered: professional.serviceIds });
        const service = await directory.service(input.serviceId);
        const domain = await directory.domain(service.domainId);
        const problems = validateIntake(domain.intakeFields, input.intake);
        if (problems.length > 0) throw invalid('invalid_intake', 'Some intake answers are missing or not valid.', problems);
        const start = new Date(input.start);
        if (Number.isNaN(start.getTime())) throw invalid('invalid_start', 'start must be an ISO 8601 date-time with an offset.');
        // Taken times are refused by the INSERT itself (see insertNew), so no read of busy time here.
        if (!(await availability.isOnGrid({ professional, serviceMinutes: service.minutes, start })))
          throw slotUnavailable('That time is not offered: it is outside opening hours, off the times offered, or too soon. Ask for the free slots and pick one.');
        const now = clock.now();
        const status: AppointmentStatus = domain.approval === 'automatic' ? 'approved' : 'requested';
        const appointment: Appointment = {
          id: newId(), organizationId: professional.organizationId, professionalId: professional.id, patientId, serviceId: service.id,
          domainId: domain.id, start, end: new Date(start.getTime() + service.minutes * 60_000), bufferMinutes: professional.bufferMinutes,
          status, message: input.message ?? null, intake: input.intake, rescheduledFrom: null, createdAt: now, updatedAt: now,
        };
        await insertNew(context, appointment, null, now);
        return toAppointmentView(appointment, professional.timeZone);
      }));
    },

    get: async (context: AuditContext & { principal: UserPrincipal }, id: string) => {
      const appointment = await readable(context, id);
      await audit.record(context, { action: 'appointment.read', resourceType: 'appointment', resourceId: id, patientId: appointment.patientId });
      const patient = (await dependencies.people?.findByIds([appointment.patientId]))?.[0];
      return { ...(await view(appointment)), ...(patient ? { patientName: patient.name } : {}) };
    },

    async list(context: AuditContext & { principal: UserPrincipal }, filter: Omit<AppointmentFilter, 'organizationId'>) {
      const { principal } = context;
      const scoped: AppointmentFilter =
        principal.role === 'patient'
          ? { ...filter, patientId: principal.userId }
          : principal.role === 'professional'
            ? { ...filter, professionalId: principal.userId }
            : { ...filter, organizationId: principal.organizationId };
      const appointments = await repository.list(scoped);
      for (const appointment of appointments) {
        await audit.record(context, { action: 'appointment.read', resourceType: 'appointment', resourceId: appointment.id, patientId: appointment.patientId });
      }
      const zones = new Map<string, string>();
      for (const professional of await directory.professionals({ ids: [...new Set(appointments.map((a) => a.professionalId))] }))
        zones.set(professional.id, professional.timeZone);
      // Staff calendars name the patients (one lookup for the page); a patient knows their own name.
      const names = new Map<string, string>();
      if (principal.role !== 'patient' && appointments.length > 0) {
        for (const person of (await dependencies.people?.findByIds([...new Set(appointments.map((a) => a.patientId))])) ?? []) names.set(person.id, person.name);
      }
      return appointments.map((appointment) => {
        const view = toAppointmentView(appointment, zones.get(appointment.professionalId) ?? 'UTC');
        const patientName = names.get(appointment.patientId);
        return patientName ? { ...view, patientName } : view;
      });
    },

    async history(context: AuditContext & { principal: UserPrincipal }, id: string) {
      const appointment = await readable(context, id);
      await audit.record(context, { action: 'appointment.history.read', resourceType: 'appointment', resourceId: id, patientId: appointment.patientId });
      return (await repository.history(id)).map(toHistoryView);
    },

    approve: (context: AuditContext & { principal: UserPrincipal }, id: string) => transition(context, id, 'approve', decideGuard),
    decline: (context: AuditContext & { principal: UserPrincipal }, id: string, reason: string) => {
      const checked = requireReason(reason);
      return transition(context, id, 'decline', decideGuard, () => checked);
    },
    complete: (context: AuditContext & { principal: UserPrincipal }, id: string) =>
      transition(context, id, 'complete', (principal, appointment, now, professional) => {
        decideGuard(principal, appointment, now, professional);
        if (now < appointment.start) throw conflict('not_started', 'An appointment can be completed only once it has started.');
      }),
    noShow: (context: AuditContext & { principal: UserPrincipal }, id: string) =>
      transition(context, id, 'no_show', (principal, appointment, now, professional) => {
        decideGuard(principal, appointment, now, professional);
        if (now < appointment.start) throw conflict('not_started', 'A no-show can be recorded only once the appointment has started.');
      }),
    cancel: (context: AuditContext & { principal: UserPrincipal }, id: string, reason: string) =>
      transition(context, id, 'cancel', changeGuard('cancelled'), () => requireReason(reason)),

    /** Holds the new slot and releases the old one in one transaction; the new row links to the old. */
    async reschedule(context: AuditContext & { principal: UserPrincipal }, id: string, input: { start: string; reason?: string }) {
      const old = await readable(context, id);
      const now = clock.now();
      const professional = await directory.professional(old.professionalId);
      changeGuard('moved')(context.principal, old, now, professional);
      const to = nextStatus(old.status, 'reschedule');
      if (!to) throw conflict('invalid_transition', `The appointment is ${old.status}; only requested or approved appointments can be moved.`);
      const service = await directory.service(old.serviceId);
      const domain = await directory.domain(old.domainId);
      const start = new Date(input.start);
      if (Number.isNaN(start.getTime())) throw invalid('invalid_start', 'start must be an ISO 8601 date-time with an offset.');
      if (!(await availability.isBookable({ professional, serviceMinutes: service.minutes, start, excludeAppointmentId: id, patientId: old.patientId })))
        throw slotUnavailable();
      const fresh: Appointment = {
        ...old, id: newId(), start, end: new Date(start.getTime() + service.minutes * 60_000), bufferMinutes: professional.bufferMinutes,
        status: domain.approval === 'automatic' ? 'approved' : 'requested', rescheduledFrom: id, createdAt: now, updatedAt: now,
      };
      await inTransaction(pool, async (client) => {
        const locked = await repository.get(id, client, { lock: true });
        if (!locked || locked.status !== old.status) throw conflict('invalid_transition', 'The appointment changed meanwhile; read it again.');
        await repository.lockProfessional(client, old.professionalId);
        // A statement of its own: the new row must meet the exclusion constraint after the old one let go.
        await runAsOneStatement(client, [
          repository.setStatusStatement(id, old.status, 'rescheduled', now),
          repository.historyStatement(id, { fromStatus: old.status, toStatus: 'rescheduled', actorId: context.principal.userId, actorRole: actorRole(context.principal), reason: input.reason ?? null, at: now }),
        ]);
        const moved = eventStatement('appointment.rescheduled', eventPayload(old, { status: 'rescheduled', fromStatus: old.status, actorId: context.principal.userId, reason: input.reason ?? null, newAppointmentId: fresh.id, newStart: fresh.start.toISOString(), newStatus: fresh.status }), now);
        await insertNew(context, fresh, client, now, [moved.statement]);
        await waitlist.offerFreedSlot(client, { ...old, professional }, now);
      });
      dependencies.onEventsWritten?.();
      return toAppointmentView(fresh, professional.timeZone);
    },

    /** Many decisions in one call; each succeeds or fails on its own. */
    async decide(context: AuditContext & { principal: UserPrincipal }, decisions: Array<{ appointmentId: string; decision: 'approve' | 'decline'; reason?: string }>) {
      const results = [];
      for (const decision of decisions) {
        try {
          const appointment =
            decision.decision === 'approve'
              ? await this.approve(context, decision.appointmentId)
              : await this.decline(context, decision.appointmentId, decision.reason ?? '');
          results.push({ appointmentId: decision.appointmentId, ok: true as const, appointment });
        } catch (error) {
          if (!(error instanceof AppError)) throw error;
          results.push({ appointmentId: decision.appointmentId, ok: false as const, error: { code: error.code, message: error.message } });
        }
      }
      return { results };
    },

    /** Expires requests not decided in time (run by a periodic job on any replica; transitions are guarded). */
    async expireDue(): Promise<string[]> {
      const now = clock.now();
      const expired: string[] = [];
      const hoursOf = new Map((await directory.domains()).map((domain) => [domain.id, domain.requestExpiryHours]));
      for (const appointment of await repository.requested()) {
        if (!isRequestDue(appointment, hoursOf.get(appointment.domainId) ?? 48, now)) continue;
        const professional = await directory.professional(appointment.professionalId);
        const changed = await inTransaction(pool, async (client) => {
          // The row first, then the professional's lock, in the order every other change takes them:
          // the other way round, a decision on this request at the same moment deadlocks with it.
          const locked = await repository.get(appointment.id, client, { lock: true });
          if (!locked || locked.status !== 'requested') return false;
          await repository.lockProfessional(client, appointment.professionalId);
          if (!(await repository.setStatus(client, appointment.id, 'requested', 'expired', now))) return false;
          await repository.addHistory(client, appointment.id, { fromStatus: 'requested', toStatus: 'expired', actorId: 'system', actorRole: 'system', reason: 'Not decided in time', at: now });
          await writeEvent(client, 'appointment.expired', eventPayload(appointment, { status: 'expired', fromStatus: 'requested', actorId: 'system', reason: 'Not decided in time' }), now);
          await waitlist.offerFreedSlot(client, { ...appointment, professional }, now);
          return true;
        });
        if (changed) expired.push(appointment.id);
      }
      if (expired.length > 0) dependencies.onEventsWritten?.();
      return expired;
    },
  };

  /**
   * The new row with its history entry, event, audit entry and waitlist close-out, as one
   * statement: atomic on its own, so a booking needs no transaction (and no savepoint: a refused
   * INSERT fails the whole statement, and a caller's transaction ends with it). Outside a
   * transaction it runs on a connection of its own, never through `pool.query` (see `onOneConnection`).
   */
  async function insertNew(
    context: AuditContext & { principal: UserPrincipal }, appointment: Appointment, client: Queryable | null, now: Date, alongside: SqlStatement[] = [],
    // A moved row that the professional agreed to beforehand (an accepted proposal) is announced as approved, not requested.
    eventStatus: AppointmentStatus = appointment.status === 'approved' && !appointment.rescheduledFrom ? 'approved' : 'requested',
  ) {
    const created = eventStatement(eventTypeOf(eventStatus), eventPayload(appointment, { status: appointment.status, fromStatus: null, actorId: context.principal.userId, reason: null }), now);
    const write = (connection: Queryable) =>
      runAsOneStatement(connection, [
        repository.insertStatement(appointment),
        repository.historyStatement(appointment.id, { fromStatus: null, toStatus: appointment.status, actorId: context.principal.userId, actorRole: actorRole(context.principal), reason: appointment.rescheduledFrom ? `Moved from ${appointment.rescheduledFrom}` : null, at: now }),
        created.statement,
        audit.statement(context, { action: 'appointment.create', resourceType: 'appointment', resourceId: appointment.id, patientId: appointment.patientId }),
        waitlist.markBookedStatement(appointment, now),
        ...alongside,
      ]);
    try {
      await (client ? write(client) : onOneConnection(pool, write));
    } catch (error) {
      if (isExclusionViolation(error)) throw slotUnavailable();
      throw error;
    }
    if (!client) dependencies.onEventsWritten?.();
  }
}

export type AppointmentsService = ReturnType<typeof createAppointmentsService>;

function requireReason(reason: string | undefined): string {
  const trimmed = (reason ?? '').trim();
  if (!trimmed) throw invalid('reason_required', 'Give a reason.');
  return trimmed;
}

function pastTense(transition: Transition): string {
  return { approve: 'approved', decline: 'declined', expire: 'expired', cancel: 'cancelled', reschedule: 'moved', complete: 'completed', no_show: 'marked as no-show' }[transition];
}

export type { Professional };
