import { formatInZone } from '../availability/slot-engine';
import type { Appointment, HistoryEntry } from './appointments-repository';

/** An appointment as the API shows it: times with the professional's offset. */
export interface AppointmentView {
  id: string;
  professionalId: string;
  patientId: string;
  serviceId: string;
  domainId: string;
  start: string;
  end: string;
  timeZone: string;
  status: Appointment['status'];
  message: string | null;
  intake: Record<string, string>;
  rescheduledFrom: string | null;
  createdAt: string;
  updatedAt: string;
}

export function toAppointmentView(appointment: Appointment, timeZone: string): AppointmentView {
  return {
    id: appointment.id,
    professionalId: appointment.professionalId,
    patientId: appointment.patientId,
    serviceId: appointment.serviceId,
    domainId: appointment.domainId,
    start: formatInZone(appointment.start, timeZone),
    end: formatInZone(appointment.end, timeZone),
    timeZone,
    status: appointment.status,
    message: appointment.message,
    intake: appointment.intake,
    rescheduledFrom: appointment.rescheduledFrom,
    createdAt: appointment.createdAt.toISOString(),
    updatedAt: appointment.updatedAt.toISOString(),
  };
}

export function toHistoryView(entry: HistoryEntry) {
  return { ...entry, at: entry.at.toISOString() };
}
