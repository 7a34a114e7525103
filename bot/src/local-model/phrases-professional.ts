/**
 * What the local model says to a professional about their own calendar. Times
 * come from the skills' labels (the professional's zone); day headings from
 * `dayLabel`. The generic replies (thanks, failures, stuck) are the patient ones.
 */
import { line, requestLabel, scheduleLines } from './calendar-text';
import type { Phrases } from './phrases';
import { professionalPhrasesEs } from './phrases-professional-es';
import type { ScheduleEntry, SkillResults } from './skill-contract';
import type { Locale } from './understanding/index';

export interface ProfessionalPhrases {
  greeting(firstName: string): string;
  capabilities(): string;
  rephrase(): string;
  offTopic(): string;
  injectionRefusal(): string;
  /** The appointments of one or more days, with how many requests wait for a decision. */
  schedule(days: Array<{ day: string; entries: ScheduleEntry[] }>, pending: number): string;
  emptySchedule(range: string, pendingOnly: boolean): string;
  nextPatient(entry: ScheduleEntry): string;
  noNextPatient(firstPending: ScheduleEntry | undefined): string;
  askBlockDay(): string;
  blocked(result: SkillResults['block_time']): string;
  /** Nothing needed blocking (already closed, no hours then, a past date): the skill's own words. */
  nothingToBlock(message: string): string;
  noPendingRequests(range: string, time: string | undefined): string;
  whichRequest(): string;
  /** The label of the "all of them" choice. */
  everyRequest(count: number): string;
  askDeclineReason(): string;
  decided(result: SkillResults['decide_appointments'], entries: ScheduleEntry[]): string;
}

const englishStatus = (status: string) => (status === 'requested' ? 'requested, waiting for you' : status);

const professionalPhrasesEn: ProfessionalPhrases = {
  greeting: (name) => `Hi${name === '' ? '' : ` ${name}`}! ${CAPABILITIES_EN} What would you like to do?`,
  capabilities: () => `${CAPABILITIES_EN} What would you like to do?`,
  rephrase: () => `Sorry, I couldn't follow that. ${CAPABILITIES_EN}`,
  offTopic: () => `I can only help with your calendar. ${CAPABILITIES_EN}`,
  injectionRefusal: () => "I can't change how I work, and I only show what your own calendar holds.",
  schedule: (days, pending) =>
    `${scheduleLines(days, englishStatus)}${pending === 0 ? '' : `\n\n${pending === 1 ? '1 request is' : `${pending} requests are`} waiting for your decision.`}`,
  emptySchedule: (range, pendingOnly) => (pendingOnly ? `No requests are waiting for you on ${range}.` : `Nothing is booked on ${range}.`),
  nextPatient: (entry) => `Your next patient is ${entry.patientName}: ${entry.serviceName} on ${entry.label}.${entry.message ? ` Their message: "${entry.message}"` : ''}`,
  noNextPatient: (pending) =>
    `You have no confirmed appointments in the next two weeks.${pending === undefined ? '' : ` The first request waiting for you is ${pending.patientName} on ${pending.label}.`}`,
  askBlockDay: () => 'Which day should I block?',
  blocked: (result) => {
    const what = result.closedWholeDay ? `${result.label} is closed` : `${result.label} is blocked from ${result.blocked.from} to ${result.blocked.to}`;
    const open = result.openHours.length === 0 ? '' : ` Your hours that day are now ${result.openHours.map((window) => `${window.start}–${window.end}`).join(', ')}.`;
    const booked = result.stillBooked.length === 0
      ? ''
      : `\nStill booked in that time (not changed):\n${result.stillBooked.map((entry) => line(entry, englishStatus)).join('\n')}`;
    return `Done: ${what}; nobody can book then.${open}${booked}`;
  },
  nothingToBlock: (message) => `${message} Nothing was changed.`,
  noPendingRequests: (range, time) => `I can't find any request waiting for you${time === undefined ? '' : ` at ${time}`} on ${range}.`,
  whichRequest: () => 'Which request do you mean?',
  everyRequest: (count) => `All ${count}`,
  askDeclineReason: () => 'What reason should I give the patient for declining?',
  decided: (result, entries) => {
    const done = result.results.filter((item) => item.ok);
    const failed = result.results.filter((item) => !item.ok);
    const lines: string[] = [];
    for (const [decision, verb] of [['approve', 'Approved'], ['decline', 'Declined']] as const) {
      const items = done.filter((item) => item.decision === decision);
      if (items.length > 0) lines.push(`${verb}:\n${items.map((item) => `- ${requestLabel(item.appointmentId, entries, item.label)}`).join('\n')}`);
    }
    if (failed.length > 0) lines.push(`Not changed:\n${failed.map((item) => `- ${requestLabel(item.appointmentId, entries, undefined)}: ${item.error?.message ?? ''}`).join('\n')}`);
    return `${failed.length === 0 ? 'Done. ' : ''}${lines.join('\n')}${done.length > 0 ? '\nThe patients are told.' : ''}`;
  },
};

const CAPABILITIES_EN =
  'I can show your calendar ("what\'s on tomorrow?", "who is my next patient?"), approve or decline requests, and block time in your calendar.';

export function professionalPhrasesFor(locale: Locale): ProfessionalPhrases {
  return locale === 'es' ? professionalPhrasesEs : professionalPhrasesEn;
}

/** The patient phrases with the replies that describe what the assistant does said for a professional. */
export function withProfessionalReplies(phrases: Phrases, professional: ProfessionalPhrases): Phrases {
  return {
    ...phrases,
    greeting: professional.greeting,
    capabilities: professional.capabilities,
    rephrase: professional.rephrase,
    offTopic: professional.offTopic,
    injectionRefusal: professional.injectionRefusal,
  };
}
