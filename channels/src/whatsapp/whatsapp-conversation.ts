import type { FastifyBaseLogger } from 'fastify';
import { typedAnswer } from '../sms/answered-choice';
import { phoneForms, redactError } from '../sms/log-safety';
import type { MediaHandler, Regarding, TurnHandler } from '../turn';
import type { GraphMedia } from './graph-media';
import { consentKeywordOf } from './whatsapp-keywords';
import type { WhatsappConsent, WhatsappOutbox } from './whatsapp-outbox';
import type { StoredChoice, WhatsappStore } from './whatsapp-store';
import type { InboundWhatsapp } from './whatsapp-webhook-payload';
import { detectLocale, toWhatsappLocale, wordsFor, type WhatsappLocale } from './whatsapp-words';

export interface WhatsappConversationDeps {
  store: WhatsappStore;
  consent: WhatsappConsent;
  outbox: WhatsappOutbox;
  handleTurn: TurnHandler;
  log: FastifyBaseLogger;
  ref: (phone: string) => string;
  defaultLocale: WhatsappLocale;
  /** Images and documents go to the host when it takes them; otherwise the patient is told files are not read yet. */
  media?: { fetcher: GraphMedia; handle: MediaHandler };
}

/** "2", "2.", " 2 ", "#2": a typed pick from the last choices sent. */

/**
 * One incoming WhatsApp message, start to finish: consent keywords first,
 * then files and other kinds the channel cannot read yet, then the
 * assistant's turn with a tapped button, row or typed number turned into the
 * value of the choice it picks, then the replies. Logs name the number by
 * reference and never quote the text.
 */
export function createWhatsappConversation(deps: WhatsappConversationDeps) {
  const { store, consent, outbox, log, ref } = deps;

  async function answerKeyword(phone: string, keyword: 'stop' | 'start', locale: WhatsappLocale) {
    const words = wordsFor(locale);
    // No carrier confirms a WhatsApp opt-out: the channel does, while the number may still be written to.
    if (keyword === 'stop') await say(phone, words.stopped, locale);
    await consent.record(phone, keyword);
    log.info({ phone: ref(phone), keyword }, 'whatsapp consent keyword recorded');
    if (keyword === 'start') await say(phone, words.started, locale);
  }

  async function say(phone: string, text: string, locale: WhatsappLocale) {
    await outbox
      .deliver(phone, [{ text }], locale, { reply: true, keepChoices: true })
      .catch((error: unknown) => {
        log.error(
          { error: redactError(error, phoneForms(phone)), phone: ref(phone) },
          'whatsapp notice not sent',
        );
      });
  }

  /**
   * What the assistant is handed: the value behind a tapped or typed choice, else the words; or,
   * for a choice that carries its own answer, that answer, said with no turn at all.
   */
  async function turnText(inbound: InboundWhatsapp): Promise<{ text?: string; answer?: string; regarding?: Regarding }> {
    const asTurn = (picked: StoredChoice) => ({
      text: picked.value,
      ...(picked.answer ? { answer: picked.answer } : {}),
      ...(picked.about ? { regarding: picked.about } : {}),
    });
    if (inbound.kind === 'choice') {
      const picked = inbound.choiceId ? await store.choiceById(inbound.phone, inbound.choiceId) : undefined;
      return picked ? asTurn(picked) : { text: inbound.choiceText };
    }
    const text = inbound.text?.trim();
    if (!text) return {};
    const typed = typedAnswer(text);
    const picked = !typed
      ? undefined
      : 'position' in typed
        ? await store.choiceAt(inbound.phone, typed.position)
        : await store.choiceByKey(inbound.phone, typed.key);
    if (picked) return asTurn(picked);
    // Words instead of a button, while a reminder's buttons are on offer, are about its appointment.
    const regarding = await store.regarding(inbound.phone);
    return { text, ...(regarding ? { regarding } : {}) };
  }

  async function answerTurn(
    inbound: InboundWhatsapp,
    locale: { known?: WhatsappLocale; words: WhatsappLocale },
  ) {
    const phone = inbound.phone;
    const { text, answer, regarding } = await turnText(inbound);
    if (answer) {
      // A reminder's "Confirm": thanked at once, no turn. The choices stay, so "Cancel" can still be tapped,
      // but words written afterwards are no longer an answer to the reminder.
      log.info({ phone: ref(phone), messageId: inbound.id }, 'whatsapp choice answered without a turn');
      await say(phone, answer, locale.words);
      return store.forgetAbout(phone);
    }
    if (!text) return;
    try {
      const replies = await deps.handleTurn({
        channel: 'whatsapp',
        conversationId: phone,
        senderId: phone,
        text,
        messageId: inbound.id,
        ...(locale.known ? { locale: locale.known } : {}),
        ...(regarding ? { regarding } : {}),
      });
      await outbox.deliver(phone, replies, locale.words, { reply: true });
    } catch (error) {
      log.error(
        {
          error: redactError(error, [...phoneForms(phone), text, inbound.text ?? '', ...(regarding ? [regarding.description] : [])]),
          phone: ref(phone),
          messageId: inbound.id,
        },
        'whatsapp turn failed',
      );
      await say(phone, wordsFor(locale.words).failed, locale.words);
    }
  }

  /** Fetches the file from the Graph API and hands the bytes to the host; its replies go back like a turn's. */
  async function answerMedia(inbound: InboundWhatsapp & { media: NonNullable<InboundWhatsapp['media']> }, locale: { known?: WhatsappLocale; words: WhatsappLocale }) {
    const phone = inbound.phone;
    try {
      const fetched = await deps.media!.fetcher.fetch(inbound.media.id);
      const replies = await deps.media!.handle({
        channel: 'whatsapp',
        conversationId: phone,
        senderId: phone,
        messageId: inbound.id,
        kind: inbound.media.type,
        contentType: fetched.mimeType,
        content: fetched.content,
        ...(inbound.media.filename ? { filename: inbound.media.filename } : {}),
        ...(inbound.media.caption ? { caption: inbound.media.caption } : {}),
        ...(locale.known ? { locale: locale.known } : {}),
      });
      await outbox.deliver(phone, replies, locale.words, { reply: true });
    } catch (error) {
      // Neither the bytes nor the media URL are logged: both would hand the file to whoever reads the log.
      log.error(
        { error: redactError(error, phoneForms(phone)), phone: ref(phone), messageId: inbound.id },
        'whatsapp file not handled',
      );
      await say(phone, wordsFor(locale.words).fileNotReceived, locale.words);
    }
  }

  return {
    async handle(inbound: InboundWhatsapp): Promise<void> {
      const phone = inbound.phone;
      try {
        if (inbound.kind === 'ignored') return;
        const stored = toWhatsappLocale(await store.locale(phone));
        const keyword = inbound.kind === 'text' ? consentKeywordOf(inbound.text ?? '') : undefined;
        // STOP and START are the same words in both languages: they tell nothing.
        const detected = inbound.kind === 'text' && !keyword ? detectLocale(inbound.text ?? '') : undefined;
        if (detected && detected !== stored) await store.rememberLocale(phone, detected);
        const known = detected ?? stored;
        const words = known ?? deps.defaultLocale;
        if (keyword) return await answerKeyword(phone, keyword, words);
        if (await consent.isOptedOut(phone)) {
          // Nothing could be sent back, and an unseen reply must not act on the patient's behalf.
          log.info(
            { phone: ref(phone), messageId: inbound.id },
            'whatsapp from an opted-out number left unanswered',
          );
          return;
        }
        if (inbound.kind === 'file' && inbound.media && deps.media) {
          return await answerMedia({ ...inbound, media: inbound.media }, { ...(known ? { known } : {}), words });
        }
        if (inbound.kind === 'file') return await say(phone, wordsFor(words).filesNotYet, words);
        if (inbound.kind === 'other') return await say(phone, wordsFor(words).textOnly, words);
        await answerTurn(inbound, { ...(known ? { known } : {}), words });
      } catch (error) {
        // A keyword not recorded or a store down: no apology (it may be a STOP), only the log.
        log.error(
          {
            error: redactError(error, [...phoneForms(phone), inbound.text ?? '']),
            phone: ref(phone),
            messageId: inbound.id,
          },
          'whatsapp message not handled',
        );
      } finally {
        await store.markHandled(inbound.id).catch(() => undefined);
      }
    },
  };
}
