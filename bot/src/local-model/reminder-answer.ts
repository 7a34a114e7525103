/**
 * A patient's own words answering a reminder of one appointment, when they
 * did not pick one of its answers: "can we do 4pm instead?" moves that
 * appointment, "I can't make it" cancels it, "yes, I'll be there" is thanked.
 * None of them asks which appointment is meant. A request of another kind
 * ("show my appointments next week", "book a physio on Friday") and anything
 * unclear are read as any other message.
 */
import type { ConversationState } from './conversation-state';
import { splitMoveRequest } from './identify-appointment';
import { side, startTask, SURE } from './routing-actions';
import { parseDateTime, parseYesNo, type DateTimeRequest, type Intent } from './understanding/index';

// Words that offer another time rather than confirm this one.
const OFFERS_ANOTHER_TIME =
  /\b(instead|rather|change|move|another|other|earlier|later|how about|what about|can we|could we|can i|could i|en vez|en lugar|mejor|cambiar|mover|otra|otro|antes|despu[eé]s|m[aá]s tarde|m[aá]s pronto|podemos|podr[ií]amos|puedo)\b/i;
const KEEPS_IT =
  /\b(i'?ll be there|i will be there|see you|i'?ll come|i will come|i'?m coming|confirm(ed)?|all(i|í) estar[eé]|ah(i|í) estar[eé]|nos vemos|ir[eé]|confirmo)\b/i;
const DOES_NOT_CANCEL = /\b(don'?t|do not|no need to|not)\s+(cancel|anul)|\bno\s+(la\s+)?(canceles|anules|cancelar|anular)\b/i;

export function answerReminder(state: ConversationState, text: string, intent: Intent, confidence: number): boolean {
  const appointmentId = state.regarding;
  if (appointmentId === null) return false;
  const clock = { now: state.context.now, timeZone: state.context.timeZone, locale: state.locale };
  const wanted = parseDateTime(splitMoveRequest(text).wanted ?? text, clock);
  const namesTime = wanted !== null && (wanted.from !== undefined || wanted.time !== undefined || wanted.partOfDay !== undefined || wanted.earliest === true);
  // A confident request of another kind is that request, whatever time it names.
  const otherRequest = intent !== 'reschedule' && intent !== 'cancel' && intent !== 'unknown' && confidence >= SURE;

  if (intent === 'reschedule' || (namesTime && OFFERS_ANOTHER_TIME.test(text) && !otherRequest)) return move(state, text, appointmentId, namesTime ? wanted : null);
  const cancels = intent === 'cancel' && !DOES_NOT_CANCEL.test(text);
  if (cancels) {
    startTask(state, 'cancel', text);
    state.task!.appointmentId = appointmentId;
    return true;
  }
  if (parseYesNo(text) === 'yes' || KEEPS_IT.test(text) || DOES_NOT_CANCEL.test(text)) {
    side(state, 'attending');
    return true;
  }
  // A bare time ("Thursday at 10?") is a new time for it; one said with a request of another kind is that request.
  const timeOnly = intent === 'unknown' || intent === 'book' || intent === 'see_slots' || confidence < 0.5;
  if (namesTime && timeOnly && !otherRequest) return move(state, text, appointmentId, wanted);
  return false;
}

function move(state: ConversationState, text: string, appointmentId: string, wanted: DateTimeRequest | null): true {
  startTask(state, 'reschedule', text);
  state.task!.appointmentId = appointmentId;
  // "4pm instead" has no "to" before the time: the whole message is the new time.
  if (wanted !== null) state.task!.request = wanted;
  return true;
}
