/**
 * The contract between the notifications module and whatever delivers a
 * message on a channel. core-api delivers e-mail and Web Push itself; the
 * host process (the bot) registers senders for the channels it runs (SMS,
 * WhatsApp, web chat, Teams), so core-api never imports a channel adapter.
 */
export const notificationChannels = ['email', 'sms', 'whatsapp', 'webchat', 'teams', 'push'] as const;
export type NotificationChannel = (typeof notificationChannels)[number];

export interface NotificationRecipient {
  userId: string;
  role: 'patient' | 'professional' | 'admin';
  name: string;
  /** E-mail address, phone number (E.164), WhatsApp number, or the user id for webchat/teams/push. */
  address: string;
  locale: string;
  timeZone: string;
}

export interface NotificationAttachment {
  filename: string;
  contentType: string;
  content: string | Uint8Array;
}

/**
 * An answer the recipient can pick on a two-way channel (a reminder's confirm,
 * cancel, reschedule): SMS numbers it, WhatsApp makes it a reply button.
 */
export interface NotificationChoice {
  label: string;
  /** What the assistant is told when it is picked, in the recipient's words ("I want to cancel my appointment on …"). */
  value: string;
  /** Said back by the channel itself when it is picked, with no assistant turn (a confirmation needs no model). */
  answer?: string;
  /**
   * The appointment the message offering this choice is about (a reminder's), so that a reply in
   * the patient's own words ("can we do 4pm instead?") reaches the assistant with it.
   */
  about?: { appointmentId: string; description: string };
  /** A letter that picks it where answers are typed (SMS): "Reply C to confirm, X to cancel or R to reschedule". */
  key?: string;
}

export interface OutgoingNotification {
  /** The notification's id: stable across retries, so a sender may use it as its own idempotency key. */
  id: string;
  channel: NotificationChannel;
  /** The event type that caused it, e.g. `appointment.requested`, or `reminder` for scheduled reminders. */
  event: string;
  recipient: NotificationRecipient;
  subject?: string;
  /** Plain text, already rendered in the recipient's locale and time zone. */
  text: string;
  html?: string;
  attachments?: NotificationAttachment[];
  /** The event's payload (ids only, no personal data), e.g. `{ appointmentId }`, for senders that build rich messages (Teams cards). */
  data: Record<string, unknown>;
  /** Answers to offer, on channels that can take a reply (SMS, WhatsApp); kept by the channel so that "2" or a tap is understood. */
  choices?: NotificationChoice[];
  /** For WhatsApp outside the 24-hour window: the approved template to send instead of free text. */
  template?: { name: string; language: string; parameters: string[] };
  urgent: boolean;
}

export interface SendResult {
  /** The provider's id for the message (Twilio SID, WhatsApp wamid, SMTP message id, activity id). */
  providerMessageId?: string;
}

/**
 * Why a send failed. `permanent` failures (no such address, opted out, no
 * conversation reference) move on to the recipient's next channel at once;
 * others are retried with backoff first.
 */
export class NotificationSendError extends Error {
  override readonly name = 'NotificationSendError';
  constructor(
    readonly code: string,
    message: string,
    readonly permanent: boolean,
  ) {
    super(message);
  }
}

export interface NotificationSender {
  readonly channel: NotificationChannel;
  send(notification: OutgoingNotification): Promise<SendResult>;
  /**
   * Whether free text can reach this recipient now (WhatsApp: inside the 24-hour
   * window). When false, the engine sends `template` instead, or skips the channel.
   */
  freeTextAllowed?(recipient: NotificationRecipient): Promise<boolean>;
}

/** Senders registered late: the host mounts its channels after core-api, and fills this in as it does. */
export interface NotificationSenderRegistry {
  register(sender: NotificationSender): void;
  get(channel: NotificationChannel): NotificationSender | undefined;
}

export function createNotificationSenderRegistry(): NotificationSenderRegistry {
  const senders = new Map<NotificationChannel, NotificationSender>();
  return {
    register: (sender) => void senders.set(sender.channel, sender),
    get: (channel) => senders.get(channel),
  };
}
