import type { Choice, OutboundMessage } from '../turn';
import { keysOf, typedAnswer } from './answered-choice';
import { wordsFor, type SmsLocale } from './sms-words';

/**
 * The assistant's message as SMS text: a confirmation summary as lines of
 * facts, choices as a numbered list with "Reply 1, 2 or 3" under it, or, when
 * they have letters (a reminder's), "Reply C to confirm, X to cancel or R to
 * reschedule".
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
  const keys = keysOf(choices);
  if (keys) return [body.trim(), wordsFor(locale).replyWithKeys(choices.map((choice, index) => ({ key: keys[index]!, label: plainText(choice.label) })))].join('\n\n');
  // The assistant often lists the choices itself, numbered in the same order: an SMS says it once.
  const list = alreadyNumbered(body, choices) ? '' : choices.map((choice, index) => `${index + 1}. ${plainText(choice.label)}`).join('\n');
  return [body.trim(), list, wordsFor(locale).replyWith(choices.length)].filter(Boolean).join('\n\n');
}

/** The value of the choice a reply such as "2", "2.", " 2 " or "#2" picks, if it picks one. */
export function pickChoice(text: string, choices: Choice[] | undefined): string | undefined {
  return pickedChoice(text, choices)?.value;
}

/** The choice itself (with the answer it may carry) that such a reply picks: by its number, or by its letter. */
export function pickedChoice(text: string, choices: Choice[] | undefined): Choice | undefined {
  const typed = typedAnswer(text);
  if (!choices || !typed) return undefined;
  if ('position' in typed) return choices[typed.position - 1];
  const keys = keysOf(choices);
  return keys ? choices[keys.indexOf(typed.key)] : undefined;
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
