import type { Choice, Regarding } from '../turn';

/**
 * A choice the channel answers itself when it is picked, with no assistant
 * turn: a reminder's "Confirm" needs a thank-you, not a model. The answer is
 * kept with the choice (SMS and WhatsApp both remember what they offered), so
 * whichever replica the reply reaches can say it. `about` names the
 * appointment the offering message was about, so that a reply in the
 * patient's own words instead of a choice still reaches the assistant with it.
 */
export interface AnsweredChoice extends Choice {
  answer?: string;
  about?: Regarding;
  /** A letter that picks it where answers are typed ("Reply C to confirm"); a number still does. */
  key?: string;
}

/** The answer a picked choice carries, if any. */
export function answerOf(choice: Choice | undefined): string | undefined {
  const answer = (choice as AnsweredChoice | undefined)?.answer;
  return typeof answer === 'string' && answer.trim() ? answer : undefined;
}

/** What the choices still on offer were about (a reminder's appointment), if they say. */
export function regardingOf(choices: Choice[] | undefined): Regarding | undefined {
  const about = (choices as AnsweredChoice[] | undefined)?.find((choice) => choice.about)?.about;
  return about && typeof about.appointmentId === 'string' && typeof about.description === 'string' ? about : undefined;
}

/** The letter of each choice, when every one has its own single letter; otherwise they are numbered. */
export function keysOf(choices: Choice[]): string[] | undefined {
  const keys = (choices as AnsweredChoice[]).map((choice) => (typeof choice.key === 'string' ? choice.key.trim().toUpperCase() : ''));
  if (keys.some((key) => !/^\p{L}$/u.test(key)) || new Set(keys).size !== keys.length) return undefined;
  return keys;
}

/**
 * What a typed answer names, on SMS and WhatsApp alike: a place in the list ("2", "2.", "#2") or
 * a letter ("c", "X."); anything longer is the patient's words.
 */
export function typedAnswer(text: string): { position: number } | { key: string } | undefined {
  const number = /^\s*#?\s*(\d{1,2})\s*[.)!]?\s*$/.exec(text);
  if (number) return { position: Number(number[1]) };
  const letter = /^\s*(\p{L})\s*[.)!]?\s*$/u.exec(text);
  return letter ? { key: letter[1]!.toUpperCase() } : undefined;
}
