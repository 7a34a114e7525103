/**
 * A question about the organisation (prices, parking, insurance, …): search
 * its documents and answer from what comes back, naming the source, or say
 * so and offer a person when nothing answers it. A task interrupted by the
 * question is picked up again afterwards, its pending question asked anew.
 */
import { answerFromPassages } from './knowledge-answer';
import { OFFER_HANDOFF, decided, type Decision, type PolicyContext } from './policy-context';
import { call, reply } from './steps';
import type { SkillResults } from './skill-contract';
import { errorCode, latest, type Task } from './tasks';

export function questionStep(task: Task, context: PolicyContext, suspended: Decision | null): Decision {
  const question = task.texts.at(-1) ?? '';
  const searched = latest(task, 'search_knowledge');
  if (searched === undefined) return decided(call('search_knowledge', { question }));
  const found = errorCode(searched.result) === null ? (searched.result as SkillResults['search_knowledge']) : { passages: [] };
  const answer = answerFromPassages(question, found.passages);
  const resuming = suspended !== null && suspended.step.kind === 'reply';
  if (answer === null && !resuming) return decided(reply(context.phrases.knowledgeUnknown(true)), OFFER_HANDOFF);
  const text = answer === null ? context.phrases.knowledgeUnknown(false) : context.phrases.knowledgeAnswer(answer.text, answer.source);
  if (suspended !== null && suspended.step.kind === 'reply') {
    // Back to where the interrupted task was: its question again, with its buttons.
    return decided(reply(`${text}\n\n${suspended.step.text}`, suspended.step.choices), suspended.awaiting);
  }
  return decided(reply(text));
}
