/**
 * Consent keywords. WhatsApp has no carrier keywords, so the list is the
 * channel's own and narrower than Twilio's: CANCEL or END must reach the
 * assistant ("cancel" is how a patient answers a reminder), not unsubscribe.
 */
const stopWords = new Set(['STOP', 'STOPALL', 'UNSUBSCRIBE', 'BAJA']);
const startWords = new Set(['START', 'UNSTOP']);

/** The keyword a message is, if it is one: a single word, any case, a final "." or "!" ignored. */
export function consentKeywordOf(text: string): 'stop' | 'start' | undefined {
  const word = text
    .trim()
    .replace(/[.!]+$/, '')
    .trim()
    .toUpperCase();
  if (stopWords.has(word)) return 'stop';
  if (startWords.has(word)) return 'start';
  return undefined;
}
