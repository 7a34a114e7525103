import type { SmsLocale } from './sms-words';

/**
 * The carrier keywords. `optIn` is YES: Twilio counts it as an opt-in, but a
 * patient says "yes" to "Shall I go ahead?" far more often, so it only means
 * START for a number that is opted out.
 */
export type SmsKeyword =
  { kind: 'stop' } | { kind: 'start' } | { kind: 'optIn' } | { kind: 'help'; locale?: SmsLocale };

// Twilio's default opt-out, opt-in and help words; its own blocking follows the same list,
// so a number it refuses to text is a number the channel records as opted out.
const stopWords = new Set(['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT']);
const startWords = new Set(['START', 'UNSTOP']);
const helpWords = new Map<string, SmsLocale | undefined>([
  ['HELP', undefined],
  ['INFO', undefined],
  ['AYUDA', 'es'],
]);

/** The keyword a message is, if it is one: a single word, any case, surrounding spaces and a final "." or "!" ignored. */
export function keywordOf(text: string): SmsKeyword | undefined {
  const word = text
    .trim()
    .replace(/[.!]+$/, '')
    .trim()
    .toUpperCase();
  if (stopWords.has(word)) return { kind: 'stop' };
  if (startWords.has(word)) return { kind: 'start' };
  if (word === 'YES') return { kind: 'optIn' };
  if (helpWords.has(word)) {
    const locale = helpWords.get(word);
    return locale ? { kind: 'help', locale } : { kind: 'help' };
  }
  return undefined;
}
