import type { DirectoryService } from '../directory/directory-service';
import type { UsersRepository } from '../identity/users-repository';
import type { Clock } from '../../platform/clock';
import { formatInstant, toNotificationLocale } from './date-format';
import { isTemplateEvent, type TemplateVariables } from './default-templates';
import { addConfirmation, type ConfirmationSource } from './confirmation-attachment';
import { appointmentInvitation, parseMailbox } from './invitation';
import type { NotificationChannel, NotificationRecipient, OutgoingNotification } from './notification-sender';
import type { NotificationRecord } from './notifications-repository';
import { reminderChoices, twoWayChannels } from './reminder-choices';
import { renderTemplate } from './template-renderer';
import type { ResolvedTemplate, TemplateStore } from './template-store';

export interface ComposerDependencies {
  directory: Pick<DirectoryService, 'professional' | 'service'>;
  users: Pick<UsersRepository, 'findById'>;
  templates: Pick<TemplateStore, 'resolve'>;
  clock: Clock;
  /** The From of e-mails, also the organizer of invitations. */
  mailFrom: string;
  /** The confirmation PDF of an approval (the documents module, injected by the host). */
  confirmations?: ConfirmationSource;
  warn?: (details: object, message: string) => void;
}

const text = (value: unknown) => (typeof value === 'string' ? value : '');

/**
 * Writes a notification for one recipient on one channel: names looked up now
 * (never stored in the event), dates in the recipient's zone and language,
 * the template version in force (or its A/B variant), for an approved
 * appointment by e-mail the calendar invitation and the confirmation PDF (a line
 * naming it elsewhere), and for a reminder on SMS or WhatsApp the answers the
 * patient can reply with.
 */
export function createMessageComposer(dependencies: ComposerDependencies) {
  const { directory, users } = dependencies;
  const nameOf = async (lookup: () => Promise<{ name: string } | null>) => (await lookup().catch(() => null))?.name ?? '';

  async function variables(data: Record<string, unknown>, recipient: Omit<NotificationRecipient, 'address'>): Promise<TemplateVariables> {
    const when = (value: unknown) => (typeof value === 'string' && value ? formatInstant(value, { zone: recipient.timeZone, locale: recipient.locale }) : '');
    return {
      recipientName: recipient.name,
      // Most notifications go to the patient themself: their name is in hand already.
      patientName: !data.patientId ? '' : data.patientId === recipient.userId ? recipient.name : await nameOf(() => users.findById(text(data.patientId))),
      professionalName: data.professionalId ? await nameOf(() => directory.professional(text(data.professionalId))) : '',
      serviceName: data.serviceId ? await nameOf(() => directory.service(text(data.serviceId))) : '',
      when: when(data.start),
      newWhen: when(data.newStart),
      reason: text(data.reason),
      expiresAt: when(data.expiresAt),
      // `appointment.proposed` carries the times offered instead of the one asked for.
      proposedTimes: (Array.isArray(data.starts) ? data.starts : [data.starts]).map(when).filter(Boolean).join('; '),
      appointmentId: text(data.appointmentId),
    };
  }

  return {
    variables,

    async compose(record: NotificationRecord, recipient: NotificationRecipient): Promise<{ outgoing: OutgoingNotification; template: ResolvedTemplate }> {
      const channel = record.channel as NotificationChannel;
      if (!isTemplateEvent(record.templateEvent)) throw new Error(`No template for ${record.templateEvent}`);
      const template = await dependencies.templates.resolve({ event: record.templateEvent, channel, locale: toNotificationLocale(recipient.locale) }, record.id);
      const values = await variables(record.data, recipient);
      const rendered = await renderTemplate(template.content, values, { html: channel === 'email' });
      const outgoing: OutgoingNotification = {
        id: record.id,
        channel,
        event: record.templateEvent,
        recipient,
        subject: rendered.subject ?? undefined,
        text: rendered.text,
        html: rendered.html ?? undefined,
        data: record.data,
        urgent: template.content.urgent,
      };
      const { start, end, appointmentId } = record.data;
      // A reminder on a channel that takes replies can be answered in place: confirm, cancel or reschedule.
      if (record.templateEvent === 'reminder' && twoWayChannels.has(channel) && typeof start === 'string') {
        outgoing.choices = reminderChoices({ appointmentId: text(appointmentId), start, timeZone: recipient.timeZone, locale: recipient.locale, professionalName: values.professionalName, when: values.when });
      }
      if (channel === 'email' && record.templateEvent === 'appointment.approved' && typeof start === 'string' && typeof end === 'string') {
        outgoing.attachments = [
          appointmentInvitation({
            appointmentId: text(appointmentId),
            start: new Date(start),
            end: new Date(end),
            summary: [values.serviceName, values.professionalName].filter(Boolean).join(' · ') || (rendered.subject ?? 'Appointment'),
            description: rendered.text,
            organizer: parseMailbox(dependencies.mailFrom),
            now: dependencies.clock.now(),
          }),
        ];
      }
      await addConfirmation(outgoing, { eventId: record.eventId, locale: toNotificationLocale(recipient.locale), confirmations: dependencies.confirmations, warn: dependencies.warn });
      return { outgoing, template };
    },
  };
}

export type MessageComposer = ReturnType<typeof createMessageComposer>;
