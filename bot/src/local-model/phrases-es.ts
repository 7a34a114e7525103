/** The local model's Spanish replies. */
import type { OfferReason, Phrases } from './phrases';
import type { IntakeField } from './understanding/index';
import type { AppointmentResult } from './skill-contract';

const CAPABILITIES =
  'Puedo pedir, cambiar o anular citas, enseñarte tus próximas citas o apuntarte en la lista de espera.';

// Status values come from the API in English.
const STATUS: Record<string, string> = {
  requested: 'solicitada',
  approved: 'confirmada',
  declined: 'rechazada',
  cancelled: 'anulada',
  rescheduled: 'cambiada',
  expired: 'caducada',
  completed: 'realizada',
  no_show: 'no presentada',
};

// Field labels are configured in English; the common ones are said in Spanish.
const FIELD_QUESTIONS: Record<string, string> = {
  reason: '¿Cuál es el motivo de la consulta?',
  date_of_birth: '¿Cuál es tu fecha de nacimiento? (por ejemplo, 12 de abril de 1988)',
  insurance_number: 'Si lo tienes, ¿cuál es tu número de seguro? Es opcional: di «saltar» si prefieres no darlo.',
  summary: 'Cuéntame en una o dos frases de qué se trata.',
  opposing_party: 'Si quieres, dime el nombre de la otra parte. Es opcional: di «saltar» si prefieres no darlo.',
};

export const spanishPhrases: Phrases = {
  greeting: (name) => `¡Hola${name === '' ? '' : `, ${name}`}! ${CAPABILITIES} ¿Qué necesitas?`,
  capabilities: () => `${CAPABILITIES} ¿Qué necesitas?`,
  rephrase: () => `Perdona, no lo he entendido. ¿Puedes decírmelo en una frase corta? ${CAPABILITIES}`,
  offTopic: () => `Solo puedo ayudarte con citas. ${CAPABILITIES}`,
  adviceRefusal: () =>
    'Lo siento, no puedo dar consejo médico ni legal. Un profesional puede verlo bien: ¿quieres que te pida una cita o que te pase con una persona del centro?',
  knowledgeAnswer: (text, source) => `${text}\n\n(Fuente: ${source})`,
  knowledgeUnknown: (offerPerson) =>
    `No lo sé: no encuentro esa información en los datos del centro y prefiero no inventar.${offerPerson ? ' ¿Quieres que pase tu pregunta a una persona del centro?' : ''}`,
  injectionRefusal: () =>
    'No puedo cambiar mi forma de trabajar ni compartir información de otras personas. Estoy aquí para ayudarte con tus propias citas: pedirlas, cambiarlas, anularlas o consultarlas.',
  thanks: () => '¡De nada! ¿Puedo ayudarte en algo más?',
  attending: () => 'Gracias por confirmar. ¡Hasta entonces!',
  anythingElse: () => 'De acuerdo. Si necesitas algo más, escríbeme.',
  stopped: () => 'De acuerdo, lo dejo aquí; no he cambiado nada. ¿Algo más?',
  stuck: () => 'Lo siento, no consigo completarlo. ¿Quieres que te pase con una persona del centro?',
  askTarget: () => '¿Con qué especialidad o profesional quieres la cita?',
  offer: (reason, service, professional) => offerIntro(reason, service, professional),
  pickOne: () => '¿Cuál te va bien?',
  whichOne: () => 'Perdona, no sé cuál has elegido. Responde con el número o la hora.',
  noSlots: () =>
    'No encuentro ningún hueco libre entonces, ni en la semana siguiente. ¿Quieres que te apunte en la lista de espera para esas fechas?',
  askField: (field, problem) =>
    `${problem === null ? '' : 'No he podido leer esa respuesta. '}${question(field)}`,
  requested: (appointment) =>
    `Tu solicitud está enviada: ${appointment.serviceName} con ${appointment.professionalName}, ${appointment.label}. Estado: ${status(appointment.status)}. Te avisaremos cuando esté confirmada.`,
  declined: () => 'De acuerdo, no he cambiado nada. ¿Puedo ayudarte en algo más?',
  failed: (message) =>
    `Lo siento, no ha funcionado${message === '' ? '' : ` (${message})`}. ¿Quieres que te pase con una persona del centro?`,
  appointments: (list) => `Tus próximas citas:\n${list.map(describe).join('\n')}`,
  noAppointments: () => 'No tienes citas próximas. ¿Quieres pedir una?',
  whichAppointment: () => '¿A qué cita te refieres?',
  askNewTime: () => '¿A qué día y hora quieres cambiarla?',
  rescheduled: (appointment) =>
    `Hecho: tu ${appointment.serviceName} con ${appointment.professionalName} pasa a ${appointment.label}. Estado: ${status(appointment.status)}.`,
  cancelled: (appointment) =>
    `Tu ${appointment.serviceName} con ${appointment.professionalName} del ${appointment.label} está anulada.`,
  askCancellationReason: () => '¿Me dices brevemente por qué la anulas? Ayuda al centro.',
  defaultCancellationReason: () => 'Anulada por el paciente',
  waitlistJoined: (from, to) => `Te he apuntado en la lista de espera del ${from} al ${to}. Te avisaré si se libera un hueco.`,
  askWaitlistTarget: () => '¿Para qué especialidad o profesional te apunto en la lista de espera?',
  handedOff: (message) => message ?? 'He pasado tu conversación a una persona del centro. Te responderán por aquí.',
  confirmationReady: (appointment, title) =>
    `La confirmación de tu ${appointment.serviceName} con ${appointment.professionalName} el ${appointment.label} está en tus documentos: «${title}» (PDF).`,
  noConfirmation: () => 'Solo las citas aprobadas tienen confirmación, y no tienes ninguna próxima. ¿Quieres ver tus citas?',
  noProposals: () => 'Ninguna de tus solicitudes tiene otras horas propuestas pendientes. ¿Quieres ver tus citas o pedir una?',
  proposedTimes: (professional, service) => `${professional} te propone estas horas para tu ${service}:`,
  proposalAccepted: (appointment) =>
    `Hecho: tu ${appointment.serviceName} con ${appointment.professionalName} pasa a ${appointment.label}. Estado: ${status(appointment.status)}.`,
};

function status(value: string): string {
  return STATUS[value] ?? value;
}

function offerIntro(reason: OfferReason, service: string | undefined, professional: string | undefined): string {
  const what = [service, professional === undefined ? undefined : `con ${professional}`].filter(Boolean).join(' ');
  const forWhat = what === '' ? '' : ` para ${what}`;
  if (reason.kind === 'time-taken') return `A las ${reason.time} no está libre. Las horas más cercanas${forWhat} son:`;
  if (reason.kind === 'day-empty') return `Ese día no hay nada libre. Las siguientes horas libres${forWhat} son:`;
  if (reason.kind === 'slot-gone') return 'Lo siento, esa hora se acaba de ocupar. Estas siguen libres:';
  if (reason.kind === 'unclear') return 'Perdona, no sé cuál has elegido. Estas son las horas:';
  return `Estas son las primeras horas libres${forWhat}:`;
}

function question(field: IntakeField): string {
  const known = FIELD_QUESTIONS[field.key];
  if (known !== undefined) return known;
  if (field.type === 'enum') return `${field.label}: ${(field.options ?? []).join(', ')}?`;
  return field.required
    ? `Dime, por favor: ${field.label}.`
    : `Si quieres, dime: ${field.label}. Es opcional: di «saltar» si prefieres no darlo.`;
}

function describe(appointment: AppointmentResult, index: number): string {
  return `${index + 1}. ${appointment.label}: ${appointment.serviceName} con ${appointment.professionalName} (${status(appointment.status)})`;
}
