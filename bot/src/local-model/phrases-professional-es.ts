/** What the local model says to a professional, in Spanish. */
import type { ProfessionalPhrases } from './phrases-professional';
import { line, requestLabel, scheduleLines } from './calendar-text';

const CAPABILITIES =
  'Puedo enseñarte tu agenda («¿qué tengo mañana?», «¿quién es mi próximo paciente?»), aprobar o rechazar solicitudes y bloquear horas en tu calendario.';

// Status values come from the API in English.
const STATUS: Record<string, string> = {
  requested: 'solicitada, pendiente de ti',
  approved: 'confirmada',
  declined: 'rechazada',
  cancelled: 'anulada',
  rescheduled: 'cambiada',
  expired: 'caducada',
  completed: 'realizada',
  no_show: 'no presentada',
};
const status = (value: string) => STATUS[value] ?? value;

export const professionalPhrasesEs: ProfessionalPhrases = {
  greeting: (name) => `¡Hola${name === '' ? '' : `, ${name}`}! ${CAPABILITIES} ¿Qué necesitas?`,
  capabilities: () => `${CAPABILITIES} ¿Qué necesitas?`,
  rephrase: () => `Perdona, no lo he entendido. ${CAPABILITIES}`,
  offTopic: () => `Solo puedo ayudarte con tu agenda. ${CAPABILITIES}`,
  injectionRefusal: () => 'No puedo cambiar mi forma de trabajar, y solo enseño lo que hay en tu propia agenda.',
  schedule: (days, pending) =>
    `${scheduleLines(days, status)}${pending === 0 ? '' : `\n\n${pending === 1 ? 'Hay 1 solicitud pendiente' : `Hay ${pending} solicitudes pendientes`} de tu decisión.`}`,
  emptySchedule: (range, pendingOnly) => (pendingOnly ? `No tienes solicitudes pendientes el ${range}.` : `No tienes nada el ${range}.`),
  nextPatient: (entry) => `Tu próximo paciente es ${entry.patientName}: ${entry.serviceName}, ${entry.label}.${entry.message ? ` Su mensaje: «${entry.message}»` : ''}`,
  noNextPatient: (pending) =>
    `No tienes citas confirmadas en las dos próximas semanas.${pending === undefined ? '' : ` La primera solicitud pendiente es de ${pending.patientName}, ${pending.label}.`}`,
  askBlockDay: () => '¿Qué día quieres que bloquee?',
  blocked: (result) => {
    const what = result.closedWholeDay ? `el ${result.label} queda cerrado` : `el ${result.label} queda bloqueado de ${result.blocked.from} a ${result.blocked.to}`;
    const open = result.openHours.length === 0 ? '' : ` Tu horario ese día queda en ${result.openHours.map((window) => `${window.start}–${window.end}`).join(', ')}.`;
    const booked = result.stillBooked.length === 0
      ? ''
      : `\nSiguen reservadas en ese tiempo (no las he tocado):\n${result.stillBooked.map((entry) => line(entry, status)).join('\n')}`;
    return `Hecho: ${what}; nadie podrá reservar entonces.${open}${booked}`;
  },
  nothingToBlock: (message) => `${message} No he cambiado nada.`,
  noPendingRequests: (range, time) => `No encuentro ninguna solicitud pendiente${time === undefined ? '' : ` a las ${time}`} el ${range}.`,
  whichRequest: () => '¿Qué solicitud quieres decir?',
  everyRequest: (count) => `Las ${count}`,
  askDeclineReason: () => '¿Qué motivo le doy al paciente para rechazarla?',
  decided: (result, entries) => {
    const done = result.results.filter((item) => item.ok);
    const failed = result.results.filter((item) => !item.ok);
    const lines: string[] = [];
    for (const [decision, verb] of [['approve', 'Aprobadas'], ['decline', 'Rechazadas']] as const) {
      const items = done.filter((item) => item.decision === decision);
      if (items.length > 0) lines.push(`${verb}:\n${items.map((item) => `- ${requestLabel(item.appointmentId, entries, item.label)}`).join('\n')}`);
    }
    if (failed.length > 0) lines.push(`Sin cambios:\n${failed.map((item) => `- ${requestLabel(item.appointmentId, entries, undefined)}: ${item.error?.message ?? ''}`).join('\n')}`);
    return `${failed.length === 0 ? 'Hecho. ' : ''}${lines.join('\n')}${done.length > 0 ? '\nLos pacientes reciben el aviso.' : ''}`;
  },
};
