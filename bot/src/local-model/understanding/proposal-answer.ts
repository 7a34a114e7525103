/**
 * A patient answering other times a professional proposed: the proposal
 * reached them as a notification, outside the conversation, so the answer
 * comes with no question before it ("yes, the 11:00 works").
 */
import { foldText, plainText } from './normalize-text';
import { parseClockTime } from './parse-clock-time';
import { parseYesNo } from './parse-yes-no';

const PROPOSAL_WORDS =
  /\b(?:proposed|proposal|proposals|suggested|new times?|other times?|alternative times?|propuest[ao]s?|propone|proponen|propuso|sugerid[ao]s?|otras horas)\b/;
const WORKS =
  /\b(?:works|work for me|suits me|is fine|fine|is good|good for me|is ok|im in|me va bien|me viene bien|me sirve|me vale|me encaja|perfecto)\b/;

/**
 * 'explicit' names the proposal ("accept the proposed time", "acepto la hora
 * propuesta") and may interrupt anything; 'implicit' only picks a time with
 * a yes ("yes, the 11:00 works"), which is a proposal answer only when the
 * assistant asked nothing itself. Null otherwise.
 *
 * @example
 * readProposalAnswer('accept the proposed time') // => 'explicit'
 * readProposalAnswer('yes, the 11:00 works') // => 'implicit'
 * readProposalAnswer('sí, la de las 11 me va bien') // => 'implicit'
 * readProposalAnswer('book me at 11:00') // => null
 */
export function readProposalAnswer(text: string): 'explicit' | 'implicit' | null {
  const plain = plainText(text);
  if (PROPOSAL_WORDS.test(plain) && (parseYesNo(text) !== 'no' || /\bacept/.test(plain))) return 'explicit';
  const names = parseClockTime(text) !== null || /\b(?:first|second|last|primera|segunda|ultima)\b/.test(foldText(text));
  if (names && (parseYesNo(text) === 'yes' || WORKS.test(plain))) return 'implicit';
  return null;
}
