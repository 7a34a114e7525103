import { formatShort, toNotificationLocale, type NotificationLocale } from './date-format';
import type { NotificationChannel, NotificationChoice } from './notification-sender';

/** Channels on which a reminder can be answered in place: the patient replies "2" or taps a button. */
export const twoWayChannels: ReadonlySet<NotificationChannel> = new Set(['sms', 'whatsapp']);

interface ChoiceCopy {
  /** Button titles: WhatsApp cuts them at 20 characters, so they stay short. */
  confirm: string;
  cancel: string;
  move: string;
  /** What the assistant is told: the patient's own words, naming the appointment so it needs no question. */
  attending(appointment: string): string;
  cancelRequest(appointment: string): string;
  moveRequest(appointment: string): string;
  /** The appointment as the requests name it. */
  appointment(professional: string, short: string): string;
  confirmed(when: string): string;
}

const copy: Record<NotificationLocale, ChoiceCopy> = {
  en: {
    confirm: 'Confirm',
    cancel: 'Cancel',
    move: 'Reschedule',
    attending: (appointment) => `I will come to my appointment ${appointment}`,
    cancelRequest: (appointment) => `I want to cancel my appointment ${appointment}`,
    moveRequest: (appointment) => `I want to move my appointment ${appointment}`,
    appointment: (professional, short) => (professional ? `with ${professional} on ${short}` : `on ${short}`),
    confirmed: (when) => `Thank you for confirming. See you on ${when}.`,
  },
  es: {
    confirm: 'Confirmar',
    cancel: 'Cancelar',
    move: 'Cambiar la hora',
    attending: (appointment) => `Iré a mi cita ${appointment}`,
    cancelRequest: (appointment) => `Quiero cancelar mi cita ${appointment}`,
    moveRequest: (appointment) => `Quiero cambiar mi cita ${appointment}`,
    appointment: (professional, short) => (professional ? `con ${professional} del ${short}` : `del ${short}`),
    confirmed: (when) => `Gracias por confirmar. Te esperamos el ${when}.`,
  },
  fr: {
    confirm: 'Confirmer',
    cancel: 'Annuler',
    move: 'Déplacer',
    attending: (appointment) => `Je viendrai à mon rendez-vous ${appointment}`,
    cancelRequest: (appointment) => `Je veux annuler mon rendez-vous ${appointment}`,
    moveRequest: (appointment) => `Je veux déplacer mon rendez-vous ${appointment}`,
    appointment: (professional, short) => (professional ? `avec ${professional} du ${short}` : `du ${short}`),
    confirmed: (when) => `Merci de votre confirmation. Nous vous attendons le ${when}.`,
  },
};

/**
 * A reminder's answers, in the recipient's language: confirm (acknowledged by
 * the channel itself, no model turn), cancel and reschedule (handed to the
 * assistant as the patient's own request for that appointment, so it goes
 * straight to its usual confirmation). Cancel comes second: "2" is the answer
 * that must never be mistaken for another. The letters C, X and R are the same
 * in every language, so a patient's habit survives a change of language.
 *
 * @example
 * reminderChoices({ appointmentId: 'appt-seed-1', start: '2026-12-08T09:20:00Z', timeZone: 'Europe/Madrid', locale: 'en', professionalName: 'Dr. Elena López', when: '…' });
 * // [{ label: 'Confirm', value: 'I will come to my appointment with …', answer: 'Thank you for confirming. See you on …' },
 * //  { label: 'Cancel', value: 'I want to cancel my appointment with Dr. Elena López on Tue 8 Dec, 10:20' }, …]
 */
export function reminderChoices(appointment: {
  appointmentId: string;
  start: string;
  timeZone: string;
  locale: string;
  professionalName: string;
  when: string;
}): NotificationChoice[] {
  const words = copy[toNotificationLocale(appointment.locale)];
  const short = formatShort(appointment.start, { zone: appointment.timeZone, locale: appointment.locale });
  const which = words.appointment(appointment.professionalName, short);
  // Without an id (an event from before ids were carried) a free-text answer simply reaches the assistant alone.
  const about = appointment.appointmentId ? { about: { appointmentId: appointment.appointmentId, description: which } } : {};
  return [
    // The channel answers a confirmation itself; the value is only what a model would read if that answer were lost.
    { label: words.confirm, value: words.attending(which), answer: words.confirmed(appointment.when), key: 'C', ...about },
    { label: words.cancel, value: words.cancelRequest(which), key: 'X', ...about },
    { label: words.move, value: words.moveRequest(which), key: 'R', ...about },
  ];
}
