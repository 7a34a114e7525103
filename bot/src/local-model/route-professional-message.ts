/**
 * Reads a professional's message: a request about their own calendar, an
 * answer to what the assistant asked for it, or something that only needs a
 * reply. Patient tasks (booking for oneself) are not offered to them.
 */
import type { ConversationState } from './conversation-state';
import type { Awaiting, PolicyContext } from './policy-context';
import { SURE, abandon, askAside, asideReply, side, sideFor, startTask, type SideReply } from './routing-actions';
import { absorbAnswer } from './task-steps';
import type { TaskKind } from './tasks';
import type { Intent } from './understanding/index';
import { parseYesNo } from './understanding/index';
import { readProfessionalRequest, type ProfessionalRequest } from './understanding/professional-requests';

const TASK_OF_REQUEST: Record<ProfessionalRequest, TaskKind> = {
  schedule: 'schedule',
  next_patient: 'next-patient',
  block: 'block',
  approve: 'decide',
  decline: 'decide',
};

export interface ProfessionalReading {
  intent: Intent;
  confidence: number;
  awaiting: Awaiting | null;
  previousSide: SideReply | null;
  context: PolicyContext;
}

export function routeProfessionalMessage(state: ConversationState, text: string, reading: ProfessionalReading): void {
  const { intent, confidence, awaiting, previousSide, context } = reading;
  const request = readProfessionalRequest(text);
  const wanted = request === null ? undefined : TASK_OF_REQUEST[request];

  if (awaiting !== null && awaiting.kind !== 'offer' && state.task !== null) {
    // "approve all" when asked which request answers the question; a different request starts over.
    if (wanted !== undefined && wanted !== state.task.kind) return startTask(state, wanted, text);
    if (wanted === undefined && intent === 'question' && confidence >= SURE) return askAside(state, text);
    const aside = wanted === undefined ? asideReply(intent, confidence, text) : null;
    if (aside !== null) return side(state, aside);
    if (absorbAnswer(state.task, awaiting, text, context) === 'abandoned') abandon(state);
    return;
  }
  if (wanted !== undefined) return startTask(state, wanted, text);
  // The only offer made to a professional is a person at the practice.
  if (awaiting?.kind === 'offer' || previousSide === 'advice') {
    const answer = parseYesNo(text);
    if (answer === 'yes') return startTask(state, 'handoff', '');
    if (answer === 'no') return side(state, 'anything-else');
  }
  if (intent === 'handoff' && confidence >= SURE) return startTask(state, 'handoff', text);
  if (intent === 'question' && confidence >= SURE) return startTask(state, 'question', text);
  const reply = sideFor(intent, text);
  if (reply === 'rephrase' && text.trim().endsWith('?')) return startTask(state, 'question', text);
  side(state, reply);
}
