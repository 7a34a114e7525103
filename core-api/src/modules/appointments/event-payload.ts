import type { Appointment } from './appointments-repository';

/** Event payloads carry ids and times, never intake answers or names. */
export function eventPayload(appointment: Appointment, extra: Record<string, unknown>) {
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
