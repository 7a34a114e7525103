/**
 * Working on the user's existing appointments: list them, move one, or
 * cancel one. Moving and cancelling first find which appointment is meant.
 */
import { appointmentsOf, identifyAppointment, localDate, localTime } from './identify-appointment';
import { OFFER_HANDOFF, decided, type Awaiting, type Decision, type PolicyContext } from './policy-context';
import type { AppointmentResult } from './skill-contract';
import { absorbSlotAnswer } from './slot-search';
import { call, numbered, reply, type Choice } from './steps';
import { errorCode, errorMessage, latest, type Task } from './tasks';
import { timeStep } from './time-step';
import { extractReason, parseChoice, parseDateTime, parseYesNo } from './understanding/index';

type Found = { appointment: AppointmentResult } | { decision: Decision };

export function listStep(task: Task, context: PolicyContext): Decision {
  const outcome = latest(task, 'list_my_appointments');
  if (outcome === undefined) return decided(call('list_my_appointments', { status: 'upcoming' }));
  if (errorCode(outcome.result) !== null) return decided(reply(context.phrases.failed(errorMessage(outcome.result))), OFFER_HANDOFF);
  const appointments = appointmentsOf(task) ?? [];
  return decided(reply(appointments.length === 0 ? context.phrases.noAppointments() : context.phrases.appointments(appointments)));
}

export function rescheduleStep(task: Task, context: PolicyContext): Decision {
  const { phrases } = context;
  const done = latest(task, 'reschedule_appointment');
  if (done !== undefined) {
    const code = errorCode(done.result);
    if (code === null) return decided(reply(phrases.rescheduled((done.result as { appointment: AppointmentResult }).appointment)));
    if (code === 'declined_by_user') return decided(reply(phrases.declined()));
    if (code !== 'slot_unavailable') return decided(reply(phrases.failed(errorMessage(done.result))), OFFER_HANDOFF);
  }
  const found = findAppointment(task, context);
  if ('decision' in found) return found.decision;
  const { appointment } = found;
  if (task.request.from === undefined && task.request.time === undefined && task.request.partOfDay === undefined)
    return decided(reply(phrases.askNewTime()), { kind: 'new-time' });
  // A new time without a day ("to 4pm", "in the afternoon") keeps the appointment's own day.
  if (task.request.from === undefined && task.request.earliest !== true) {
    const day = localDate(appointment, context.clock.timeZone);
    task.request = { ...task.request, from: day, to: day };
  }
  const progress = timeStep(task, { professionalId: appointment.professionalId, serviceId: appointment.serviceId }, context);
  if ('decision' in progress) return progress.decision;
  const reason = firstReason(task.texts);
  return decided(
    call('reschedule_appointment', { appointmentId: appointment.id, start: progress.slot.start, ...(reason === null ? {} : { reason }) }),
  );
}

export function cancelStep(task: Task, context: PolicyContext): Decision {
  const { phrases } = context;
  const done = latest(task, 'cancel_appointment');
  if (done !== undefined) {
    const code = errorCode(done.result);
    if (code === null) return decided(reply(phrases.cancelled((done.result as { appointment: AppointmentResult }).appointment)));
    if (code === 'declined_by_user') return decided(reply(phrases.declined()));
    return decided(reply(phrases.failed(errorMessage(done.result))), OFFER_HANDOFF);
  }
  const found = findAppointment(task, context);
  if ('decision' in found) return found.decision;
  const reason = task.cancellationReason ?? firstReason(task.texts);
  if (reason === null && context.options.askCancellationReason && !task.reasonAsked)
    return decided(reply(phrases.askCancellationReason()), { kind: 'cancellation-reason' });
  return decided(
    call('cancel_appointment', { appointmentId: found.appointment.id, reason: reason ?? phrases.defaultCancellationReason() }),
  );
}

export function absorbAppointmentAnswer(
  task: Task,
  awaiting: Awaiting,
  text: string,
  context: PolicyContext,
): 'consumed' | 'abandoned' {
  const saysNo = parseYesNo(text) === 'no';
  if (awaiting.kind === 'cancellation-reason') {
    task.reasonAsked = true;
    const answer = parseYesNo(text) === null ? (extractReason(text) ?? text.trim()) : extractReason(text);
    task.cancellationReason = answer === null || answer.length < 3 ? null : answer;
    return 'consumed';
  }
  if (awaiting.kind === 'appointment') {
    const { timeZone } = context.clock;
    const index = parseChoice(
      text,
      awaiting.options.map((appointment) => ({
        label: appointmentLabel(appointment),
        date: localDate(appointment, timeZone),
        time: localTime(appointment, timeZone),
      })),
    );
    const picked = awaiting.options.find((appointment) => appointment.id === text.trim()) ?? (index === null ? undefined : awaiting.options[index]);
    if (picked !== undefined) task.appointmentId = picked.id;
    else if (saysNo) return 'abandoned';
    return 'consumed';
  }
  if (awaiting.kind === 'new-time') {
    const asked = parseDateTime(text, context.clock);
    if (asked !== null) task.request = asked;
    else if (saysNo) return 'abandoned';
    return 'consumed';
  }
  if (awaiting.kind === 'slot') {
    if (absorbSlotAnswer(task, text, awaiting.options, context.clock)) return 'consumed';
    if (saysNo) return 'abandoned';
    task.notice = 'unclear';
  }
  return 'consumed';
}

function findAppointment(task: Task, context: PolicyContext): Found {
  const listed = latest(task, 'list_my_appointments');
  if (listed === undefined) return { decision: decided(call('list_my_appointments', { status: 'upcoming' })) };
  if (errorCode(listed.result) !== null) return { decision: decided(reply(context.phrases.failed(errorMessage(listed.result))), OFFER_HANDOFF) };
  const identified = identifyAppointment(task, appointmentsOf(task) ?? [], context.clock);
  if ('appointment' in identified) return identified;
  if ('none' in identified) return { decision: decided(reply(context.phrases.noAppointments())) };
  const choices: Choice[] = identified.ask.map((appointment) => ({ label: appointmentLabel(appointment), value: appointment.id }));
  return {
    decision: decided(reply(`${context.phrases.whichAppointment()}\n${numbered(choices)}`, choices), {
      kind: 'appointment',
      options: identified.ask,
    }),
  };
}

function appointmentLabel(appointment: AppointmentResult): string {
  return `${appointment.label}, ${appointment.serviceName}, ${appointment.professionalName}`;
}

function firstReason(texts: string[]): string | null {
  for (const text of texts) {
    const reason = extractReason(text);
    if (reason !== null) return reason;
  }
  return null;
}
