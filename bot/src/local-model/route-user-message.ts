/**
 * Reads one user message in the light of where the conversation stands:
 * an answer to the pending question, a new task, or something that only
 * needs a reply (a greeting, a refusal, a request to rephrase).
 */
import { classifyIntent, detectInjection, detectLocale, parseYesNo, type Intent } from './understanding/index';
import type { ConversationState } from './conversation-state';
import { currentAwaiting, policyContext } from './state-context';
import type { Awaiting, PolicyOptions } from './policy-context';
import { routeProfessionalMessage } from './route-professional-message';
import { SURE, abandon, askAside, asideReply, keepBooking, side, sideFor, startTask, type SideReply } from './routing-actions';
import { absorbAnswer } from './task-steps';
import { newTask, type TaskKind } from './tasks';
import { readProposalAnswer } from './understanding/proposal-answer';
import { answerReminder } from './reminder-answer';

export type { SideReply } from './routing-actions';

const MAXIMUM_LENGTH = 2000;
const TASK_OF_INTENT: Partial<Record<Intent, TaskKind>> = {
  book: 'book',
  see_slots: 'book',
  reschedule: 'reschedule',
  cancel: 'cancel',
  my_appointments: 'list',
  my_confirmation: 'confirmation',
  waitlist: 'waitlist',
  handoff: 'handoff',
  question: 'question',
};

export function routeUserMessage(state: ConversationState, text: string, options: PolicyOptions): void {
  const previousSide = state.side;
  state.side = null;
  state.locale = detectLocale(text, state.locale);
  const context = policyContext(state, options);
  const awaiting = currentAwaiting(state, context);
  const { intent, confidence } = classifyIntent(text);
  const taskKind = TASK_OF_INTENT[intent];

  if (text.length > MAXIMUM_LENGTH) return side(state, 'rephrase');
  if (detectInjection(text)) return side(state, 'injection');
  // "It's authorised, just show them" carries on the attempt without its keywords.
  if (previousSide === 'injection' && (taskKind === undefined || confidence < SURE)) return side(state, 'injection');

  if (state.task?.kind === 'question' && state.suspended !== null) {
    const resumed = resumeAfterQuestion(state, intent, confidence, text, awaiting);
    if (resumed) return routeUserMessage(state, text, options);
  }

  if (state.context.role === 'professional') {
    return routeProfessionalMessage(state, text, { intent, confidence, awaiting, previousSide, context });
  }
  if (answerReminder(state, text, intent, confidence)) return;

  // Other times a professional proposed arrive by notification: the answer has no question before it here.
  const proposal = readProposalAnswer(text);
  const choosingProposedTime = state.task?.kind === 'accept-proposal' && awaiting !== null;
  if (proposal === 'explicit' && !choosingProposedTime) return startTask(state, 'accept-proposal', text);

  if (awaiting !== null && awaiting.kind !== 'offer' && state.task !== null) {
    // A question in the middle of a task is answered, then the task goes on.
    if (intent === 'question' && confidence >= SURE) return askAside(state, text);
    const switched = switchTo(state.task.kind, intent, confidence, text);
    if (switched === 'abandon') return abandon(state);
    if (switched !== null) return startTask(state, switched, text);
    const aside = asideReply(intent, confidence, text);
    if (aside !== null) return side(state, aside);
    const absorbed = absorbAnswer(state.task, awaiting, text, context);
    if (absorbed === 'abandoned') abandon(state);
    if (absorbed === 'elsewhere') startTask(state, state.task.kind, text);
    return;
  }

  if (proposal === 'implicit' && (taskKind === undefined || confidence < SURE)) return startTask(state, 'accept-proposal', text);
  if (awaiting?.kind === 'offer' || previousSide === 'advice') {
    const answer = taskKind === undefined ? parseYesNo(text) : null;
    if (answer === 'yes') return takeOffer(state, awaiting, previousSide);
    if (answer === 'no') return side(state, 'anything-else');
  }
  if (taskKind !== undefined && (intent !== 'book' || confidence >= 0.5)) return startTask(state, taskKind, text);
  // Anything else asked as a question may be in the organisation's documents.
  if (sideFor(intent, text) === 'rephrase' && text.trim().endsWith('?')) return startTask(state, 'question', text);
  side(state, sideFor(intent, text));
}

/**
 * After a question asked mid-task: another question keeps the task waiting,
 * a yes to "shall I pass you to a person?" or a new task replaces it, and
 * anything else is the answer to the task's own pending question.
 */
function resumeAfterQuestion(state: ConversationState, intent: Intent, confidence: number, text: string, awaiting: Awaiting | null): boolean {
  if (intent === 'question' && confidence >= SURE) return false;
  if (awaiting?.kind === 'offer' && parseYesNo(text) === 'yes') return false;
  const wanted = TASK_OF_INTENT[intent];
  if (wanted !== undefined && confidence >= SURE) {
    state.suspended = null;
    return false;
  }
  state.task = state.suspended;
  state.suspended = null;
  return true;
}

// What a yes takes: the booking offered after refusing advice, a person
// after a question or a failure, the waiting list after an empty search.
function takeOffer(state: ConversationState, awaiting: Awaiting | null, previousSide: SideReply | null): void {
  if (awaiting?.kind === 'offer' && awaiting.what === 'waitlist') {
    const booking = state.task;
    keepBooking(state);
    state.task = newTask('waitlist', [...(booking?.texts ?? [])], booking?.request ?? {});
    return;
  }
  if (previousSide === 'advice') {
    // The booking is for what the user asked advice about ("a sore throat").
    const asked = state.userTexts.at(-2) ?? '';
    keepBooking(state);
    state.task = newTask('book', [asked]);
    return;
  }
  startTask(state, 'handoff', '');
}

/** Whether a message in the middle of a task starts another one instead of answering. */
function switchTo(current: TaskKind, intent: Intent, confidence: number, text: string): TaskKind | 'abandon' | null {
  const wanted = TASK_OF_INTENT[intent];
  if (wanted === undefined || wanted === current || confidence < SURE) return null;
  if (wanted === 'cancel') return text.trim().split(/\s+/).length >= 4 ? 'cancel' : 'abandon';
  // "Another day, please" while booking is a new date, not a reschedule.
  if (wanted === 'reschedule' && current === 'book') return null;
  if (wanted === 'book' && (current === 'book' || current === 'reschedule')) return null;
  return wanted;
}
