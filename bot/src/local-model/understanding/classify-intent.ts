/**
 * Decides what the user wants from one message, without an LLM: weighted
 * phrase patterns in both languages, highest weight wins.
 */
import { INTENT_PATTERNS, INTENT_PRIORITY } from './intent-patterns';
import { mentionedSpecialties } from './match-specialty';
import { plainText } from './normalize-text';

/**
 * What a message asks for. 'advice' asks for a diagnosis, treatment,
 * medication or legal advice; 'question' asks about the organisation (prices,
 * parking, insurance, hours, preparation, policies); 'see_slots' asks what is
 * free without committing; 'book' wants an appointment.
 *
 * @example
 * const intent: Intent = 'see_slots'; // "what times are free on Friday?"
 */
export type Intent =
  | 'book'
  | 'see_slots'
  | 'reschedule'
  | 'cancel'
  | 'my_appointments'
  /** "Send me my confirmation": the PDF of an approved appointment. */
  | 'my_confirmation'
  | 'waitlist'
  | 'question'
  | 'handoff'
  | 'greeting'
  | 'thanks'
  | 'advice'
  | 'off_topic'
  | 'unknown';

/**
 * @example
 * const result: IntentResult = { intent: 'cancel', confidence: 0.95 };
 */
export interface IntentResult {
  intent: Intent;
  /** 0 for unknown; about 0.5 for a weak cue, 0.85–0.96 for an explicit phrase. */
  confidence: number;
}

const WANT =
  /\b(?:id like|i would like|i want|i need|im looking for|looking for|quiero|quisiera|necesito|busco|me gustaria)\b/;
const COURTESY_ONLY =
  /^(?:(?:hi|hello|hey|hola|buenas|buenos dias|good (?:morning|afternoon|evening)|thanks|thank you|gracias|muchas gracias|ok|vale|great|perfect|perfecto|genial|there|so much|a lot|very much)\s*)+$/;

/**
 * The intent of one user message and how sure the classifier is.
 *
 * @example
 * classifyIntent("Hi, I'd like a dermatology appointment next Tuesday morning") // => { intent: 'book', confidence: 0.9 }
 * classifyIntent('what should I take for my headache?') // => { intent: 'advice', confidence: 0.92 }
 * classifyIntent('¿aceptan mi seguro?') // => { intent: 'question', confidence: 0.88 }
 */
export function classifyIntent(text: string): IntentResult {
  const plain = plainText(text);
  if (plain === '') return { intent: 'unknown', confidence: 0 };
  const scores = new Map<Intent, number>();
  const raise = (intent: Intent, weight: number) =>
    scores.set(intent, Math.max(scores.get(intent) ?? 0, weight));

  for (const { intent, weight, patterns } of INTENT_PATTERNS) {
    if (patterns.some((pattern) => pattern.test(plain))) raise(intent, weight);
  }
  // "I need a physio" or "it's for a rash" name no appointment but are bookings,
  // and "a dermatology appointment" is surer than a bare "appointment".
  if (mentionedSpecialties(text).length > 0)
    raise('book', WANT.test(plain) ? 0.85 : scores.has('book') ? 0.75 : 0.5);
  // A message that is nothing but a greeting or thanks is sure of itself.
  if (COURTESY_ONLY.test(plain)) {
    if (scores.has('thanks')) raise('thanks', 0.9);
    else if (scores.has('greeting')) raise('greeting', 0.9);
  }

  let best: IntentResult = { intent: 'unknown', confidence: 0 };
  for (const intent of INTENT_PRIORITY) {
    const score = scores.get(intent) ?? 0;
    if (score > best.confidence) best = { intent, confidence: score };
  }
  return best;
}
