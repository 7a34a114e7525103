/**
 * What a professional asks of their own calendar, in English and Spanish:
 * see a day, their next patient, block time, approve or decline requests.
 * Kept apart from the patient intents so that patient conversations read
 * exactly as before. Matched on plainText (folded, no punctuation).
 */
import { plainText } from './normalize-text';

/**
 * @example
 * const request: ProfessionalRequest = 'decline'; // "decline the 10:00 request because I'm away"
 */
export type ProfessionalRequest = 'schedule' | 'next_patient' | 'block' | 'approve' | 'decline';

// Strongest first: "decline the pending request" is a decision, not a listing.
const PATTERNS: ReadonlyArray<[ProfessionalRequest, RegExp]> = [
  ['decline', /\b(?:decline|declining|reject|rejecting|refuse|deny|turn down)\b|\b(?:rechaz|deneg|deniega)\w*/],
  ['approve', /\b(?:approve|approving|accept|accepting|confirm all|ok all)\b|\b(?:aprueb|aprob|acept)\w*|\bconfirma(?:r|las|los|la|lo)? (?:todas|todos|las|los|la|el)\b/],
  ['block', /\b(?:block|blocking|close|closing|blank out|black out|keep \w+ free|mark \w+ as busy)\b|\b(?:bloque|cierr|cerrar)\w*|\breserva(?:me)? \w+ libre\b/],
  [
    'next_patient',
    /\bnext (?:patient|client|appointment|one)\b|\bwhos next\b|\bwho is next\b|\b(?:proximo|siguiente) (?:paciente|cliente|cita)\b|\bquien (?:es el siguiente|viene ahora|es el proximo|me toca)\b/,
  ],
  [
    'schedule',
    /\bwhats on\b|\bwhat is on\b|\bwhat do i have\b|\bwhats (?:my|the) (?:day|schedule|agenda)\b|\bmy (?:schedule|agenda|calendar|diary|day)\b|\bwho (?:am i seeing|do i see|is coming|comes)\b|\b(?:pending|waiting) requests?\b|\brequests? (?:pending|waiting)\b|\bwhats pending\b|\bque tengo\b|\bmi (?:agenda|calendario|dia)\b|\bquien (?:viene|tengo)\b|\b(?:que|cuantas) (?:citas|solicitudes)\b|\b(?:solicitudes|citas) pendientes\b|\bque (?:hay|queda) pendiente\b/,
  ],
];

/**
 * The calendar request a professional's message makes, or null when it
 * makes none (a greeting, a question, an answer to a question).
 *
 * @example
 * readProfessionalRequest("what's on tomorrow?") // => 'schedule'
 * readProfessionalRequest('bloquea el viernes por la tarde') // => 'block'
 * readProfessionalRequest('approve all pending for tomorrow') // => 'approve'
 */
export function readProfessionalRequest(text: string): ProfessionalRequest | null {
  const plain = plainText(text);
  return PATTERNS.find(([, pattern]) => pattern.test(plain))?.[0] ?? null;
}

const ALL = /\b(?:all|every|everything|both|everyone|all of them|todas|todos|ambas|ambos)\b/;
const PLURAL = /\b(?:requests|ones|appointments|pending ones|solicitudes|pendientes|citas|peticiones)\b/;

/**
 * Whether a decision is about every matching request rather than one.
 *
 * @example
 * meansEveryRequest('approve all pending for tomorrow') // => true
 * meansEveryRequest('aprueba las solicitudes de mañana') // => true
 * meansEveryRequest('approve the 10:00 request') // => false
 */
export function meansEveryRequest(text: string): boolean {
  const plain = plainText(text);
  return ALL.test(plain) || PLURAL.test(plain);
}

const PENDING_ONLY = /\b(?:pending|waiting|requests?|undecided|pendientes?|solicitud(?:es)?|por (?:aprobar|decidir))\b/;

/**
 * Whether a schedule question asks only for the requests waiting for a decision.
 *
 * @example
 * asksForPendingOnly("what's pending this week?") // => true
 * asksForPendingOnly("what's on tomorrow?") // => false
 */
export function asksForPendingOnly(text: string): boolean {
  return PENDING_ONLY.test(plainText(text));
}

// "decline the 10:00 because I'm away on Friday": Friday is the reason, not the request's day.
const REASON_START = /\s(?:because|since|as i|as we|porque|ya que|pues)\s/i;

/**
 * The part of a message before its reason, where the day and time of the request are.
 *
 * @example
 * withoutReason("decline the 10:00 because I'm away on Friday") // => 'decline the 10:00'
 */
export function withoutReason(text: string): string {
  const match = REASON_START.exec(` ${text} `);
  return match === null ? text : ` ${text} `.slice(1, match.index);
}
