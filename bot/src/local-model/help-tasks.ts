/**
 * The one-call tasks: joining the waiting list, handing the conversation to
 * a person at the practice, and finding the confirmation of an appointment.
 */
import { DateTime } from 'luxon';
import { resolveTarget, specialtyOf } from './directory';
import { OFFER_HANDOFF, decided, type Decision, type PolicyContext } from './policy-context';
import type { SkillResults } from './skill-contract';
import { call, reply } from './steps';
import { errorCode, errorMessage, latest, type Task } from './tasks';
import { isoDate, localToday } from './understanding/calendar';

const WAITLIST_DAYS = 14;
const SUMMARY_LIMIT = 500;

export function confirmationStep(task: Task, context: PolicyContext): Decision {
  const found = latest(task, 'get_my_confirmation');
  if (found === undefined) return decided(call('get_my_confirmation', {}));
  const code = errorCode(found.result);
  if (code === 'no_approved_appointment') return decided(reply(context.phrases.noConfirmation()));
  if (code !== null) return decided(reply(context.phrases.failed(errorMessage(found.result))), OFFER_HANDOFF);
  const { appointment, document } = found.result as SkillResults['get_my_confirmation'];
  return decided(reply(context.phrases.confirmationReady(appointment, document.title)));
}

export function waitlistStep(task: Task, context: PolicyContext): Decision {
  const joined = latest(task, 'join_waitlist');
  if (joined !== undefined) {
    if (errorCode(joined.result) !== null) return decided(reply(context.phrases.failed(errorMessage(joined.result))), OFFER_HANDOFF);
    const { from, to } = joined.result as { from: string; to: string };
    return decided(reply(context.phrases.waitlistJoined(from, to)));
  }
  const target = resolveTarget(task.texts, context.directory);
  const specialty = target?.specialty ?? specialtyOf(task.texts);
  if (target?.professionalId === undefined && specialty === undefined) {
    if (latest(task, 'find_professionals') === undefined) return decided(call('find_professionals', {}));
    return decided(reply(context.phrases.askWaitlistTarget()), { kind: 'waitlist-target' });
  }
  const today = localToday(context.clock.now, context.clock.timeZone);
  const from = task.request.from ?? isoDate(today);
  const to = task.request.to ?? isoDate(DateTime.fromISO(from).plus({ days: WAITLIST_DAYS - 1 }));
  const who = target?.professionalId !== undefined ? { professionalId: target.professionalId } : { specialty };
  return decided(call('join_waitlist', { ...who, from, to }));
}

export function handoffStep(task: Task, context: PolicyContext): Decision {
  const handed = latest(task, 'handoff_to_human');
  if (handed !== undefined) {
    if (errorCode(handed.result) !== null) return decided(reply(context.phrases.failed(errorMessage(handed.result))), OFFER_HANDOFF);
    // The tool's message is addressed to the model; the user gets our own words, in their language.
    return decided(reply(context.phrases.handedOff(null)));
  }
  const asked = task.texts.join(' / ');
  const summary = `${context.userName || 'The user'} asked for a person. Their recent messages: ${asked}`;
  return decided(call('handoff_to_human', { summary: summary.slice(0, SUMMARY_LIMIT) }));
}
