import nodemailer from 'nodemailer';
import { NotificationSendError, type NotificationSender } from './notification-sender';
import { CircuitOpenError, type Breaker } from '../../platform/circuit-breaker';

/** A refused recipient (5xx) says nothing about the mail server's health. */
export const isRecipientRefusal = (error: unknown) => ((error as { responseCode?: number }).responseCode ?? 0) >= 500;

/**
 * E-mail over SMTP with nodemailer: text and HTML parts, and a calendar
 * invitation as an iCalendar part when the notification carries one (so mail
 * clients offer to add it). A 5xx answer (no such mailbox, refused) is
 * permanent; a 4xx or a connection problem is retried.
 *
 * @example
 * registry.register(createEmailSender({ smtpUrl: 'smtp://127.0.0.1:2525', from: 'Consulta <no-reply@consulta.local>' }));
 */
export function createEmailSender(options: { smtpUrl: string; from: string; breaker?: Breaker }): NotificationSender & { close(): void } {
  const transport = nodemailer.createTransport(options.smtpUrl);
  const guard = options.breaker ? <T>(work: () => Promise<T>) => options.breaker!.run(work) : <T>(work: () => Promise<T>) => work();
  return {
    channel: 'email',
    async send(notification) {
      const calendar = notification.attachments?.find((attachment) => attachment.contentType.startsWith('text/calendar'));
      const others = notification.attachments?.filter((attachment) => attachment !== calendar) ?? [];
      try {
        const info = await guard(() => transport.sendMail({
          from: options.from,
          to: { name: notification.recipient.name, address: notification.recipient.address },
          subject: notification.subject ?? '',
          text: notification.text,
          html: notification.html,
          // The notification id lets a mail log be matched to its notification without any personal data.
          headers: { 'X-Consulta-Notification': notification.id },
          icalEvent: calendar ? { method: 'REQUEST', filename: calendar.filename, content: toText(calendar.content) } : undefined,
          attachments: others.map((attachment) => ({ filename: attachment.filename, contentType: attachment.contentType, content: toBuffer(attachment.content) })),
        }));
        return { providerMessageId: info.messageId };
      } catch (error) {
        if (error instanceof CircuitOpenError) throw new NotificationSendError('smtp_circuit_open', 'The mail server keeps failing; not trying it for now.', false);
        const responseCode = (error as { responseCode?: number }).responseCode;
        const permanent = typeof responseCode === 'number' && responseCode >= 500;
        throw new NotificationSendError(responseCode ? `smtp_${responseCode}` : 'smtp_unavailable', 'The mail server did not take the message.', permanent);
      }
    },
    close: () => transport.close(),
  };
}

const toText = (content: string | Uint8Array) => (typeof content === 'string' ? content : Buffer.from(content).toString('utf8'));
const toBuffer = (content: string | Uint8Array) => (typeof content === 'string' ? Buffer.from(content, 'utf8') : Buffer.from(content));
