/** Routes a task to the step and answer reader of its kind. */
import { absorbAppointmentAnswer, cancelStep, listStep, rescheduleStep } from './appointment-tasks';
import { absorbBookAnswer, bookStep } from './book-task';
import { handoffStep, waitlistStep } from './help-tasks';
import type { Awaiting, Decision, PolicyContext } from './policy-context';
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
    case 'handoff':
      return handoffStep(task, context);
    case 'question':
      return questionStep(task, context, suspended === null ? null : taskStep(suspended, context));
  }
}

export function absorbAnswer(task: Task, awaiting: Awaiting, text: string, context: PolicyContext): 'consumed' | 'abandoned' {
  task.notice = null;
  // An intake answer ("Annual check-up") is not a request: it must not re-pick the professional or service.
  if (awaiting.kind !== 'field' && awaiting.kind !== 'cancellation-reason') task.texts.push(text);
  return task.kind === 'book'
    ? absorbBookAnswer(task, awaiting, text, context)
    : absorbAppointmentAnswer(task, awaiting, text, context);
}
