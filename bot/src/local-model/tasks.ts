/**
 * The task the conversation is working on, as rebuilt from the messages:
 * what the user said for it and what the skills answered.
 */
import type { DateTimeRequest } from './understanding/index';

/** One skill call made for the task, with its JSON result once it came back. */
export interface Outcome {
  name: string;
  args: Record<string, unknown>;
  result: unknown;
}

export type TaskKind =
  | 'book' | 'reschedule' | 'cancel' | 'list' | 'waitlist' | 'handoff' | 'question'
  /** The confirmation PDF of an approved appointment. */
  | 'confirmation'
  /** A patient taking one of the times a professional proposed. */
  | 'accept-proposal'
  /** A professional's own calendar. */
  | 'schedule' | 'next-patient' | 'block' | 'decide';

export interface Task {
  kind: TaskKind;
  /** The user's messages for this task, first one first. */
  texts: string[];
  outcomes: Outcome[];
  /** When and what part of the day the user asked for, merged over the task. */
  request: DateTimeRequest;
  /** The slot start the user picked from an offer. */
  pickedStart: string | null;
  /** A slot_unavailable answer makes the last search stale. */
  staleSearch: boolean;
  /** Intake answers the user gave to questions, by field key. */
  answers: Record<string, string>;
  /** Optional intake fields the user declined. */
  skipped: string[];
  /** Why the last intake answer was refused, to say when asking again. */
  problem: { field: string; reason: string } | null;
  /** Appointment the user picked for a reschedule or cancellation. */
  appointmentId: string | null;
  /** The cancellation reason was asked once; an unclear answer then falls back to a default. */
  reasonAsked: boolean;
  cancellationReason: string | null;
  /** Something to say before the next offer: the picked slot was taken, or the answer was unclear. */
  notice: 'slot-gone' | 'unclear' | null;
  /** A professional's reason to decline, given when asked for it. */
  decisionReason: string | null;
}

export function newTask(kind: TaskKind, texts: string[], request: DateTimeRequest = {}): Task {
  return {
    kind,
    texts,
    outcomes: [],
    request,
    pickedStart: null,
    staleSearch: false,
    answers: {},
    skipped: [],
    problem: null,
    appointmentId: null,
    reasonAsked: false,
    cancellationReason: null,
    notice: null,
    decisionReason: null,
  };
}

/** The result of the latest call to `name`, or undefined. */
export function latest(task: Task, name: string): Outcome | undefined {
  return task.outcomes.findLast((outcome) => outcome.name === name);
}

export function errorCode(result: unknown): string | null {
  if (typeof result !== 'object' || result === null || !('error' in result)) return null;
  const error = (result as { error: unknown }).error;
  if (typeof error !== 'object' || error === null) return 'unknown';
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : 'unknown';
}

/** Codes whose message speaks to the model about the user, not to the user. */
const internalCodes = new Set(['not_confirmed', 'declined_by_user', 'one_action_at_a_time', 'step_limit', 'internal_error']);

export function errorMessage(result: unknown): string {
  const error = (result as { error?: { code?: unknown; message?: unknown } } | null)?.error;
  if (typeof error?.code === 'string' && internalCodes.has(error.code)) return '';
  return typeof error?.message === 'string' ? error.message : '';
}
