import type { FastifyBaseLogger, FastifyPluginAsync } from 'fastify';
import type pg from 'pg';
import { ChannelError } from '../channel-error';
import { reportDelivery, type DeliveryReporter, type RecordedStatus } from '../sms/delivery-status';
import { phoneRef } from '../sms/log-safety';
import type { MediaHandler, OutboundMessage, TurnHandler } from '../turn';
import { createGraphMedia } from './graph-media';
import { createTurnDispatch, type TurnQueueOption } from '../turn-dispatch';
import { createGraphSender } from './graph-sender';
import { createWhatsappConversation } from './whatsapp-conversation';
import { migrateWhatsapp } from './whatsapp-migrations';
import { createWhatsappOutbox, type WhatsappConsent } from './whatsapp-outbox';
import { whatsappRoutes, type WhatsappRoutesOptions } from './whatsapp-routes';
import { createWhatsappStore } from './whatsapp-store';
import type { WhatsappTemplates } from './whatsapp-templates';
import { subscriptionVerifier, whatsappSignatureCheck } from './whatsapp-webhook-auth';
import { toE164, type InboundWhatsapp } from './whatsapp-webhook-payload';
import { toWhatsappLocale, type WhatsappLocale } from './whatsapp-words';

export interface WhatsappChannelOptions {
  pool: pg.Pool;
  handleTurn: TurnHandler;
  consent: WhatsappConsent;
  log: FastifyBaseLogger;
  /** A system user's permanent token with whatsapp_business_messaging. */
  accessToken: string;
  /** The Meta app's secret: webhooks are signed with it. */
  appSecret: string;
  /** The token typed into the webhook settings at Meta; it answers the subscription check. */
  verifyToken: string;
  /** The business number's id (not the number itself); webhooks for other numbers are ignored. */
  phoneNumberId: string;
  /** Instead of https://graph.facebook.com; tests point it at a local fake. */
  graphBaseUrl?: string;
  apiVersion?: string;
  /** Approved templates for messages outside the 24-hour window; without one such sends are refused. */
  templates?: WhatsappTemplates;
  /** The language of the channel's own words when the number's is unknown. */
  defaultLocale?: WhatsappLocale;
  /** How long a tapped button or a typed number still picks its choice (default two days). */
  choicesTtlSeconds?: number;
  /** How long after the number last wrote free-form messages may go (default 24 h less a 5-minute margin). */
  windowSeconds?: number;
  /** Pauses before retrying a send Meta turned away for now. */
  retryDelaysMs?: number[];
  bodyLimit?: number;
  /** Turns running at once in this process (default 8); a burst waits in line, acknowledged. */
  maxConcurrentTurns?: number;
  /** Run turns as jobs on a shared queue instead of behind the webhook in this process. */
  turns?: TurnQueueOption;
  /**
   * Hears the final outcome (delivered or read, or failed with Meta's error) of every message sent
   * with `reportDelivery`, from the signed status webhooks; each retried webhook is heard again.
   */
  deliveryReports?: DeliveryReporter;
  /**
   * Takes received images and documents (fetched from the Graph API, handed over as bytes); its
   * replies are sent like a turn's. Without it the patient is told files cannot be received yet.
   */
  handleMedia?: MediaHandler;
  /** The largest file fetched (default 10 MB). */
  mediaMaxBytes?: number;
  /** The Graph API calls' fetch (the host's circuit breaker); Node's by default. */
  fetch?: typeof fetch;
}

/**
 * The WhatsApp channel through the Cloud API: signed webhooks answered at
 * once, the turn behind them one message at a time per number in the order
 * the patient wrote, replies as text, reply buttons or lists through the
 * Graph API. Mount with `app.register(channel.routes, channel.routeOptions)`
 * (no prefix: the routes are `GET` and `POST /channels/whatsapp`).
 */
export async function createWhatsappChannel(options: WhatsappChannelOptions) {
  await migrateWhatsapp(options.pool);
  const store = createWhatsappStore(options.pool, {
    choicesTtlSeconds: options.choicesTtlSeconds ?? 2 * 86_400,
  });
  const sender = createGraphSender({
    accessToken: options.accessToken,
    phoneNumberId: options.phoneNumberId,
    baseUrl: options.graphBaseUrl,
    apiVersion: options.apiVersion,
    retryDelaysMs: options.retryDelaysMs,
    fetch: options.fetch,
  });
  const ref = (phone: string) => phoneRef(phone, options.appSecret);
  const windowSeconds = options.windowSeconds ?? 24 * 3_600 - 300;
  const onStatus = (recorded: RecordedStatus) =>
    reportDelivery(options.deliveryReports, recorded, 'WhatsApp', () =>
      options.log.error({ messageId: recorded.id }, 'whatsapp delivery report not handed on'),
    );
  const outbox = createWhatsappOutbox({
    sender,
    store,
    consent: options.consent,
    log: options.log,
    ref,
    templates: options.templates,
    windowSeconds,
    onStatus,
  });
  const defaultLocale = options.defaultLocale ?? 'en';
  const conversation = createWhatsappConversation({
    store,
    consent: options.consent,
    outbox,
    handleTurn: options.handleTurn,
    log: options.log,
    ref,
    defaultLocale,
    ...(options.handleMedia
      ? {
          media: {
            fetcher: createGraphMedia({ accessToken: options.accessToken, baseUrl: options.graphBaseUrl, apiVersion: options.apiVersion, maxBytes: options.mediaMaxBytes, fetch: options.fetch }),
            handle: options.handleMedia,
          },
        }
      : {}),
  });
  const turns = createTurnDispatch<InboundWhatsapp>({
    channel: 'whatsapp',
    turns: options.turns,
    maxRunning: options.maxConcurrentTurns ?? 8,
    keyOf: (message) => message.phone,
    idOf: (message) => message.id,
    claim: (message) => store.claimInbound(message.id, message.phone, message.sentAt),
    handle: (message) => conversation.handle(message),
    revive: (data) => {
      const message = data as InboundWhatsapp & { sentAt: string | Date };
      return { ...message, sentAt: new Date(message.sentAt) };
    },
    log: options.log,
  });
  const queue = turns.keyed;

  const routeOptions: WhatsappRoutesOptions = {
    verifySubscription: subscriptionVerifier(options.verifyToken, (challenge) =>
      store.claimChallenge(challenge),
    ),
    checkSignature: whatsappSignatureCheck(options.appSecret),
    async received({ messages, statuses }) {
      // Meta sends one app's webhooks for all its numbers; another number's traffic is not this channel's.
      const ours = (item: { phoneNumberId: string | undefined }) =>
        item.phoneNumberId === undefined || item.phoneNumberId === options.phoneNumberId;
      // One delivery may hold several messages of a number: they are handled in the order written.
      const ordered = messages.filter(ours).sort((a, b) => a.sentAt.getTime() - b.sentAt.getTime());
      // Handed on before answering: a failure here is a 500, and Meta retries. Each goes as soon
      // as it is claimed (or queued), so a retry after a failure half-way loses none.
      for (const message of ordered) await turns.dispatch(message);
      for (const { phoneNumberId: _, ...update } of statuses.filter(ours)) onStatus(await store.recordStatus(update));
    },
    bodyLimit: options.bodyLimit,
  };

  return {
    routes: whatsappRoutes as FastifyPluginAsync<WhatsappRoutesOptions>,
    routeOptions,
    /**
     * Sends messages the patient did not ask for (reminders), in the queue of
     * that number. Nothing goes to an opted-out number (resolves with no ids).
     * Outside the 24-hour window only the configured template goes; without
     * one it rejects with a ChannelError `outside_window` and sends nothing.
     * Choices become the number's current ones (buttons, or a numbered list
     * in a template). With `reportDelivery` the first message's outcome goes
     * to `deliveryReports`. Resolves with the WhatsApp message ids.
     */
    send(
      phone: string,
      messages: OutboundMessage[],
      locale?: string,
      sendOptions: { reportDelivery?: boolean } = {},
    ): Promise<string[]> {
      const number = toE164(phone);
      if (!number)
        return Promise.reject(new ChannelError(400, 'invalid_phone', 'Not a phone number in E.164.'));
      return queue.enqueue(number, async () => {
        const known = toWhatsappLocale(locale ?? (await store.locale(number)));
        return outbox.deliver(number, messages, known ?? defaultLocale, {
          reportDelivery: sendOptions.reportDelivery,
        });
      });
    },
    /** Whether free-form messages can reach the number now; outside, only templates can. */
    windowOpen: (phone: string) => {
      const number = toE164(phone);
      return number ? store.windowOpen(number, windowSeconds) : Promise.resolve(false);
    },
    /** Where a sent message stands, as Meta's status webhooks last said. */
    deliveryStatus: (id: string) => store.deliveryStatus(id),
    /** Resolves when every number's current work is done (tests, shutdown). */
    async idle() {
      await queue.idle();
    },
    async close() {
      await this.idle();
    },
  };
}

export type WhatsappChannel = Awaited<ReturnType<typeof createWhatsappChannel>>;
export type { WhatsappConsent } from './whatsapp-outbox';
export type { WhatsappDeliveryStatus } from './whatsapp-status';
export type {
  ReminderTemplate,
  TemplateChooser,
  WhatsappTemplate,
  WhatsappTemplates,
} from './whatsapp-templates';
export type { WhatsappLocale } from './whatsapp-words';
