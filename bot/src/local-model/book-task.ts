/**
 * Booking: find who, find when, collect the intake answers, then request
 * the appointment (the graph asks the user to confirm before it runs).
 */
import { pointsElsewhere, resolveTarget, specialtyChoices, specialtyOf } from './directory';
import { absorbIntakeAnswer, intakeFields, knownAnswers, nextField } from './intake';
import { OFFER_HANDOFF, decided, type Awaiting, type Decision, type PolicyContext } from './policy-context';
import type { AppointmentResult } from './skill-contract';
import { absorbSlotAnswer } from './slot-search';
import { call, numbered, reply } from './steps';
import { errorCode, errorMessage, latest, type Task } from './tasks';
import { timeStep } from './time-step';
import { parseYesNo } from './understanding/index';

export function bookStep(task: Task, context: PolicyContext): Decision {
  const { phrases } = context;
  const request = latest(task, 'request_appointment');
  if (request !== undefined) {
    const code = errorCode(request.result);
    if (code === null) return decided(reply(phrases.requested((request.result as { appointment: AppointmentResult }).appointment)));
    if (code === 'declined_by_user') return decided(reply(phrases.declined()));
    if (code !== 'slot_unavailable') return decided(reply(phrases.failed(errorMessage(request.result))), OFFER_HANDOFF);
  }

  const target = resolveTarget(task.texts, context.directory);
  if (target === null) {
    const searches = task.outcomes.filter((outcome) => outcome.name === 'find_professionals');
    const specialty = specialtyOf(task.texts);
    if (searches.length === 0) return decided(call('find_professionals', specialty === undefined ? {} : { specialty }));
    // A filtered search that found nobody says little about the whole directory.
    if (searches.every((search) => Object.keys(search.args).length > 0)) return decided(call('find_professionals', {}));
    const choices = specialtyChoices(context.directory);
    return decided(reply(`${phrases.askTarget()}\n${numbered(choices)}`, choices), { kind: 'target' });
  }

  const progress = timeStep(task, target, context);
  if ('decision' in progress) return progress.decision;
  const slot = progress.slot;

  const fields = intakeFields(task, slot.serviceId);
  if (fields === null) {
    const asked = latest(task, 'get_intake_questions');
    if (asked !== undefined && asked.args.serviceId === slot.serviceId && errorCode(asked.result) !== null)
      return decided(reply(phrases.failed(errorMessage(asked.result))), OFFER_HANDOFF);
    return decided(call('get_intake_questions', { serviceId: slot.serviceId }));
  }
  const field = nextField(task, fields, context.clock, context.options.askOptionalIntake);
  if (field !== null) {
    const problem = task.problem?.field === field.key ? task.problem.reason : null;
    const choices = (field.options ?? []).map((option) => ({ label: option, value: option }));
    return decided(reply(phrases.askField(field, problem), choices), { kind: 'field', field });
  }
  const known = knownAnswers(task, fields, context.clock);
  const intake = Object.fromEntries(fields.flatMap((item) => (known[item.key] === undefined ? [] : [[item.key, known[item.key]]])));
  return decided(
    call('request_appointment', { professionalId: slot.professionalId, serviceId: slot.serviceId, start: slot.start, intake }),
  );
}

/**
 * Reads the user's answer to what the last reply asked; 'abandoned' when they said no to going on,
 * 'elsewhere' when, offered times, they ask for another specialty or professional instead.
 */
export function absorbBookAnswer(task: Task, awaiting: Awaiting, text: string, context: PolicyContext): 'consumed' | 'abandoned' | 'elsewhere' {
  if (awaiting.kind === 'field') {
    absorbIntakeAnswer(task, awaiting.field, text, context.clock);
    return 'consumed';
  }
  if (awaiting.kind === 'slot') {
    if (absorbSlotAnswer(task, text, awaiting.options, context.clock)) return 'consumed';
    if (saysNo(text)) return 'abandoned';
    // "Do you have a physiotherapist?" while dermatology times are on offer is a new search, not a bad pick.
    if (pointsElsewhere(task.texts.slice(0, -1), text, context.directory)) return 'elsewhere';
    task.notice = 'unclear';
    return 'consumed';
  }
  return saysNo(text) ? 'abandoned' : 'consumed';
}

function saysNo(text: string): boolean {
  return parseYesNo(text) === 'no';
}
