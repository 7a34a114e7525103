/**
 * Everything the local model says, per language. Times always come from the
 * skills' `label` fields, which are already in the user's time zone.
 */
import type { IntakeField, Locale } from './understanding/index';
import type { AppointmentResult } from './skill-contract';
import { englishPhrases } from './phrases-en';
import { spanishPhrases } from './phrases-es';

/** Why a list of times is being offered, so the first line can say it. */
export type OfferReason =
  | { kind: 'first' }
  | { kind: 'time-taken'; time: string }
  | { kind: 'day-empty' }
  | { kind: 'slot-gone' }
  | { kind: 'unclear' };

export interface Phrases {
  greeting(firstName: string): string;
  capabilities(): string;
  rephrase(): string;
  offTopic(): string;
  adviceRefusal(): string;
  /** An answer quoted from the organisation's documents, with where it comes from. */
  knowledgeAnswer(text: string, source: string): string;
  /** Nothing in the documents answers it; `offerPerson` adds the question "shall I pass it on?". */
  knowledgeUnknown(offerPerson: boolean): string;
  injectionRefusal(): string;
  thanks(): string;
  /** A reminder's appointment confirmed in the patient's own words ("yes, I'll be there"). */
  attending(): string;
  anythingElse(): string;
  stopped(): string;
  stuck(): string;
  askTarget(): string;
  offer(reason: OfferReason, serviceName: string | undefined, professionalName: string | undefined): string;
  pickOne(): string;
  whichOne(): string;
  noSlots(): string;
  askField(field: IntakeField, problem: string | null): string;
  requested(appointment: AppointmentResult): string;
  declined(): string;
  failed(message: string): string;
  appointments(list: AppointmentResult[]): string;
  noAppointments(): string;
  whichAppointment(): string;
  askNewTime(): string;
  rescheduled(appointment: AppointmentResult): string;
  cancelled(appointment: AppointmentResult): string;
  askCancellationReason(): string;
  defaultCancellationReason(): string;
  waitlistJoined(from: string, to: string): string;
  askWaitlistTarget(): string;
  handedOff(message: string | null): string;
  /** No request of the user is waiting on times a professional proposed. */
  noProposals(): string;
  /** Where the confirmation of an approved appointment is: the user's documents. */
  confirmationReady(appointment: AppointmentResult, title: string): string;
  noConfirmation(): string;
  /** Introduces the proposed times to choose from. */
  proposedTimes(professionalName: string, serviceName: string): string;
  proposalAccepted(appointment: AppointmentResult): string;
}

export function phrasesFor(locale: Locale): Phrases {
  return locale === 'es' ? spanishPhrases : englishPhrases;
}
