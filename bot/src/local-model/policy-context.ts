/**
 * What every policy step reads besides its task: the clock, the directory
 * known so far, the reply language, the buttons last shown, and the options.
 */
import type { Professional } from './directory';
import type { Phrases } from './phrases';
import type { ProfessionalPhrases } from './phrases-professional';
import type { Clock } from './slot-search';
import type { Choice, Step } from './steps';
import type { IntakeField } from './understanding/index';
import type { AppointmentResult, ScheduleEntry, SlotResult } from './skill-contract';

export interface PolicyOptions {
  /** Ask optional intake fields once each (the user may say "skip"). */
  askOptionalIntake: boolean;
  /** Ask why before cancelling when the user gave no reason; otherwise a default reason is sent. */
  askCancellationReason: boolean;
}

export interface PolicyContext {
  clock: Clock;
  directory: Professional[];
  phrases: Phrases;
  options: PolicyOptions;
  /** The choices on the assistant's last message, if any. */
  shownChoices: Choice[];
  userName: string;
  /** patient, professional, admin or visitor, from the context line. */
  role: string;
  /** What is said to a professional about their calendar. */
  professionalPhrases: ProfessionalPhrases;
}

/** One proposed time and the request it was proposed for. */
export interface ProposedTime {
  appointment: AppointmentResult;
  start: string;
  label: string;
  localDate: string;
  localTime: string;
}

/** What the step's reply asks the user for, so their next message is read as its answer. */
export type Awaiting =
  | { kind: 'target' }
  | { kind: 'slot'; options: SlotResult[] }
  | { kind: 'field'; field: IntakeField }
  | { kind: 'appointment'; options: AppointmentResult[] }
  | { kind: 'new-time' }
  | { kind: 'cancellation-reason' }
  | { kind: 'waitlist-target' }
  | { kind: 'proposed-time'; options: ProposedTime[] }
  | { kind: 'block-day' }
  | { kind: 'request'; options: ScheduleEntry[] }
  | { kind: 'decline-reason' }
  /** The reply offered to go on with something else; a plain yes takes it. */
  | { kind: 'offer'; what: 'waitlist' | 'handoff' };

export interface Decision {
  step: Step;
  awaiting: Awaiting | null;
}

export function decided(step: Step, awaiting: Awaiting | null = null): Decision {
  return { step, awaiting };
}

export const OFFER_HANDOFF: Awaiting = { kind: 'offer', what: 'handoff' };
