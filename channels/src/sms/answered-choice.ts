import type { Choice } from '../turn';

/**
 * A choice the channel answers itself when it is picked, with no assistant
 * turn: a reminder's "Confirm" needs a thank-you, not a model. The answer is
 * kept with the choice (SMS and WhatsApp both remember what they offered), so
 * whichever replica the reply reaches can say it.
 */
export interface AnsweredChoice extends Choice {
  answer?: string;
}

/** The answer a picked choice carries, if any. */
export function answerOf(choice: Choice | undefined): string | undefined {
  const answer = (choice as AnsweredChoice | undefined)?.answer;
  return typeof answer === 'string' && answer.trim() ? answer : undefined;
}
