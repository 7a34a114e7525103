/** The policy's view of a rebuilt conversation: its context and what it is waiting for. */
import type { ConversationState } from './conversation-state';
import { phrasesFor } from './phrases';
import { professionalPhrasesFor, withProfessionalReplies } from './phrases-professional';
import { OFFER_HANDOFF, type Awaiting, type PolicyContext, type PolicyOptions } from './policy-context';
import { taskStep } from './task-steps';

export function policyContext(state: ConversationState, options: PolicyOptions): PolicyContext {
  const professionalPhrases = professionalPhrasesFor(state.locale);
  const phrases = phrasesFor(state.locale);
  return {
    clock: { now: state.context.now, timeZone: state.context.timeZone, locale: state.locale },
    directory: state.directory,
    phrases: state.context.role === 'professional' ? withProfessionalReplies(phrases, professionalPhrases) : phrases,
    professionalPhrases,
    role: state.context.role,
    options,
    shownChoices: state.shownChoices,
    userName: state.context.userName,
  };
}

/** What the assistant's last reply for the task asked, recomputed from the task itself. */
export function currentAwaiting(state: ConversationState, context: PolicyContext): Awaiting | null {
  if (state.task === null) return null;
  const { step, awaiting } = taskStep(state.task, context, state.suspended);
  // The task wanted a skill but the user got a reply: the guard stopped it and offered a person.
  return step.kind === 'call' ? OFFER_HANDOFF : awaiting;
}
