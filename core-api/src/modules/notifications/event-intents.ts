import type { DomainEvent } from '../../platform/outbox';
import type { TemplateEvent } from './default-templates';

/** Someone to tell about an event, with the template that says it. */
export interface NotificationIntent {
  eventId: string;
  eventType: string;
  templateEvent: TemplateEvent;
  /** A user, or the patient of an appointment when the event does not name them (`appointment.proposed`). */
  recipient: { userId: string } | { patientOf: string };
  appointmentId: string | null;
  /** Ids and times only (the event's payload): names are looked up when the message is written. */
  data: Record<string, unknown>;
}

const toPatient: Record<string, TemplateEvent> = {
  'appointment.approved': 'appointment.approved',
  'appointment.declined': 'appointment.declined',
  'appointment.cancelled': 'appointment.cancelled',
  'appointment.rescheduled': 'appointment.rescheduled',
  'appointment.expired': 'appointment.expired',
  'appointment.proposed': 'appointment.proposed',
  'waitlist.offered': 'waitlist.offered',
};

const text = (value: unknown) => (typeof value === 'string' && value.length > 0 ? value : null);

/**
 * Who hears about an event. A request goes to the professional; what happens
 * to it goes to the patient. A request written as `approved` at once (a domain
 * that approves automatically, or a moved appointment) tells nobody here: the
 * `approved` or `rescheduled` event that comes with it does.
 *
 * @example
 * intentsOf({ id: 'e1', type: 'appointment.requested', occurredAt, payload: { appointmentId: 'a1', professionalId: 'dr-lopez', status: 'requested', … } });
 * // [{ recipientId: 'dr-lopez', templateEvent: 'appointment.requested', … }]
 */
export function intentsOf(event: DomainEvent): NotificationIntent[] {
  const payload = event.payload;
  const appointmentId = text(payload.appointmentId);
  const base = { eventId: event.id, eventType: event.type, appointmentId, data: payload };
  if (event.type === 'appointment.requested') {
    const professionalId = text(payload.professionalId);
    return professionalId && payload.status === 'requested' ? [{ ...base, templateEvent: 'appointment.requested', recipient: { userId: professionalId } }] : [];
  }
  const templateEvent = toPatient[event.type];
  if (!templateEvent) return [];
  const patientId = text(payload.patientId);
  if (patientId) return [{ ...base, templateEvent, recipient: { userId: patientId } }];
  return appointmentId ? [{ ...base, templateEvent, recipient: { patientOf: appointmentId } }] : [];
}

/** The end an A/B-tested notification's appointment came to, when this event ends it. */
export function outcomeOf(event: DomainEvent): 'confirmed' | 'cancelled' | 'no_show' | null {
  if (event.type === 'appointment.completed') return 'confirmed';
  if (event.type === 'appointment.cancelled') return 'cancelled';
  if (event.type === 'appointment.no_show') return 'no_show';
  return null;
}
