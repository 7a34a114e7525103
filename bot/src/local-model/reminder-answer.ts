/**
 * A patient's own words answering a reminder of one appointment, when they
 * did not pick one of its answers: "can we do 4pm instead?" moves that
 * appointment, "I can't make it" cancels it, "yes, I'll be there" is thanked.
 * None of them asks which appointment is meant. Anything else (a question)
 * is read as any other message.
 */
import type { ConversationState } from './conversation-state';
import { splitMoveRequest } from './identify-appointment';
import { side, startTask, SURE } from './routing-actions';
import { parseDateTime, parseYesNo, type Intent } from './understanding/index';

export function answerReminder(state: ConversationState, text: string, intent: Intent, confidence: number): boolean {
  const appointmentId = state.regarding;
  if (appointmentId === null) return false;
  if (intent === 'cancel') {
    startTask(state, 'cancel', text);
    state.task!.appointmentId = appointmentId;
    return true;
  }
  const clock = { now: state.context.now, timeZone: state.context.timeZone, locale: state.locale };
  const wanted = parseDateTime(splitMoveRequest(text).wanted ?? text, clock);
  const namesTime = wanted !== null && (wanted.from !== undefined || wanted.time !== undefined || wanted.partOfDay !== undefined || wanted.earliest === true);
  const asksSomethingElse = intent === 'question' && confidence >= SURE;
  if (intent === 'reschedule' || (namesTime && !asksSomethingElse)) {
    startTask(state, 'reschedule', text);
    state.task!.appointmentId = appointmentId;
    // "4pm instead" has no "to" before the time: the whole message is the new time.
    if (namesTime) state.task!.request = wanted;
    return true;
  }
  if (parseYesNo(text) === 'yes') {
    side(state, 'attending');
    return true;
  }
  return false;
}
