import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import type { Clock } from '../../platform/clock';
import { inTransaction, type Queryable } from '../../platform/database/transaction';
import { AppError, conflict, forbidden, invalid, notFound } from '../../platform/errors';
import { writeEvent } from '../../platform/outbox';
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

export function createAppointmentsService(dependencies: AppointmentsServiceDependencies) {
  const { pool, repository, directory, availability, waitlist, audit, clock } = dependencies;
  const newId = () => `appt-${randomBytes(6).toString('hex')}`;
  const timeZoneOf = async (professionalId: string) => (await directory.professional(professionalId)).timeZone;
  const view = async (appointment: Appointment) => toAppointmentView(appointment, await timeZoneOf(appointment.professionalId));
  const actorRole = (principal: UserPrincipal) => principal.role;

  /** Reads one appointment the caller may see; anything else is "not found", so ids do not leak. */
  async function readable(context: AuditContext & { principal: UserPrincipal }, id: string, client?: Queryable, lock = false) {
    const appointment = await repository.get(id, client, { lock });
    if (!appointment || !canReadAppointment(context.principal, appointment)) {
      await audit.record(context, { action: 'appointment.read', resourceType: 'appointment', resourceId: id, patientId: appointment?.patientId, outcome: 'denied' }, client);
      throw notFound('appointment', id);
    }
    return appointment;
  }

  async function transition(
    context: AuditContext & { principal: UserPrincipal },
    id: string,
    kind: Transition,
    reason: string | null,
    authorize: (principal: UserPrincipal, appointment: Appointment, now: Date) => void,
  ): Promise<AppointmentView> {
    const now = clock.now();
    // Looked up before the transaction: inside it, only its own connection may be used.
    const preview = await repository.get(id);
    const professional = preview ? await directory.professional(preview.professionalId) : null;
    const result = await inTransaction(pool, async (client) => {
      const appointment = await readable(context, id, client, true);
      authorize(context.principal, appointment, now);
      const to = nextStatus(appointment.status, kind);
      if (!to) {
        throw conflict('invalid_transition', `The appointment is ${appointment.status}; only a ${allowedFrom(kind).join(' or ')} appointment can be ${pastTense(kind)}.`, {
          status: appointment.status,
        });
      }
      await repository.setStatus(client, id, appointment.status, to, now);
      await repository.addHistory(client, id, { fromStatus: appointment.status, toStatus: to, actorId: context.principal.userId, actorRole: actorRole(context.principal), reason, at: now });
      await writeEvent(client, eventTypeOf(to), eventPayload(appointment, { status: to, fromStatus: appointment.status, actorId: context.principal.userId, reason }), now);
      await audit.record(context, { action: `appointment.${kind}`, resourceType: 'appointment', resourceId: id, patientId: appointment.patientId }, client);
      if ((to === 'cancelled' || to === 'declined') && professional) await waitlist.offerFreedSlot(client, { ...appointment, professional }, now);
      return { ...appointment, status: to, updatedAt: now };
    });
    dependencies.onEventsWritten?.();
    return view(result);
  }

  const decideGuard = (principal: UserPrincipal, appointment: Appointment) => {
    if (!canDecideAppointment(principal, appointment)) throw forbidden('Only the professional of this appointment or an admin may decide it.');
  };

  const changeGuard = (verb: string) => (principal: UserPrincipal, appointment: Appointment, now: Date) => {
    if (!canChangeAppointment(principal, appointment)) throw forbidden();
    if (principal.role === 'patient') {
      return directory.professional(appointment.professionalId).then((professional) => {
        if (!isBeforeCutoff(appointment.start, professional.cancellationCutoffHours, now)) {
          throw conflict('cutoff_passed', `Appointments can be ${verb} online only up to ${professional.cancellationCutoffHours} hours before they start. Please contact the practice.`);
        }
      });
    }
  };

  return {
    async request(context: AuditContext & { principal: UserPrincipal }, input: RequestAppointmentInput, idempotencyKey?: string): Promise<AppointmentView> {
      return withIdempotency(pool, { actorId: context.principal.userId, key: idempotencyKey, body: input }, async () => {
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
        if (!(await availability.isBookable({ professional, serviceMinutes: service.minutes, start, patientId })))
          throw slotUnavailable('That time is not free: it is taken, outside opening hours, or too soon. Ask for the free slots and pick one.');
        const now = clock.now();
        const status: AppointmentStatus = domain.approval === 'automatic' ? 'approved' : 'requested';
        const appointment: Appointment = {
          id: newId(), organizationId: professional.organizationId, professionalId: professional.id, patientId, serviceId: service.id,
          domainId: domain.id, start, end: new Date(start.getTime() + service.minutes * 60_000), bufferMinutes: professional.bufferMinutes,
          status, message: input.message ?? null, intake: input.intake, rescheduledFrom: null, createdAt: now, updatedAt: now,
        };
        await insertNew(context, appointment, null, now);
        return toAppointmentView(appointment, professional.timeZone);
      });
    },

    get: async (context: AuditContext & { principal: UserPrincipal }, id: string) => {
      const appointment = await readable(context, id);
      await audit.record(context, { action: 'appointment.read', resourceType: 'appointment', resourceId: id, patientId: appointment.patientId });
      return view(appointment);
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
      return appointments.map((appointment) => toAppointmentView(appointment, zones.get(appointment.professionalId) ?? 'UTC'));
    },

    async history(context: AuditContext & { principal: UserPrincipal }, id: string) {
      const appointment = await readable(context, id);
      await audit.record(context, { action: 'appointment.history.read', resourceType: 'appointment', resourceId: id, patientId: appointment.patientId });
      return (await repository.history(id)).map(toHistoryView);
    },

    approve: (context: AuditContext & { principal: UserPrincipal }, id: string) => transition(context, id, 'approve', null, decideGuard),
    decline: (context: AuditContext & { principal: UserPrincipal }, id: string, reason: string) =>
      transition(context, id, 'decline', requireReason(reason), decideGuard),
    complete: (context: AuditContext & { principal: UserPrincipal }, id: string) =>
      transition(context, id, 'complete', null, (principal, appointment, now) => {
        decideGuard(principal, appointment);
        if (now < appointment.start) throw conflict('not_started', 'An appointment can be completed only once it has started.');
      }),
    noShow: (context: AuditContext & { principal: UserPrincipal }, id: string) =>
      transition(context, id, 'no_show', null, (principal, appointment, now) => {
        decideGuard(principal, appointment);
        if (now < appointment.start) throw conflict('not_started', 'A no-show can be recorded only once the appointment has started.');
      }),
    async cancel(context: AuditContext & { principal: UserPrincipal }, id: string, reason: string) {
      const guard = changeGuard('cancelled');
      // The cutoff needs the professional: checked before the transaction takes its lock.
      const appointment = await readable(context, id);
      await guard(context.principal, appointment, clock.now());
      return transition(context, id, 'cancel', requireReason(reason), (principal, current) => {
        if (!canChangeAppointment(principal, current)) throw forbidden();
      });
    },

    /** Holds the new slot and releases the old one in one transaction; the new row links to the old. */
    async reschedule(context: AuditContext & { principal: UserPrincipal }, id: string, input: { start: string; reason?: string }) {
      const old = await readable(context, id);
      const now = clock.now();
      await changeGuard('moved')(context.principal, old, now);
      const to = nextStatus(old.status, 'reschedule');
      if (!to) throw conflict('invalid_transition', `The appointment is ${old.status}; only requested or approved appointments can be moved.`);
      const professional = await directory.professional(old.professionalId);
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
        await repository.setStatus(client, id, old.status, 'rescheduled', now);
        await repository.addHistory(client, id, { fromStatus: old.status, toStatus: 'rescheduled', actorId: context.principal.userId, actorRole: actorRole(context.principal), reason: input.reason ?? null, at: now });
        await insertNew(context, fresh, client, now);
        await writeEvent(client, 'appointment.rescheduled', eventPayload(old, { status: 'rescheduled', fromStatus: old.status, actorId: context.principal.userId, reason: input.reason ?? null, newAppointmentId: fresh.id, newStart: fresh.start.toISOString(), newStatus: fresh.status }), now);
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

  async function insertNew(context: AuditContext & { principal: UserPrincipal }, appointment: Appointment, client: pg.PoolClient | null, now: Date) {
    const write = async (connection: pg.PoolClient) => {
      try {
        await connection.query('SAVEPOINT insert_appointment');
        await repository.insert(connection, appointment);
        await connection.query('RELEASE SAVEPOINT insert_appointment');
      } catch (error) {
        await connection.query('ROLLBACK TO SAVEPOINT insert_appointment').catch(() => undefined);
        if (isExclusionViolation(error)) throw slotUnavailable();
        throw error;
      }
      await repository.addHistory(connection, appointment.id, { fromStatus: null, toStatus: appointment.status, actorId: context.principal.userId, actorRole: actorRole(context.principal), reason: appointment.rescheduledFrom ? `Moved from ${appointment.rescheduledFrom}` : null, at: now });
      await writeEvent(connection, eventTypeOf(appointment.status === 'approved' && !appointment.rescheduledFrom ? 'approved' : 'requested'), eventPayload(appointment, { status: appointment.status, fromStatus: null, actorId: context.principal.userId, reason: null }), now);
      await audit.record(context, { action: 'appointment.create', resourceType: 'appointment', resourceId: appointment.id, patientId: appointment.patientId }, connection);
      await waitlist.markBooked(connection, appointment, now);
    };
    if (client) return write(client);
    await inTransaction(pool, write);
    dependencies.onEventsWritten?.();
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

/** Event payloads carry ids and times, never intake answers or names. */
function eventPayload(appointment: Appointment, extra: Record<string, unknown>) {
  return {
    appointmentId: appointment.id,
    professionalId: appointment.professionalId,
    patientId: appointment.patientId,
    serviceId: appointment.serviceId,
    domainId: appointment.domainId,
    start: appointment.start.toISOString(),
    end: appointment.end.toISOString(),
    ...extra,
  };
}

export type { Professional };
