/**
 * Which of the user's own appointments a reschedule or cancellation is about:
 * the only one, or the one whose professional, service or day the user named.
 */
import { DateTime } from 'luxon';
import { matchDirectory, parseDateTime, type DirectoryEntry } from './understanding/index';
import type { AppointmentResult } from './skill-contract';
import type { Clock } from './slot-search';
import { latest, type Task } from './tasks';

const ACTIVE = new Set(['requested', 'approved']);
const NAMED = 0.6;
// "…on December 9 to Friday the 11th": the words after the connector are the new time.
const NEW_TIME_CONNECTOR =
  /\s(?:to|until|till|for|al|a|para|hasta)\s+(?=(?:the |el |la |next |this |el pr[oó]ximo )?(?:\d|mon|tue|wed|thu|fri|sat|sun|tomorrow|next|lunes|martes|mi[eé]rcoles|jueves|viernes|s[aá]bado|domingo|ma[nñ]ana|pasado|otro|another))/i;

export function appointmentsOf(task: Task): AppointmentResult[] | null {
  const outcome = latest(task, 'list_my_appointments');
  const list = (outcome?.result as { appointments?: unknown } | null | undefined)?.appointments;
  if (!Array.isArray(list)) return null;
  return (list as AppointmentResult[]).filter((appointment) => ACTIVE.has(appointment.status));
}

/** Splits "move X on <old day> to <new day>" into the part naming the appointment and the new time. */
export function splitMoveRequest(text: string): { current: string; wanted: string | null } {
  const match = NEW_TIME_CONNECTOR.exec(text);
  if (match === null) return { current: text, wanted: null };
  return { current: text.slice(0, match.index), wanted: text.slice(match.index + match[0].length) };
}

export type Identified = { appointment: AppointmentResult } | { ask: AppointmentResult[] } | { none: true };

export function identifyAppointment(task: Task, appointments: AppointmentResult[], clock: Clock): Identified {
  if (appointments.length === 0) return { none: true };
  const picked = appointments.find((appointment) => appointment.id === task.appointmentId);
  if (picked !== undefined) return { appointment: picked };
  if (appointments.length === 1 && appointments[0] !== undefined) return { appointment: appointments[0] };

  const described = splitMoveRequest(task.texts[0] ?? '').current;
  let candidates = byName(described, appointments);
  const asked = parseDateTime(described, clock);
  if (asked?.from !== undefined) {
    const from = asked.from;
    const to = asked.to ?? from;
    const onDay = candidates.filter((appointment) => {
      const day = localDate(appointment, clock.timeZone);
      return day >= from && day <= to;
    });
    if (onDay.length > 0) candidates = onDay;
  }
  if (candidates.length === 1 && candidates[0] !== undefined) return { appointment: candidates[0] };
  return { ask: candidates.length > 0 ? candidates : appointments };
}

export function localDate(appointment: AppointmentResult, timeZone: string): string {
  return DateTime.fromISO(appointment.start).setZone(timeZone).toISODate() ?? '';
}

export function localTime(appointment: AppointmentResult, timeZone: string): string {
  return DateTime.fromISO(appointment.start).setZone(timeZone).toFormat('HH:mm');
}

function byName(text: string, appointments: AppointmentResult[]): AppointmentResult[] {
  // Distinct entries: a name listed twice would look common and weigh less.
  const entries = new Map<string, DirectoryEntry>();
  for (const appointment of appointments) {
    const { professionalId, professionalName, serviceId, serviceName } = appointment;
    entries.set(`p:${professionalId}`, { id: professionalId, name: professionalName, specialty: '', kind: 'professional' });
    entries.set(`s:${serviceId}`, { id: serviceId, name: serviceName, specialty: '', kind: 'service' });
  }
  const named = matchDirectory(text, [...entries.values()]).filter((match) => match.score >= NAMED);
  const person = named.find((match) => match.entry.kind === 'professional')?.entry.id;
  const service = named.find((match) => match.entry.kind === 'service')?.entry.id;
  const matching = appointments.filter(
    (appointment) =>
      (person === undefined || appointment.professionalId === person) && (service === undefined || appointment.serviceId === service),
  );
  return matching.length > 0 ? matching : appointments;
}
