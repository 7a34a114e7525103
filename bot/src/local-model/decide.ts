/**
 * The model's whole turn: rebuild the conversation, then either reply to the
 * user's last message or take the task's next step, within the guards.
 */
import { buildState, type ConversationState } from './conversation-state';
import type { Decision, PolicyContext, PolicyOptions } from './policy-context';
import { OFFER_HANDOFF, decided } from './policy-context';
import type { SideReply } from './route-user-message';
import { sameArgs } from './slot-search';
import { policyContext } from './state-context';
import { reply, type Step } from './steps';
import { taskStep } from './task-steps';
import type { Transcript } from './transcript';

export interface DecideOptions extends PolicyOptions {
  /** Most skill calls in a row before the model gives up and offers a person. */
  maximumCallsInARow: number;
  /** Names of the tools bound to the model; a skill not among them is never called. */
  availableTools: ReadonlySet<string>;
}

export interface TurnDecision {
  step: Step;
  state: ConversationState;
}

export function decideTurn(transcript: Transcript, options: DecideOptions): TurnDecision {
  const state = buildState(transcript, options);
  const context = policyContext(state, options);
  const decision = guarded(state, nextDecision(state, context), context, options);
  return { step: decision.step, state };
}

function nextDecision(state: ConversationState, context: PolicyContext): Decision {
  if (state.side !== null) return sideDecision(state.side, context);
  if (state.task !== null) return taskStep(state.task, context, state.suspended);
  return decided(reply(context.phrases.capabilities()));
}

function sideDecision(side: SideReply, context: PolicyContext): Decision {
  const { phrases } = context;
  const texts: Record<SideReply, () => string> = {
    greeting: () => phrases.greeting(firstName(context.userName)),
    thanks: () => phrases.thanks(),
    attending: () => phrases.attending(),
    advice: () => phrases.adviceRefusal(),
    'off-topic': () => phrases.offTopic(),
    rephrase: () => phrases.rephrase(),
    injection: () => phrases.injectionRefusal(),
    stopped: () => phrases.stopped(),
    'anything-else': () => phrases.anythingElse(),
  };
  return decided(reply(texts[side]()));
}

// A model that keeps calling without the user saying anything is stuck
// (or being steered); it stops and offers a person instead.
function guarded(state: ConversationState, decision: Decision, context: PolicyContext, options: DecideOptions): Decision {
  const { step } = decision;
  if (step.kind !== 'call') return decision;
  const stuck = decided(reply(context.phrases.stuck()), OFFER_HANDOFF);
  if (state.callsSinceUser.length + step.calls.length > options.maximumCallsInARow) return stuck;
  for (const next of step.calls) {
    if (!options.availableTools.has(next.name)) return stuck;
    const repeated = state.callsSinceUser.some((made) => made.name === next.name && sameArgs(made.args, next.args));
    if (repeated) return stuck;
  }
  return decision;
}

// "Dr. Elena López" is greeted as Elena: titles are not first names.
const TITLE = /^(?:dr|dra|doctor|doctora|mr|mrs|ms|miss|sr|sra|srta|prof|profa|atty|lic|don|dona|doña)\.?$/i;

function firstName(fullName: string): string {
  return fullName.trim().split(/\s+/).find((word) => !TITLE.test(word)) ?? '';
}
