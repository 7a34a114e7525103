import type { FastifyBaseLogger } from 'fastify';
import type { OutboundMessage } from '../turn';
import type { RecordedStatus } from './delivery-status';
import { renderSms } from './sms-render';
import { splitSms } from './sms-split';
import type { SmsStore } from './sms-store';
import type { SmsLocale } from './sms-words';
import type { SmsSender } from './twilio-sender';

/**
 * Messaging consent, kept by the identity module (core-api's
 * `POST /api/v1/consents`); the channel only reports keywords and asks.
 */
export interface SmsConsent {
  record(phone: string, keyword: 'stop' | 'start'): Promise<void>;
  isOptedOut(phone: string): Promise<boolean>;
}

export interface DeliverOptions {
  /** Without choices of their own, leave those a "2" refers to as they are (an apology, HELP, an answered choice). */
  keepChoices?: boolean;
  /**
   * A notification's send: the outcome of its first message (the id the engine keeps) is reported on.
   * The other parts of a long one travel with it and are not.
   */
  reportDelivery?: boolean;
}

export interface SmsOutbox {
  /**
   * Renders, splits and sends the messages in order, and returns the sent
   * message sids. Stops as soon as the number is opted out, checked before
   * every part: a STOP may land between two of them.
   */
  deliver(
    phone: string,
    messages: OutboundMessage[],
    locale: SmsLocale,
    options?: DeliverOptions,
  ): Promise<string[]>;
}

// Twilio refuses a number that texted STOP to it, whatever the channel knows.
const UNSUBSCRIBED = 21610;

export function createSmsOutbox(deps: {
  sender: SmsSender;
  store: SmsStore;
  consent: SmsConsent;
  log: FastifyBaseLogger;
  ref: (phone: string) => string;
  maxSegments?: number;
  /** Sees each status as recorded: a callback may have come before the send's own record. */
  onStatus?: (recorded: RecordedStatus) => void;
}): SmsOutbox {
  const { sender, store, consent, log, ref } = deps;
  return {
    async deliver(phone, messages, locale, options = {}) {
      if (!options.keepChoices) {
        // Remembered before sending, so a quick "2" reaching another replica already finds them.
        const choices = messages.findLast((message) => message.choices?.length)?.choices ?? null;
        await store.rememberChoices(phone, choices);
      }
      const sids: string[] = [];
      for (const message of messages) {
        for (const part of splitSms(renderSms(message, locale), { maxSegments: deps.maxSegments })) {
          if (await consent.isOptedOut(phone)) {
            log.info({ phone: ref(phone), sent: sids.length }, 'sms not sent: the number is opted out');
            return sids;
          }
          try {
            const sent = await sender.send(phone, part);
            const recorded = await store.recordStatus({
              sid: sent.sid,
              to: phone,
              status: sent.status,
              reportDelivery: options.reportDelivery === true && sids.length === 0,
            });
            deps.onStatus?.(recorded);
            sids.push(sent.sid);
          } catch (error) {
            if ((error as { code?: unknown }).code !== UNSUBSCRIBED) throw error;
            log.warn(
              { phone: ref(phone), code: UNSUBSCRIBED },
              'sms not sent: Twilio has the number unsubscribed',
            );
            return sids;
          }
        }
      }
      return sids;
    },
  };
}
