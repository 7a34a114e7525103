/** Routes a task to the step and answer reader of its kind. */
import { absorbAppointmentAnswer, cancelStep, listStep, rescheduleStep } from './appointment-tasks';
import { absorbBookAnswer, bookStep } from './book-task';
import { confirmationStep, handoffStep, waitlistStep } from './help-tasks';
import type { Awaiting, Decision, PolicyContext } from './policy-context';
import { absorbProfessionalAnswer, blockStep, decideStep, nextPatientStep, scheduleStep } from './professional-tasks';
import { absorbProposalAnswer, acceptProposalStep } from './proposal-task';
import { questionStep } from './question-task';
import type { Task } from './tasks';

/** `suspended` is the task a question interrupted: the answer ends by taking it up again. */
export function taskStep(task: Task, context: PolicyContext, suspended: Task | null = null): Decision {
  switch (task.kind) {
    case 'book':
      return bookStep(task, context);
    case 'reschedule':
      return rescheduleStep(task, context);
    case 'cancel':
      return cancelStep(task, context);
    case 'list':
      return listStep(task, context);
    case 'waitlist':
      return waitlistStep(task, context);
    case 'confirmation':
      return confirmationStep(task, context);
    case 'handoff':
      return handoffStep(task, context);
    case 'question':
      return questionStep(task, context, suspended === null ? null : taskStep(suspended, context));
    case 'accept-proposal':
      return acceptProposalStep(task, context);
    case 'schedule':
      return scheduleStep(task, context);
    case 'next-patient':
      return nextPatientStep(task, context);
    case 'block':
      return blockStep(task, context);
    case 'decide':
      return decideStep(task, context);
  }
}

const PROFESSIONAL_TASKS = new Set<Task['kind']>(['schedule', 'next-patient', 'block', 'decide']);
/** Answers that are not requests: kept out of the task's texts so they cannot re-pick what the request named. */
const NOT_REQUESTS = new Set<Awaiting['kind']>(['field', 'cancellation-reason', 'decline-reason']);

/** What an answer did: taken by the task, a no to going on, or a request for someone else (a new search). */
export type Absorbed = 'consumed' | 'abandoned' | 'elsewhere';

export function absorbAnswer(task: Task, awaiting: Awaiting, text: string, context: PolicyContext): Absorbed {
  task.notice = null;
  // An intake answer ("Annual check-up") is not a request: it must not re-pick the professional or service.
  if (!NOT_REQUESTS.has(awaiting.kind)) task.texts.push(text);
  if (task.kind === 'book') return absorbBookAnswer(task, awaiting, text, context);
  if (task.kind === 'accept-proposal') return absorbProposalAnswer(task, awaiting, text);
  if (PROFESSIONAL_TASKS.has(task.kind)) return absorbProfessionalAnswer(task, awaiting, text, context);
  return absorbAppointmentAnswer(task, awaiting, text, context);
}
