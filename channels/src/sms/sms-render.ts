import type { Choice, OutboundMessage } from '../turn';
import { wordsFor, type SmsLocale } from './sms-words';

/**
 * The assistant's message as SMS text: a confirmation summary as lines of
 * facts, choices as a numbered list with "Reply 1, 2 or 3" under it.
 */
export function renderSms(message: OutboundMessage, locale: SmsLocale): string {
  const summary = message.summary;
  const body = summary
    ? [
        summary.title,
        ...summary.facts.map((fact) => `${fact.label}: ${fact.value}`),
        '',
        summary.question,
      ].join('\n')
    : plainText(message.text);
  const choices = message.choices ?? [];
  if (choices.length === 0) return body.trim();
  // The assistant often lists the choices itself, numbered in the same order: an SMS says it once.
  const list = alreadyNumbered(body, choices) ? '' : choices.map((choice, index) => `${index + 1}. ${plainText(choice.label)}`).join('\n');
  return [body.trim(), list, wordsFor(locale).replyWith(choices.length)].filter(Boolean).join('\n\n');
}

/** The value of the choice a reply such as "2", "2.", " 2 " or "#2" picks, if it picks one. */
export function pickChoice(text: string, choices: Choice[] | undefined): string | undefined {
  return pickedChoice(text, choices)?.value;
}

/** The choice itself (with the answer it may carry) that such a reply picks. */
export function pickedChoice(text: string, choices: Choice[] | undefined): Choice | undefined {
  const match = /^\s*#?\s*(\d{1,2})\s*[.)]?\s*$/.exec(text);
  if (!match || !choices) return undefined;
  return choices[Number(match[1]) - 1];
}

/**
 * Models write markdown, which a phone shows as asterisks and brackets: keep
 * the words, and a link as "label (url)".
 */
export function plainText(text: string): string {
  return text
    .replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, (_, label: string, url: string) =>
      label === url ? url : `${label} (${url})`,
    )
    .replace(/(\*\*|__)(\S(?:.*?\S)?)\1/g, '$2')
    .replace(/(^|[\s(])[*_](\S(?:.*?\S)?)[*_](?=$|[\s).,!?:;])/gm, '$1$2')
    .replace(/^#{1,6}\s+/gm, '')
    .replace(/^\s*[*-]\s+/gm, '- ')
    .replace(/`([^`]+)`/g, '$1');
}

function alreadyNumbered(body: string, choices: Choice[]): boolean {
  return choices.every((choice, index) => body.includes(`${index + 1}. ${plainText(choice.label)}`));
}
