import type { OutboundGuard } from '../outbound-guard';
import type { FastifyBaseLogger, FastifyPluginAsync } from 'fastify';
import type pg from 'pg';
import type { OutboundMessage, TurnHandler } from '../turn';
import { createTurnDispatch, type TurnQueueOption } from '../turn-dispatch';
import { reportDelivery, type DeliveryReporter, type RecordedStatus } from './delivery-status';
import { phoneRef } from './log-safety';
import { createSmsConversation } from './sms-conversation';
import { migrateSms } from './sms-migrations';
import { createSmsOutbox, type SmsConsent } from './sms-outbox';
import { smsRoutes, type InboundSms, type SmsRoutesOptions } from './sms-routes';
import { createSmsStore } from './sms-store';
import { toSmsLocale, type SmsLocale } from './sms-words';
import { createTwilioSender } from './twilio-sender';
import { twilioSignatureCheck } from './twilio-signature';

export interface SmsChannelOptions {
  pool: pg.Pool;
  handleTurn: TurnHandler;
  consent: SmsConsent;
  log: FastifyBaseLogger;
  /** The origin (and path prefix, if any) Twilio calls, as the internet sees it: signatures are computed over it. */
  publicUrl: string;
  accountSid: string;
  authToken: string;
  /** The sending number in E.164, or a Messaging Service sid instead. */
  fromNumber?: string;
  messagingServiceSid?: string;
  /** Instead of https://api.twilio.com; tests point it at a local fake. */
  apiBaseUrl?: string;
  /** The language of the channel's own words when the number's is unknown. */
  defaultLocale?: SmsLocale;
  /** Named in the HELP answer: a name, or how to look it up when it is needed. */
  serviceName?: string | (() => Promise<string>);
  /** How long a numbered list can still be answered with its numbers (default a day). */
  choicesTtlSeconds?: number;
  maxSegments?: number;
  /** Pauses before retrying a send Twilio turned away for now (429, 503). */
  retryDelaysMs?: number[];
  /** Turns running at once in this process (default 8); a burst waits in line, acknowledged. */
  maxConcurrentTurns?: number;
  /** Run turns as jobs on a shared queue instead of behind the webhook in this process. */
  turns?: TurnQueueOption;
  /**
   * Hears the final outcome (delivered, or failed with Twilio's error code) of every message sent
   * with `reportDelivery`, from the signed status callbacks; each retried callback is heard again.
   */
  deliveryReports?: DeliveryReporter;
  /** Wraps each call to Twilio (the host's circuit breaker). */
  guard?: OutboundGuard;
}

/**
 * The SMS channel through Twilio: signed webhooks answered at once, the turn
 * behind them one message at a time per phone number, replies through the
 * REST API. Mount with `app.register(channel.routes, channel.routeOptions)`
 * (no prefix: the routes are `/channels/sms` and `/channels/sms/status`).
 */
export async function createSmsChannel(options: SmsChannelOptions) {
  const publicUrl = new URL(options.publicUrl).href.replace(/\/+$/, '');
  await migrateSms(options.pool);
  const store = createSmsStore(options.pool, { choicesTtlSeconds: options.choicesTtlSeconds ?? 86_400 });
  const sender = createTwilioSender({
    accountSid: options.accountSid,
    authToken: options.authToken,
    fromNumber: options.fromNumber,
    messagingServiceSid: options.messagingServiceSid,
    apiBaseUrl: options.apiBaseUrl,
    statusCallbackUrl: `${publicUrl}/channels/sms/status`,
    retryDelaysMs: options.retryDelaysMs,
    guard: options.guard,
  });
  const ref = (phone: string) => phoneRef(phone, options.authToken);
  const onStatus = (recorded: RecordedStatus) =>
    reportDelivery(options.deliveryReports, recorded, 'Twilio', () =>
      options.log.error({ sid: recorded.id }, 'sms delivery report not handed on'),
    );
  const outbox = createSmsOutbox({
    sender,
    store,
    consent: options.consent,
    log: options.log,
    ref,
    maxSegments: options.maxSegments,
    onStatus,
  });
  const defaultLocale = options.defaultLocale ?? 'en';
  const conversation = createSmsConversation({
    store,
    consent: options.consent,
    outbox,
    handleTurn: options.handleTurn,
    log: options.log,
    ref,
    defaultLocale,
    serviceName: typeof options.serviceName === 'function' ? options.serviceName : async () => (options.serviceName as string | undefined) ?? 'Consulta',
  });
  const turns = createTurnDispatch<InboundSms>({
    channel: 'sms',
    turns: options.turns,
    maxRunning: options.maxConcurrentTurns ?? 8,
    keyOf: (message) => message.from,
    idOf: (message) => message.messageSid,
    claim: (message) => store.claimInbound(message.messageSid, message.from),
    handle: (message) => conversation.handle(message),
    log: options.log,
  });
  const queue = turns.keyed;

  const routeOptions: SmsRoutesOptions = {
    verify: twilioSignatureCheck({ authToken: options.authToken, publicUrl }),
    // A failure before the answer is a 500, and Twilio retries.
    received: (message) => turns.dispatch(message),
    async statusChanged(update) {
      onStatus(await store.recordStatus(update));
    },
  };

  return {
    routes: smsRoutes as FastifyPluginAsync<SmsRoutesOptions>,
    routeOptions,
    /**
     * Sends messages the patient did not ask for (reminders), in the queue of
     * that number; nothing goes to an opted-out number. Their choices become
     * the number's current ones, so a "2" answers them. With `reportDelivery`
     * the first message's outcome goes to `deliveryReports`. Resolves with the sids.
     */
    send(
      phone: string,
      messages: OutboundMessage[],
      locale?: string,
      sendOptions: { reportDelivery?: boolean } = {},
    ): Promise<string[]> {
      return queue.enqueue(phone, async () => {
        const contactLocale = locale ? undefined : (await store.contact(phone)).locale;
        return outbox.deliver(phone, messages, toSmsLocale(locale ?? contactLocale) ?? defaultLocale, {
          reportDelivery: sendOptions.reportDelivery,
        });
      });
    },
    /** Where a sent message stands, as Twilio's status callbacks last said. */
    deliveryStatus: (sid: string) => store.deliveryStatus(sid),
    /** Resolves when every number's current work is done (tests, shutdown). */
    async idle() {
      await queue.idle();
    },
    async close() {
      await this.idle();
    },
  };
}

export type SmsChannel = Awaited<ReturnType<typeof createSmsChannel>>;
export type { SmsConsent } from './sms-outbox';
export type { DeliveryReport, DeliveryReporter, DeliveryStatus } from './delivery-status';
export type { AnsweredChoice } from './answered-choice';
