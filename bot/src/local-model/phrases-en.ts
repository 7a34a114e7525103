/** The local model's English replies. */
import type { OfferReason, Phrases } from './phrases';
import type { IntakeField } from './understanding/index';
import type { AppointmentResult } from './skill-contract';

const CAPABILITIES =
  'I can book, move or cancel appointments, show your upcoming appointments, or put you on a waiting list.';

export const englishPhrases: Phrases = {
  greeting: (name) => `Hi${name === '' ? '' : ` ${name}`}! ${CAPABILITIES} What would you like to do?`,
  capabilities: () => `${CAPABILITIES} What would you like to do?`,
  rephrase: () => `Sorry, I couldn't follow that. Could you say it again in a short sentence? ${CAPABILITIES}`,
  offTopic: () => `I can only help with appointments. ${CAPABILITIES}`,
  adviceRefusal: () =>
    "I'm sorry, I can't give medical or legal advice. A professional can look at it properly: would you like me to book an appointment, or pass you to a person at the practice?",
  knowledgeAnswer: (text, source) => `${text}\n\n(Source: ${source})`,
  knowledgeUnknown: (offerPerson) =>
    `I don't know: I couldn't find that in our practice information, and I'd rather not guess.${offerPerson ? ' Shall I pass your question to a person at the practice?' : ''}`,
  injectionRefusal: () =>
    "I can't change how I work, and I can't share anyone else's information. I'm here to help with your own appointments: booking, moving, cancelling or listing them.",
  thanks: () => "You're welcome! Anything else I can do for you?",
  attending: () => 'Thank you for confirming. See you then!',
  anythingElse: () => 'OK. If you need anything else, just write.',
  stopped: () => "OK, I've stopped there; nothing was changed. Anything else?",
  stuck: () => "Sorry, I'm having trouble getting this done. Would you like me to pass you to a person at the practice?",
  askTarget: () => 'Which specialty or professional would you like to see?',
  offer: (reason, service, professional) => offerIntro(reason, service, professional),
  pickOne: () => 'Which one suits you?',
  whichOne: () => "Sorry, I didn't catch which one. Reply with the number or the time.",
  noSlots: () =>
    "I couldn't find any free time then, or in the week after. Would you like me to put you on the waiting list for those dates?",
  askField: (field, problem) => `${problem === null ? '' : `${problem} `}${question(field)}`,
  requested: (appointment) =>
    `Your request is sent: ${appointment.serviceName} with ${appointment.professionalName}, ${appointment.label}. Status: ${appointment.status}. You'll get a message when it is confirmed.`,
  declined: () => 'OK, nothing was changed. Anything else I can do?',
  failed: (message) =>
    `Sorry, that didn't work${message === '' ? '' : `: ${message}`}. Would you like me to pass you to a person at the practice?`,
  appointments: (list) => `Your upcoming appointments:\n${list.map(describe).join('\n')}`,
  noAppointments: () => "You don't have any upcoming appointments. Would you like to book one?",
  whichAppointment: () => 'Which appointment do you mean?',
  askNewTime: () => 'When would you like to move it to?',
  rescheduled: (appointment) =>
    `Done: your ${appointment.serviceName} with ${appointment.professionalName} is now on ${appointment.label}. Status: ${appointment.status}.`,
  cancelled: (appointment) =>
    `Your ${appointment.serviceName} with ${appointment.professionalName} on ${appointment.label} is cancelled.`,
  askCancellationReason: () => 'Could you tell me briefly why you are cancelling? It helps the practice.',
  defaultCancellationReason: () => 'Cancelled by the patient',
  waitlistJoined: (from, to) => `You're on the waiting list from ${from} to ${to}. I'll let you know if a time frees up.`,
  askWaitlistTarget: () => 'Which specialty or professional should I put you on the waiting list for?',
  handedOff: (message) => message ?? "I've passed your conversation to a person at the practice. They'll get back to you here.",
  confirmationReady: (appointment, title) =>
    `Your confirmation of ${appointment.serviceName} with ${appointment.professionalName} on ${appointment.label} is in your documents: “${title}” (PDF).`,
  noConfirmation: () => "Only approved appointments have a confirmation, and you don't have an upcoming one. Would you like to see your appointments?",
  noProposals: () => "None of your requests is waiting on other proposed times. Would you like to see your appointments or book one?",
  proposedTimes: (professional, service) => `${professional} proposed these times for your ${service}:`,
  proposalAccepted: (appointment) =>
    `Done: your ${appointment.serviceName} with ${appointment.professionalName} is now on ${appointment.label}. Status: ${appointment.status}.`,
};

function offerIntro(reason: OfferReason, service: string | undefined, professional: string | undefined): string {
  const what = [service, professional === undefined ? undefined : `with ${professional}`].filter(Boolean).join(' ');
  const forWhat = what === '' ? '' : ` for ${what}`;
  if (reason.kind === 'time-taken') return `${reason.time} isn't available. The nearest free times${forWhat} are:`;
  if (reason.kind === 'day-empty') return `There's nothing free on the day you asked. The next free times${forWhat} are:`;
  if (reason.kind === 'slot-gone') return 'Sorry, that time was just taken. These are still free:';
  if (reason.kind === 'unclear') return "Sorry, I didn't catch which one. These are the times:";
  return `These are the first free times${forWhat}:`;
}

function question(field: IntakeField): string {
  if (field.key === 'reason') return "What's the reason for the visit?";
  if (field.type === 'date' && /birth/i.test(field.label)) return "What's your date of birth? (for example 12 April 1988)";
  if (field.type === 'enum') return `${field.label}: ${(field.options ?? []).join(', ')}?`;
  const label = field.label.charAt(0).toLowerCase() + field.label.slice(1);
  return field.required
    ? `Please tell me the ${label}.`
    : `If you have one, what's your ${label}? It's optional: say "skip" otherwise.`;
}

function describe(appointment: AppointmentResult, index: number): string {
  return `${index + 1}. ${appointment.label}: ${appointment.serviceName} with ${appointment.professionalName} (${appointment.status})`;
}
