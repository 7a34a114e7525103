import type { FastifyBaseLogger } from 'fastify';
import type { TurnHandler } from '../turn';
import { keywordOf, type SmsKeyword } from './sms-keywords';
import type { SmsConsent, SmsOutbox } from './sms-outbox';
import { answerOf, regardingOf } from './answered-choice';
import { pickedChoice } from './sms-render';
import type { InboundSms } from './sms-routes';
import type { SmsContact, SmsStore } from './sms-store';
import { detectLocale, toSmsLocale, wordsFor, type SmsLocale } from './sms-words';
import { phoneForms, redactError } from './log-safety';

export interface SmsConversationDeps {
  store: SmsStore;
  consent: SmsConsent;
  outbox: SmsOutbox;
  handleTurn: TurnHandler;
  log: FastifyBaseLogger;
  ref: (phone: string) => string;
  defaultLocale: SmsLocale;
  serviceName: () => Promise<string>;
}

/**
 * One incoming SMS, start to finish: carrier keywords first, then the
 * assistant's turn with a "2" turned into the choice it picks, then the
 * replies. Logs name the number by reference and never quote the text.
 */
export function createSmsConversation(deps: SmsConversationDeps) {
  const { store, consent, outbox, log, ref } = deps;

  async function answerKeyword(phone: string, keyword: SmsKeyword, locale: SmsLocale): Promise<boolean> {
    if (keyword.kind === 'stop' || keyword.kind === 'start') {
      // Twilio's own opt-out handling sends the confirmation carriers require; a second one would be noise.
      await consent.record(phone, keyword.kind);
      log.info({ phone: ref(phone), keyword: keyword.kind }, 'sms consent keyword recorded');
      return true;
    }
    const optedOut = await consent.isOptedOut(phone);
    if (keyword.kind === 'optIn') {
      if (!optedOut) return false;
      await consent.record(phone, 'start');
      log.info({ phone: ref(phone), keyword: 'start' }, 'sms consent keyword recorded');
      return true;
    }
    if (!optedOut)
      await outbox.deliver(phone, [{ text: wordsFor(locale).help(await deps.serviceName()) }], locale, {
        keepChoices: true,
      });
    return true;
  }

  async function answerTurn(
    inbound: InboundSms,
    contact: SmsContact,
    locale: { known: SmsLocale | undefined; words: SmsLocale },
  ) {
    const phone = inbound.from;
    if (await consent.isOptedOut(phone)) {
      // Nothing could be sent back, and an unseen reply must not act on the patient's behalf.
      log.info(
        { phone: ref(phone), messageSid: inbound.messageSid },
        'sms from an opted-out number left unanswered',
      );
      return;
    }
    const text = inbound.text.trim();
    if (!text) return;
    const picked = pickedChoice(text, contact.choices);
    // A reminder's answer, or words instead of one while its answers are on offer, are about its appointment.
    const regarding = regardingOf(picked ? [picked] : contact.choices);
    try {
      const answer = answerOf(picked);
      if (answer) {
        // A reminder's "Confirm": thanked at once, no turn. The choices stay, so "2" still cancels later,
        // but words written afterwards are no longer an answer to the reminder.
        await outbox.deliver(phone, [{ text: answer }], locale.words, { keepChoices: true });
        await store.forgetAbout(phone);
        log.info({ phone: ref(phone), messageSid: inbound.messageSid }, 'sms choice answered without a turn');
        return;
      }
      const replies = await deps.handleTurn({
        channel: 'sms',
        conversationId: phone,
        senderId: phone,
        text: picked?.value ?? text,
        messageId: inbound.messageSid,
        ...(locale.known ? { locale: locale.known } : {}),
        ...(regarding ? { regarding } : {}),
      });
      await outbox.deliver(phone, replies, locale.words);
    } catch (error) {
      log.error(
        {
          error: redactError(error, [...phoneForms(phone), text, ...(regarding ? [regarding.description] : [])]),
          phone: ref(phone),
          messageSid: inbound.messageSid,
        },
        'sms turn failed',
      );
      await outbox
        .deliver(phone, [{ text: wordsFor(locale.words).failed }], locale.words, { keepChoices: true })
        .catch((sendError: unknown) => {
          log.error(
            { error: redactError(sendError, phoneForms(phone)), phone: ref(phone) },
            'sms apology not sent',
          );
        });
    }
  }

  return {
    async handle(inbound: InboundSms): Promise<void> {
      const phone = inbound.from;
      try {
        const contact = await store.contact(phone);
        const keyword = keywordOf(inbound.text);
        // "help" or "stop" are the carriers' words, whatever the patient's language; only AYUDA tells.
        const detected = keyword
          ? keyword.kind === 'help'
            ? keyword.locale
            : undefined
          : detectLocale(inbound.text);
        if (detected && detected !== contact.locale) await store.rememberLocale(phone, detected);
        const known = detected ?? toSmsLocale(contact.locale);
        const words = known ?? deps.defaultLocale;
        if (keyword && (await answerKeyword(phone, keyword, words))) return;
        await answerTurn(inbound, contact, { known, words });
      } catch (error) {
        // A keyword not recorded or a store down: no apology (it may be a STOP), only the log.
        log.error(
          {
            error: redactError(error, [...phoneForms(phone), inbound.text]),
            phone: ref(phone),
            messageSid: inbound.messageSid,
          },
          'sms message not handled',
        );
      } finally {
        await store.markHandled(inbound.messageSid).catch(() => undefined);
      }
    },
  };
}
