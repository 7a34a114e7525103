import { randomBytes } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import { ChannelError } from '../channel-error';
import type { RecordedStatus } from '../sms/delivery-status';
import type { OutboundMessage } from '../turn';
import type { GraphMessageBody } from './graph-types';
import type { WhatsappSender } from './graph-sender';
import { buildWhatsappMessages, sentChoice, type BuiltMessage } from './whatsapp-builder';
import type { WhatsappStore } from './whatsapp-store';
import { chooseTemplate, templateBody, type WhatsappTemplates } from './whatsapp-templates';
import type { WhatsappLocale } from './whatsapp-words';

/**
 * Messaging consent, kept by the identity module (core-api's
 * `POST /api/v1/consents` with channel 'whatsapp'); the channel only reports
 * keywords and asks.
 */
export interface WhatsappConsent {
  record(phone: string, keyword: 'stop' | 'start'): Promise<void>;
  isOptedOut(phone: string): Promise<boolean>;
}

export interface DeliverOptions {
  /** An answer to a message the number just sent: inside the window by definition. */
  reply?: boolean;
  /** Without choices of its own, leave those a typed number refers to as they are (an apology, a keyword's answer). */
  keepChoices?: boolean;
  /** A notification's send: the outcome of its first message (the id the engine keeps) is reported on. */
  reportDelivery?: boolean;
}

export interface WhatsappOutbox {
  /**
   * Renders and sends the messages in order and returns the WhatsApp message
   * ids. Nothing goes to an opted-out number (checked before every message:
   * a STOP may land between two). Outside the 24-hour window only a template
   * goes, or the send is refused with `outside_window`.
   */
  deliver(
    phone: string,
    messages: OutboundMessage[],
    locale: WhatsappLocale,
    options?: DeliverOptions,
  ): Promise<string[]>;
}

export function createWhatsappOutbox(deps: {
  sender: WhatsappSender;
  store: WhatsappStore;
  consent: WhatsappConsent;
  log: FastifyBaseLogger;
  ref: (phone: string) => string;
  templates: WhatsappTemplates | undefined;
  windowSeconds: number;
  /** Sees each status as recorded: a webhook may have come before the send's own record. */
  onStatus?: (recorded: RecordedStatus) => void;
}): WhatsappOutbox {
  const { sender, store, consent, log, ref } = deps;
  const newId = () => `c${randomBytes(6).toString('base64url')}`;

  async function sendAll(phone: string, bodies: GraphMessageBody[], options: DeliverOptions): Promise<string[]> {
    const ids: string[] = [];
    for (const body of bodies) {
      if (await consent.isOptedOut(phone)) {
        log.info({ phone: ref(phone), sent: ids.length }, 'whatsapp not sent: the number is opted out');
        return ids;
      }
      const sent = await sender.send(phone, body);
      const recorded = await store.recordStatus({
        id: sent.id,
        to: phone,
        status: sent.status,
        reportDelivery: options.reportDelivery === true && ids.length === 0,
      });
      deps.onStatus?.(recorded);
      ids.push(sent.id);
    }
    return ids;
  }

  return {
    async deliver(phone, messages, locale, options = {}) {
      if (await consent.isOptedOut(phone)) {
        log.info({ phone: ref(phone) }, 'whatsapp not sent: the number is opted out');
        return [];
      }
      if (!options.reply && !(await store.windowOpen(phone, deps.windowSeconds))) {
        // The choices travel in the template's words as a numbered list, kept like any other set:
        // a typed "2", or a tap on the template's own quick replies, picks from them.
        const offered = messages.findLast((message) => message.choices?.length)?.choices ?? [];
        const choices = offered.slice(0, 10).map((choice, index) => sentChoice(choice, index, newId));
        const template = await chooseTemplate(deps.templates, { phone, messages, locale, choices });
        if (!template) {
          throw new ChannelError(
            409,
            'outside_window',
            'The number has not written in the last 24 hours and no approved template is configured for this message.',
          );
        }
        log.info(
          { phone: ref(phone), template: template.name },
          'whatsapp outside the window: template sent',
        );
        if (choices.length > 0 || !options.keepChoices) await store.rememberChoices(phone, choices.length ? [choices] : []);
        return sendAll(phone, [templateBody(template)], options);
      }
      const built: BuiltMessage[] = messages.flatMap((message) =>
        buildWhatsappMessages(message, { locale, newId }),
      );
      const sets = built.flatMap((message) => (message.choices ? [message.choices] : []));
      // Remembered before sending, so a quick tap reaching another replica already finds them.
      if (sets.length > 0 || !options.keepChoices) await store.rememberChoices(phone, sets);
      return sendAll(
        phone,
        built.map((message) => message.body),
        options,
      );
    },
  };
}
