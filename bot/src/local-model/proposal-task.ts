/**
 * A patient taking one of the other times a professional proposed for their
 * request. The proposal reached them as a notification, so the task starts
 * by reading their appointments, where open proposals are shown.
 */
import { OFFER_HANDOFF, decided, type Awaiting, type Decision, type PolicyContext, type ProposedTime } from './policy-context';
import type { AppointmentResult } from './skill-contract';
import { call, numbered, reply, type Choice } from './steps';
import { errorCode, errorMessage, latest, type Task } from './tasks';
import { parseChoice, parseYesNo } from './understanding/index';
import { readProposalAnswer } from './understanding/proposal-answer';

function proposedTimes(task: Task): ProposedTime[] {
  const list = (latest(task, 'list_my_appointments')?.result as { appointments?: AppointmentResult[] } | undefined)?.appointments;
  if (!Array.isArray(list)) return [];
  return list.flatMap((appointment) => (appointment.proposal?.starts ?? []).map((start) => ({ appointment, ...start })));
}

const asOption = (time: ProposedTime) => ({ label: time.label, date: time.localDate, time: time.localTime });

/** The time the user picked: one they chose when asked, one their words name, or the only one when they accept "the proposed time". */
function pickedTime(task: Task, options: ProposedTime[]): ProposedTime | undefined {
  const chosen = options.find((option) => option.start === task.pickedStart && option.appointment.id === task.appointmentId);
  if (chosen !== undefined) return chosen;
  for (const text of [...task.texts].reverse()) {
    const index = parseChoice(text, options.map(asOption));
    if (index !== null) return options[index];
  }
  if (options.length === 1 && task.texts.some((text) => readProposalAnswer(text) === 'explicit')) return options[0];
  return undefined;
}

export function acceptProposalStep(task: Task, context: PolicyContext): Decision {
  const { phrases } = context;
  const done = latest(task, 'accept_proposed_time');
  if (done !== undefined) {
    const code = errorCode(done.result);
    if (code === null) return decided(reply(phrases.proposalAccepted((done.result as { appointment: AppointmentResult }).appointment)));
    if (code === 'declined_by_user') return decided(reply(phrases.declined()));
    return decided(reply(phrases.failed(errorMessage(done.result))), OFFER_HANDOFF);
  }
  const listed = latest(task, 'list_my_appointments');
  if (listed === undefined) return decided(call('list_my_appointments', { status: 'upcoming' }));
  if (errorCode(listed.result) !== null) return decided(reply(phrases.failed(errorMessage(listed.result))), OFFER_HANDOFF);
  const options = proposedTimes(task);
  if (options.length === 0) return decided(reply(phrases.noProposals()));
  const picked = pickedTime(task, options);
  if (picked === undefined) {
    const several = new Set(options.map((option) => option.appointment.id)).size > 1;
    const choices: Choice[] = options.map((option) => ({
      label: several ? `${option.label} (${option.appointment.serviceName})` : option.label,
      value: option.start,
    }));
    const first = options[0]!.appointment;
    const intro = phrases.proposedTimes(first.professionalName, first.serviceName.toLowerCase());
    return decided(reply(`${intro}\n${numbered(choices)}\n${phrases.pickOne()}`, choices), { kind: 'proposed-time', options });
  }
  return decided(call('accept_proposed_time', { appointmentId: picked.appointment.id, start: picked.start }));
}

export function absorbProposalAnswer(task: Task, awaiting: Awaiting, text: string): 'consumed' | 'abandoned' {
  if (awaiting.kind !== 'proposed-time') return 'consumed';
  const index = parseChoice(text, awaiting.options.map(asOption));
  const picked = awaiting.options.find((option) => option.start === text.trim()) ?? (index === null ? undefined : awaiting.options[index]);
  if (picked !== undefined) {
    task.pickedStart = picked.start;
    task.appointmentId = picked.appointment.id;
  } else if (parseYesNo(text) === 'no') return 'abandoned';
  return 'consumed';
}
