import ical, { ICalCalendarMethod, ICalEventStatus } from 'ical-generator';
import type { NotificationAttachment } from './notification-sender';

/**
 * The calendar invitation of an approved appointment, attached to its e-mail.
 * The UID is the appointment id, so a later update or cancellation from any
 * calendar feed replaces this event instead of adding another. Times are UTC
 * (a zone id without its VTIMEZONE block is read differently by clients).
 */
export function appointmentInvitation(options: {
  appointmentId: string;
  start: Date;
  end: Date;
  summary: string;
  description: string;
  organizer: { name: string; email: string };
  now: Date;
}): NotificationAttachment {
  const calendar = ical({ prodId: { company: 'Consulta', product: 'notifications' }, method: ICalCalendarMethod.REQUEST });
  calendar.createEvent({
    id: `${options.appointmentId}@consulta`,
    start: options.start,
    end: options.end,
    stamp: options.now,
    summary: options.summary,
    description: options.description,
    organizer: options.organizer,
    status: ICalEventStatus.CONFIRMED,
  });
  return { filename: 'invitation.ics', contentType: 'text/calendar; method=REQUEST; charset=utf-8', content: calendar.toString() };
}

/** `Consulta <no-reply@consulta.local>` → its name and address, for the invitation's organizer. */
export function parseMailbox(value: string): { name: string; email: string } {
  const match = /^\s*(.*?)\s*<([^>]+)>\s*$/.exec(value);
  return match ? { name: match[1]!.replace(/^"|"$/g, '') || match[2]!, email: match[2]! } : { name: value.trim(), email: value.trim() };
}
