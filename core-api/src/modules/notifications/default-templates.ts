import type { NotificationChannel } from './notification-sender';
import type { NotificationLocale } from './date-format';

/** What a notification is about: an event type, or `reminder` for scheduled reminders. */
export const templateEvents = [
  'appointment.requested',
  'appointment.approved',
  'appointment.declined',
  'appointment.cancelled',
  'appointment.rescheduled',
  'appointment.expired',
  'appointment.proposed',
  'waitlist.offered',
  'reminder',
] as const;
export type TemplateEvent = (typeof templateEvents)[number];

export interface TemplateContent {
  subject: string | null;
  text: string;
  /** Null: the text, escaped, in paragraphs (e-mail only). */
  html: string | null;
  /** Urgent messages are not held back by quiet hours, do-not-disturb or the daily cap. */
  urgent: boolean;
}

/**
 * The variables every template may use (strict: any other name is an error).
 * `when`, `newWhen`, `expiresAt` and `proposedTimes` are already formatted in the recipient's zone and language.
 */
export const templateVariables = ['recipientName', 'patientName', 'professionalName', 'serviceName', 'when', 'newWhen', 'reason', 'expiresAt', 'proposedTimes', 'appointmentId'] as const;
export type TemplateVariables = Record<(typeof templateVariables)[number], string>;

type Copy = { subject: string; text: string };

/** Built-in copy (version 0). Short enough for one SMS where it can be. */
const copy: Record<TemplateEvent, Record<NotificationLocale, Copy>> = {
  'appointment.requested': {
    en: { subject: 'New appointment request', text: '{{ patientName }} asks for {{ serviceName }} on {{ when }}. Approve or decline it in Consulta.' },
    es: { subject: 'Nueva solicitud de cita', text: '{{ patientName }} solicita {{ serviceName }} el {{ when }}. Apruébala o recházala en Consulta.' },
    fr: { subject: 'Nouvelle demande de rendez-vous', text: '{{ patientName }} demande {{ serviceName }} le {{ when }}. Acceptez-la ou refusez-la dans Consulta.' },
  },
  'appointment.approved': {
    en: { subject: 'Your appointment is confirmed', text: 'Your appointment for {{ serviceName }} with {{ professionalName }} on {{ when }} is confirmed.' },
    es: { subject: 'Tu cita está confirmada', text: 'Tu cita de {{ serviceName }} con {{ professionalName }} el {{ when }} está confirmada.' },
    fr: { subject: 'Votre rendez-vous est confirmé', text: 'Votre rendez-vous pour {{ serviceName }} avec {{ professionalName }} le {{ when }} est confirmé.' },
  },
  'appointment.declined': {
    en: { subject: 'Your appointment request was declined', text: '{{ professionalName }} could not accept your request for {{ when }}. Reason: {{ reason }}. Ask the assistant for another time.' },
    es: { subject: 'Tu solicitud de cita fue rechazada', text: '{{ professionalName }} no pudo aceptar tu solicitud para el {{ when }}. Motivo: {{ reason }}. Pide otra hora al asistente.' },
    fr: { subject: 'Votre demande de rendez-vous a été refusée', text: '{{ professionalName }} n’a pas pu accepter votre demande pour le {{ when }}. Motif : {{ reason }}. Demandez un autre créneau à l’assistant.' },
  },
  'appointment.cancelled': {
    en: { subject: 'Your appointment was cancelled', text: 'Your appointment with {{ professionalName }} on {{ when }} was cancelled. Reason: {{ reason }}.' },
    es: { subject: 'Tu cita fue cancelada', text: 'Tu cita con {{ professionalName }} el {{ when }} fue cancelada. Motivo: {{ reason }}.' },
    fr: { subject: 'Votre rendez-vous a été annulé', text: 'Votre rendez-vous avec {{ professionalName }} le {{ when }} a été annulé. Motif : {{ reason }}.' },
  },
  'appointment.rescheduled': {
    en: { subject: 'Your appointment was moved', text: 'Your appointment with {{ professionalName }} moved from {{ when }} to {{ newWhen }}.' },
    es: { subject: 'Tu cita se ha movido', text: 'Tu cita con {{ professionalName }} pasa del {{ when }} al {{ newWhen }}.' },
    fr: { subject: 'Votre rendez-vous a été déplacé', text: 'Votre rendez-vous avec {{ professionalName }} passe du {{ when }} au {{ newWhen }}.' },
  },
  'appointment.expired': {
    en: { subject: 'Your appointment request expired', text: 'Your request for {{ serviceName }} on {{ when }} was not answered in time. Ask the assistant for another time.' },
    es: { subject: 'Tu solicitud de cita ha caducado', text: 'Tu solicitud de {{ serviceName }} para el {{ when }} no se respondió a tiempo. Pide otra hora al asistente.' },
    fr: { subject: 'Votre demande de rendez-vous a expiré', text: 'Votre demande pour {{ serviceName }} le {{ when }} n’a pas reçu de réponse à temps. Demandez un autre créneau à l’assistant.' },
  },
  'appointment.proposed': {
    en: { subject: 'Other times are proposed', text: '{{ professionalName }} cannot see you on {{ when }} and proposes: {{ proposedTimes }}. Answer in the chat to choose one.' },
    es: { subject: 'Te proponen otras horas', text: '{{ professionalName }} no puede atenderte el {{ when }} y te propone: {{ proposedTimes }}. Responde en el chat para elegir una.' },
    fr: { subject: 'D’autres créneaux vous sont proposés', text: '{{ professionalName }} ne peut pas vous recevoir le {{ when }} et propose : {{ proposedTimes }}. Répondez dans le chat pour en choisir un.' },
  },
  'waitlist.offered': {
    en: { subject: 'A time you waited for is free', text: 'A time with {{ professionalName }} is free on {{ when }}. It is held for you until {{ expiresAt }}.' },
    es: { subject: 'Hay una hora libre que esperabas', text: 'Hay una hora libre con {{ professionalName }} el {{ when }}. Te la guardamos hasta el {{ expiresAt }}.' },
    fr: { subject: 'Un créneau attendu s’est libéré', text: 'Un créneau avec {{ professionalName }} est libre le {{ when }}. Il vous est réservé jusqu’au {{ expiresAt }}.' },
  },
  reminder: {
    en: { subject: 'Reminder of your appointment', text: 'Reminder: {{ serviceName }} with {{ professionalName }} on {{ when }}.' },
    es: { subject: 'Recordatorio de tu cita', text: 'Recordatorio: {{ serviceName }} con {{ professionalName }} el {{ when }}.' },
    fr: { subject: 'Rappel de votre rendez-vous', text: 'Rappel : {{ serviceName }} avec {{ professionalName }} le {{ when }}.' },
  },
};

const greeting: Record<NotificationLocale, string> = { en: 'Hello {{ recipientName }},', es: 'Hola, {{ recipientName }}:', fr: 'Bonjour {{ recipientName }},' };

/** A cancelled appointment must reach the patient even at night: it may save them a trip. */
const urgentEvents = new Set<TemplateEvent>(['appointment.cancelled']);

/**
 * The built-in template of an event on a channel in a locale (version 0).
 * E-mail greets the recipient by name; short channels carry the sentence alone.
 */
export function defaultTemplate(event: TemplateEvent, channel: NotificationChannel, locale: NotificationLocale): TemplateContent {
  const { subject, text } = copy[event][locale];
  const urgent = urgentEvents.has(event);
  if (channel === 'email') return { subject, text: `${greeting[locale]}\n\n${text}`, html: null, urgent };
  // Push shows a title and a line; the other channels have no subject.
  return { subject: channel === 'push' ? subject : null, text, html: null, urgent };
}

export function isTemplateEvent(value: string): value is TemplateEvent {
  return (templateEvents as readonly string[]).includes(value);
}

/** Realistic values for previews, in the same shape as a real send. */
export const sampleVariables: TemplateVariables = {
  recipientName: 'Ana García',
  patientName: 'Ana García',
  professionalName: 'Dr. Elena López',
  serviceName: 'Dermatology consultation',
  when: 'Tuesday 8 December 2026, 10:00 (Central European Time)',
  newWhen: 'Wednesday 9 December 2026, 11:00 (Central European Time)',
  reason: 'The doctor is away',
  expiresAt: 'Tuesday 1 December 2026, 10:30 (Central European Time)',
  proposedTimes: 'Tuesday 8 December 2026, 15:00 (Central European Time); Tuesday 8 December 2026, 15:40 (Central European Time)',
  appointmentId: 'appt-sample',
};
