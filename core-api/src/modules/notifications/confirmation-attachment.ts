import type { NotificationLocale } from './date-format';
import type { OutgoingNotification } from './notification-sender';

/**
 * The confirmation document of an approval, made by the documents module and
 * injected by the host (app.ts), so notifications never reach into documents.
 * It makes the document if the documents module's own consumer of the event has
 * not yet (both consume `appointment.approved` at once, in either order); null
 * when the domain makes no confirmation.
 */
export type ConfirmationSource = (input: { eventId: string; appointmentId: string }) => Promise<{ documentId: string; title: string; content: Uint8Array } | null>;

// Where a channel cannot carry a file, the message says where the file is.
const inYourDocuments: Record<NotificationLocale, string> = {
  en: 'Your confirmation (PDF) is in your documents.',
  es: 'Tienes la confirmación (PDF) en tus documentos.',
  fr: 'Votre confirmation (PDF) se trouve dans vos documents.',
};

/**
 * The patient's notification of an approval carries its confirmation: attached
 * to an e-mail, or named by a line on SMS, WhatsApp, web chat and push. A
 * failure of the documents module must not hold back the news of the approval:
 * the message then goes without it, and the failure is logged.
 */
export async function addConfirmation(
  outgoing: OutgoingNotification,
  input: { eventId: string; locale: NotificationLocale; confirmations?: ConfirmationSource; warn?: (details: object, message: string) => void },
): Promise<void> {
  const appointmentId = outgoing.data.appointmentId;
  if (!input.confirmations || outgoing.event !== 'appointment.approved' || outgoing.recipient.role !== 'patient' || typeof appointmentId !== 'string') return;
  let confirmation: Awaited<ReturnType<ConfirmationSource>>;
  try {
    confirmation = await input.confirmations({ eventId: input.eventId, appointmentId });
  } catch (error) {
    input.warn?.({ notificationId: outgoing.id, error: (error as Error).message }, 'confirmation not attached: the documents module failed');
    return;
  }
  if (!confirmation) return;
  if (outgoing.channel === 'email') {
    const attachment = { filename: `confirmation-${appointmentId}.pdf`, contentType: 'application/pdf', content: confirmation.content };
    outgoing.attachments = [...(outgoing.attachments ?? []), attachment];
  } else {
    outgoing.text = `${outgoing.text}\n${inYourDocuments[input.locale]}`;
  }
}
