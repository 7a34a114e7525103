/**
 * What reading a user message can do to the conversation: start a task,
 * set a side reply, stop, or answer a question asked in the middle of a task.
 * Shared by the patient and the professional routing.
 */
import type { ConversationState } from './conversation-state';
import { splitMoveRequest } from './identify-appointment';
import { newTask, type Task, type TaskKind } from './tasks';
import { parseDateTime, parseYesNo, type Intent } from './understanding/index';
import { withoutReason } from './understanding/professional-requests';

export type SideReply =
  | 'greeting'
  | 'thanks'
  | 'attending'
  | 'advice'
  | 'off-topic'
  | 'rephrase'
  | 'injection'
  | 'stopped'
  | 'anything-else';

/** How sure an intent must be to interrupt what the conversation is doing. */
export const SURE = 0.85;
const HANDOFF_CONTEXT = 3;

export function askAside(state: ConversationState, text: string): void {
  state.suspended = state.task;
  state.task = newTask('question', [text]);
}

export function side(state: ConversationState, reply: SideReply): void {
  state.side = reply;
}

export function abandon(state: ConversationState): void {
  keepBooking(state);
  state.task = null;
  state.side = 'stopped';
}

export function keepBooking(state: ConversationState): void {
  if (state.task?.kind === 'book') state.lastBooking = state.task;
}

export function startTask(state: ConversationState, kind: TaskKind, text: string): void {
  keepBooking(state);
  state.task = createTask(state, kind, text);
}

function createTask(state: ConversationState, kind: TaskKind, text: string): Task {
  const clock = { now: state.context.now, timeZone: state.context.timeZone, locale: state.locale };
  if (kind === 'book') return newTask('book', [text], parseDateTime(text, clock) ?? {});
  if (kind === 'reschedule') {
    const wanted = splitMoveRequest(text).wanted;
    return newTask('reschedule', [text], wanted === null ? {} : (parseDateTime(wanted, clock) ?? {}));
  }
  if (kind === 'waitlist') {
    const earlier = state.lastBooking;
    return newTask('waitlist', [...(earlier?.texts ?? []), text], parseDateTime(text, clock) ?? earlier?.request ?? {});
  }
  if (kind === 'handoff') return newTask('handoff', state.userTexts.slice(-HANDOFF_CONTEXT));
  // A professional names the day (and time) of what they mean before any reason they give.
  if (kind === 'schedule' || kind === 'block' || kind === 'decide') return newTask(kind, [text], parseDateTime(withoutReason(text), clock) ?? {});
  return newTask(kind, [text]);
}

/** Messages that get their own reply without ending the task. */
export function asideReply(intent: Intent, confidence: number, text: string): SideReply | null {
  if (confidence < SURE) return null;
  if (intent === 'advice') return 'advice';
  if (intent === 'greeting') return 'greeting';
  // "Thanks!" is not a time, a reason or a date of birth; "no thanks" still says no to the task.
  if (intent === 'thanks' && parseYesNo(text) !== 'no') return 'thanks';
  if (intent === 'off_topic') return 'off-topic';
  return null;
}

export function sideFor(intent: Intent, text: string): SideReply {
  if (intent === 'greeting') return 'greeting';
  if (intent === 'thanks') return parseYesNo(text) === 'no' ? 'anything-else' : 'thanks';
  if (intent === 'advice') return 'advice';
  if (intent === 'off_topic') return 'off-topic';
  if (parseYesNo(text) === 'no') return 'anything-else';
  return 'rephrase';
}
