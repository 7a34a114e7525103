import type { ActionSummary, Choice, OutboundMessage, Regarding } from '../turn';
import { answerOf, keysOf, regardingOf } from '../sms/answered-choice';
import { whatsappLimits as limits, type GraphMessageBody, type InteractiveBody } from './graph-types';
import { plainText, splitText, toWhatsappMarkup, truncate, uniqueTitles } from './whatsapp-text';
import { wordsFor, type WhatsappLocale } from './whatsapp-words';

/** A choice as sent: the opaque id on the button or row, and what it stands for. */
export interface SentChoice {
  id: string;
  /** 1-based, as a typed "2" refers to it. */
  position: number;
  label: string;
  value: string;
  /** Said by the channel itself when it is picked, with no assistant turn. */
  answer?: string;
  /** The appointment the message offering it was about (a reminder's). */
  about?: Regarding;
  /** The letter that picks it when typed (a reminder's "C"), besides its position. */
  key?: string;
}

export interface BuiltMessage {
  body: GraphMessageBody;
  /** Set on the interactive message that carries the choices. */
  choices?: SentChoice[];
}

export interface BuildOptions {
  locale: WhatsappLocale;
  /** A fresh short id for a button or row; the value stays on our side. */
  newId: () => string;
}

/**
 * The assistant's message as Cloud API messages, within WhatsApp's limits
 * whatever the input: text split at 4096 characters; up to three choices as
 * reply buttons, four to ten as a list, more as the first ten rows with a
 * footer saying more can be asked for; a summary as lines of facts with its
 * choices under it.
 */
export function buildWhatsappMessages(message: OutboundMessage, options: BuildOptions): BuiltMessage[] {
  const text = message.summary ? summaryText(message.summary) : toWhatsappMarkup(message.text).trim();
  const choices = (message.choices ?? []).filter((choice) => choice.label.trim() || choice.value.trim());
  if (choices.length === 0) return splitText(text, limits.text).map((part) => ({ body: textBody(part) }));

  const words = wordsFor(options.locale);
  // An interactive body holds 1024 characters; a longer text goes first on its own, and the
  // choices follow under the question (or a plain "Choose one:").
  const fits = text.length > 0 && text.length <= limits.body;
  const preface = fits ? [] : splitText(text, limits.text).map((part) => ({ body: textBody(part) }));
  const body = fits ? text : truncate(message.summary?.question || words.chooseOne, limits.body);

  const shown = choices.slice(0, limits.rows);
  const sent = shown.map((choice, index) => sentChoice(choice, index, options.newId));
  const interactive =
    shown.length <= limits.buttons
      ? buttons(body, sent)
      : list(body, sent, {
          button: truncate(words.listButton, limits.listButton),
          section: truncate(words.listSection, limits.sectionTitle),
          footer:
            choices.length > shown.length
              ? truncate(words.moreOnRequest(shown.length, choices.length), limits.footer)
              : undefined,
        });
  return [...preface, { body: interactive, choices: sent }];
}

/** Title, one "label: value" line per fact, and the question, as the SMS channel lays it out. */
export function summaryText(summary: ActionSummary): string {
  return [
    `*${summary.title.trim()}*`,
    ...summary.facts.map((fact) => `${fact.label}: ${fact.value}`),
    '',
    summary.question,
  ]
    .join('\n')
    .trim();
}

export function sentChoice(choice: Choice, index: number, newId: () => string): SentChoice {
  const answer = answerOf(choice);
  const about = regardingOf([choice]);
  const key = keysOf([choice])?.[0];
  return {
    id: newId(),
    position: index + 1,
    label: choice.label.trim() || choice.value,
    value: choice.value.trim() || choice.label,
    ...(answer ? { answer } : {}),
    ...(about ? { about } : {}),
    ...(key ? { key } : {}),
  };
}

function textBody(text: string): GraphMessageBody {
  return { type: 'text', text: { body: text } };
}

function buttons(body: string, choices: SentChoice[]): InteractiveBody {
  const titles = uniqueTitles(
    choices.map((choice) => choice.label),
    limits.buttonTitle,
  );
  return {
    type: 'interactive',
    interactive: {
      type: 'button',
      body: { text: body },
      action: {
        buttons: choices.map((choice, index) => ({
          type: 'reply',
          reply: { id: choice.id, title: titles[index]! },
        })),
      },
    },
  };
}

function list(
  body: string,
  choices: SentChoice[],
  words: { button: string; section: string; footer: string | undefined },
): InteractiveBody {
  const titles = uniqueTitles(
    choices.map((choice) => choice.label),
    limits.rowTitle,
  );
  return {
    type: 'interactive',
    interactive: {
      type: 'list',
      body: { text: body },
      ...(words.footer ? { footer: { text: words.footer } } : {}),
      action: {
        button: words.button,
        sections: [
          {
            title: words.section,
            rows: choices.map((choice, index) => {
              const title = titles[index]!;
              // A cut title keeps the whole label where the list has room for it.
              const whole = truncate(plainText(choice.label), limits.rowDescription);
              return { id: choice.id, title, ...(whole !== title ? { description: whole } : {}) };
            }),
          },
        ],
      },
    },
  };
}
