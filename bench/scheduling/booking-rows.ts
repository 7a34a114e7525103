import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import type { TestApp } from '@consulta/core-api/testing';
import { runAsOneStatement } from '../../core-api/src/platform/database/one-statement';
import { eventStatement } from '../../core-api/src/platform/outbox';
import { createAppointmentsRepository, type Appointment } from '../../core-api/src/modules/appointments/appointments-repository';
import { eventPayload } from '../../core-api/src/modules/appointments/event-payload';
import { eventTypeOf } from '../../core-api/src/modules/appointments/workflow';
import type { UserPrincipal } from '../../core-api/src/modules/identity/principal';

export interface BookingRow {
  professionalId: string;
  patientId: string;
  serviceId: string;
  domainId: string;
  organizationId: string;
  start: Date;
  end: Date;
  bufferMinutes: number;
  intake: Record<string, string>;
  now: Date;
}

/**
 * Writes the rows one booking writes (the appointment, its history entry, its outbox event, its audit
 * entry and the waitlist mark) with the builders the appointments service uses, as the one prepared
 * statement it sends, straight through the pool: the database's share of a booking, with no HTTP,
 * authentication, validation or availability check in front of it.
 */
export function createBookingRowsWriter(test: TestApp, pool: pg.Pool) {
  const repository = createAppointmentsRepository(pool);
  const { audit, waitlist } = test.services;
  return async (row: BookingRow) => {
    const appointment: Appointment = {
      id: `appt-${randomBytes(6).toString('hex')}`, organizationId: row.organizationId, professionalId: row.professionalId,
      patientId: row.patientId, serviceId: row.serviceId, domainId: row.domainId, start: row.start, end: row.end,
      bufferMinutes: row.bufferMinutes, status: 'requested', message: null, intake: row.intake, rescheduledFrom: null,
      createdAt: row.now, updatedAt: row.now,
    };
    const principal: UserPrincipal = { kind: 'user', userId: row.patientId, role: 'patient', organizationId: row.organizationId, channel: 'api' };
    const context = { principal, requestId: `bench-rows-${appointment.id}` };
    await runAsOneStatement(pool, [
      repository.insertStatement(appointment),
      repository.historyStatement(appointment.id, { fromStatus: null, toStatus: 'requested', actorId: row.patientId, actorRole: 'patient', reason: null, at: row.now }),
      eventStatement(eventTypeOf('requested'), eventPayload(appointment, { status: 'requested', fromStatus: null, actorId: row.patientId, reason: null }), row.now).statement,
      audit.statement(context, { action: 'appointment.create', resourceType: 'appointment', resourceId: appointment.id, patientId: row.patientId }),
      waitlist.markBookedStatement(appointment, row.now),
    ]);
  };
}
