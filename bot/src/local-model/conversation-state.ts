/**
 * Rebuilds where the conversation stands by replaying its events: each user
 * message is read as the answer to what the assistant was asking at that
 * point, each tool result is filed under the task that asked for it.
 */
import { mergeDirectory, type Professional } from './directory';
import type { PolicyOptions } from './policy-context';
import { routeUserMessage, type SideReply } from './route-user-message';
import type { Choice } from './steps';
import type { Task } from './tasks';
import type { AssistantContext, RecordedCall, Transcript } from './transcript';
import type { Locale } from './understanding/index';

// The graph asks the user to confirm these; the yes or no that follows is its answer, not a new request.
const CONFIRMED_SKILLS = new Set([
  'request_appointment', 'reschedule_appointment', 'cancel_appointment', 'decide_appointments', 'block_time', 'accept_proposed_time',
]);

export interface ConversationState {
  context: AssistantContext;
  locale: Locale;
  directory: Professional[];
  task: Task | null;
  /** The task a question interrupted, taken up again once the question is answered. */
  suspended: Task | null;
  /** The most recent booking, so "put me on the waiting list" knows for what. */
  lastBooking: Task | null;
  /** The reply the last user message needs when it is not a step of the task. */
  side: SideReply | null;
  /** Skill calls since the user last wrote, for the cap and the loop guard. */
  callsSinceUser: RecordedCall[];
  shownChoices: Choice[];
  userTexts: string[];
  /** The appointment of a reminder the next user message answers in their own words. */
  regarding: string | null;
}

export function buildState(transcript: Transcript, options: PolicyOptions): ConversationState {
  const { context } = transcript;
  const state: ConversationState = {
    context,
    locale: context.locale,
    directory: [],
    task: null,
    suspended: null,
    lastBooking: null,
    side: null,
    callsSinceUser: [],
    shownChoices: [],
    userTexts: [],
    regarding: null,
  };
  const calls = new Map<string, RecordedCall>();
  const unanswered = new Set<string>();
  let confirmationJustAnswered = false;

  for (const event of transcript.events) {
    if (event.type === 'assistant') {
      confirmationJustAnswered = false;
      state.shownChoices = event.choices;
      state.regarding = event.regarding ?? null;
      for (const made of event.calls) {
        calls.set(made.id, made);
        state.callsSinceUser.push(made);
        if (CONFIRMED_SKILLS.has(made.name)) unanswered.add(made.id);
      }
    } else if (event.type === 'result') {
      const made = calls.get(event.callId);
      unanswered.delete(event.callId);
      confirmationJustAnswered = CONFIRMED_SKILLS.has(event.name);
      state.side = null;
      fileResult(state, event.name, made?.args ?? {}, event.result);
    } else {
      // The yes or no to the graph's confirmation question belongs to the graph.
      const isConfirmation = unanswered.size > 0 || confirmationJustAnswered;
      state.callsSinceUser = [];
      state.userTexts.push(event.text);
      if (isConfirmation) {
        // One answer per question: a call the graph never answered must not swallow the rest.
        unanswered.clear();
        confirmationJustAnswered = false;
      } else routeUserMessage(state, event.text, options);
      state.regarding = null;
    }
  }
  return state;
}

function fileResult(state: ConversationState, name: string, args: Record<string, unknown>, result: unknown): void {
  if (name === 'find_professionals') {
    const found = (result as { professionals?: unknown } | null)?.professionals;
    if (Array.isArray(found)) state.directory = mergeDirectory(state.directory, found as Professional[]);
  }
  const task = state.task;
  if (task === null) return;
  task.outcomes.push({ name, args, result });
  if (name === 'list_slots') task.staleSearch = false;
  const code = (result as { error?: { code?: unknown } } | null)?.error?.code;
  if (code === 'slot_unavailable' && (name === 'request_appointment' || name === 'reschedule_appointment')) {
    task.staleSearch = true;
    task.pickedStart = null;
    task.notice = 'slot-gone';
    // The asked-for time is gone; keeping it would pick the same start again.
    delete task.request.time;
  }
}
