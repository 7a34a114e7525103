import { ChannelError, type OutboundMessage, type SmsChannel, type WebchatChannel, type WhatsappChannel } from '@consulta/channels';
import { NotificationSendError, type NotificationSender, type OutgoingNotification } from '@consulta/core-api';

/**
 * What a notification becomes on a chat channel: its text, and the answers it offers (a reminder's
 * confirm, cancel, reschedule), which the channel renders natively and keeps so a reply is understood.
 */
const messagesOf = (notification: OutgoingNotification): OutboundMessage[] => [
  { text: notification.text, ...(notification.choices?.length ? { choices: notification.choices } : {}) },
];
/** The engine keeps the first message's id; its outcome comes back through the channel's status webhooks. */
const tracked = { reportDelivery: true };

/**
 * A channel's failure as core-api's notification engine reads it: refusals
 * about the recipient (bad number, outside the window, opted out) are
 * permanent, so the next channel is tried at once; anything else is retried.
 */
function toSendError(channel: string, error: unknown): NotificationSendError {
  if (error instanceof NotificationSendError) return error;
  if (error instanceof ChannelError) return new NotificationSendError(error.code, `${channel}: ${error.message}`, error.statusCode < 500 && error.statusCode !== 429);
  const { status, code } = error as { status?: unknown; code?: unknown };
  // Twilio and the Graph API answer 4xx for a request that will never succeed (unknown number, blocked).
  const permanent = typeof status === 'number' && status >= 400 && status < 500 && status !== 429;
  return new NotificationSendError(code !== undefined ? `${channel}_${String(code)}` : `${channel}_unavailable`, `${channel} did not take the message`, permanent);
}

/**
 * SMS through the Twilio channel's outbound path (its consent check included),
 * choices as a numbered list; the first message's delivery is reported back.
 *
 * @example
 * registry.register(createSmsNotificationSender(sms));
 */
export function createSmsNotificationSender(channel: Pick<SmsChannel, 'send'>): NotificationSender {
  return {
    channel: 'sms',
    async send(notification) {
      let sids: string[];
      try {
        sids = await channel.send(notification.recipient.address, messagesOf(notification), notification.recipient.locale, tracked);
      } catch (error) {
        throw toSendError('sms', error);
      }
      // The channel sends nothing to a number that said STOP, and says so by sending no part.
      if (sids.length === 0) throw new NotificationSendError('opted_out', 'The number has opted out of SMS.', true);
      return { providerMessageId: sids[0] };
    },
  };
}

/**
 * WhatsApp through the Cloud API channel: free text inside the 24-hour window,
 * the configured reminder template outside it; without a template the engine
 * skips the channel (`freeTextAllowed` false) instead of failing.
 */
export function createWhatsappNotificationSender(channel: Pick<WhatsappChannel, 'send' | 'windowOpen'>, options: { templateConfigured: boolean }): NotificationSender {
  return {
    channel: 'whatsapp',
    async freeTextAllowed(recipient) {
      return options.templateConfigured || (await channel.windowOpen(recipient.address));
    },
    async send(notification) {
      let ids: string[];
      try {
        ids = await channel.send(notification.recipient.address, messagesOf(notification), notification.recipient.locale, tracked);
      } catch (error) {
        throw toSendError('whatsapp', error);
      }
      if (ids.length === 0) throw new NotificationSendError('opted_out', 'The number has opted out of WhatsApp.', true);
      return { providerMessageId: ids[0] };
    },
  };
}

/**
 * Web chat: a bot message appended to the user's latest conversation (pushed
 * live when the page is open, there on the next visit otherwise). The
 * notification id makes a retried post land once.
 */
export function createWebchatNotificationSender(channel: Pick<WebchatChannel, 'notifyUser'>): NotificationSender {
  return {
    channel: 'webchat',
    async send(notification) {
      let activityId: string | undefined;
      try {
        activityId = await channel.notifyUser(notification.recipient.userId, messagesOf(notification), notification.id);
      } catch (error) {
        throw toSendError('webchat', error);
      }
      if (!activityId) throw new NotificationSendError('no_conversation', 'The user has no web chat conversation to post to.', true);
      return { providerMessageId: activityId };
    },
  };
}
