/**
 * A professional's own calendar: a day or a range, the next patient,
 * blocking time, and approving or declining requests. Like the patient
 * tasks, every step is recomputed from the task's texts and the skills'
 * answers; the graph asks the professional to confirm each change.
 */
import { DateTime } from 'luxon';
import { dayLabel, rangeLabel } from './calendar-text';
import { OFFER_HANDOFF, decided, type Awaiting, type Decision, type PolicyContext } from './policy-context';
import type { ScheduleEntry, SkillResults } from './skill-contract';
import { call, numbered, reply, type Choice } from './steps';
import { errorCode, errorMessage, latest, type Task } from './tasks';
import { isoDate, localToday } from './understanding/calendar';
import { extractReason, parseChoice, parseDateTime, parseYesNo } from './understanding/index';
import { tokenize } from './understanding/normalize-text';
import { parseTimeRange } from './understanding/parse-time-range';
import { asksForPendingOnly, meansEveryRequest, readProfessionalRequest, withoutReason } from './understanding/professional-requests';

const NEXT_PATIENT_DAYS = 14;
/** "approve all pending" without a day looks this far ahead. */
const PENDING_DAYS = 60;
/** Answers that mean nothing needed doing, said in the skill's own words. */
const NOTHING_TO_BLOCK = new Set(['already_closed', 'not_open_then', 'date_in_past']);

const today = (context: PolicyContext) => isoDate(localToday(context.clock.now, context.clock.timeZone));
const plusDays = (date: string, days: number) => isoDate(DateTime.fromISO(date).plus({ days }));
const failed = (result: unknown, context: PolicyContext) => decided(reply(context.phrases.failed(errorMessage(result))), OFFER_HANDOFF);

// A result of another shape (an LLM-era tool, a changed contract) is a failure to report, never a crash.
const isBlockResult = (result: unknown): result is SkillResults['block_time'] =>
  typeof (result as { label?: unknown } | null)?.label === 'string' && Array.isArray((result as { openHours?: unknown }).openHours);
const isDecideResult = (result: unknown): result is SkillResults['decide_appointments'] =>
  Array.isArray((result as { results?: unknown } | null)?.results);

function scheduleOf(task: Task): ScheduleEntry[] {
  const result = latest(task, 'list_schedule')?.result as SkillResults['list_schedule'] | undefined;
  return Array.isArray(result?.appointments) ? result.appointments : [];
}

function byDay(entries: ScheduleEntry[], context: PolicyContext): Array<{ day: string; entries: ScheduleEntry[] }> {
  const days = new Map<string, ScheduleEntry[]>();
  for (const entry of entries) days.set(entry.localDate, [...(days.get(entry.localDate) ?? []), entry]);
  return [...days].map(([date, listed]) => ({ day: dayLabel(date, context.clock.locale), entries: listed }));
}

export function scheduleStep(task: Task, context: PolicyContext): Decision {
  const pendingOnly = asksForPendingOnly(task.texts[0] ?? '');
  const from = task.request.from ?? today(context);
  const to = task.request.to ?? (task.request.from === undefined && pendingOnly ? plusDays(from, PENDING_DAYS) : from);
  const listed = latest(task, 'list_schedule');
  if (listed === undefined) return decided(call('list_schedule', { from, to, status: pendingOnly ? 'requested' : 'active' }));
  if (errorCode(listed.result) !== null) return failed(listed.result, context);
  const entries = scheduleOf(task);
  const say = context.professionalPhrases;
  if (entries.length === 0) return decided(reply(say.emptySchedule(rangeLabel(from, to, context.clock.locale), pendingOnly)));
  const pending = pendingOnly ? 0 : entries.filter((entry) => entry.status === 'requested').length;
  return decided(reply(say.schedule(byDay(entries, context), pending)));
}

export function nextPatientStep(task: Task, context: PolicyContext): Decision {
  const listed = latest(task, 'list_schedule');
  if (listed === undefined) {
    return decided(call('list_schedule', { from: today(context), to: plusDays(today(context), NEXT_PATIENT_DAYS - 1), status: 'active' }));
  }
  if (errorCode(listed.result) !== null) return failed(listed.result, context);
  const now = context.clock.now.getTime();
  const upcoming = scheduleOf(task).filter((entry) => Date.parse(entry.start) > now);
  const next = upcoming.find((entry) => entry.status === 'approved');
  const say = context.professionalPhrases;
  return decided(reply(next === undefined ? say.noNextPatient(upcoming.find((entry) => entry.status === 'requested')) : say.nextPatient(next)));
}

export function blockStep(task: Task, context: PolicyContext): Decision {
  const say = context.professionalPhrases;
  const done = latest(task, 'block_time');
  if (done !== undefined) {
    const code = errorCode(done.result);
    if (code === null && isBlockResult(done.result)) return decided(reply(say.blocked(done.result)));
    if (code === 'declined_by_user') return decided(reply(context.phrases.declined()));
    if (code !== null && NOTHING_TO_BLOCK.has(code)) return decided(reply(say.nothingToBlock(errorMessage(done.result))));
    return failed(done.result, context);
  }
  const date = task.request.from;
  if (date === undefined) return decided(reply(say.askBlockDay()), { kind: 'block-day' });
  const range = task.texts.map((text) => parseTimeRange(withoutReason(text))).findLast((found) => found !== null);
  const span = range ? { from: range.from, to: range.to } : task.request.partOfDay === undefined ? {} : { partOfDay: task.request.partOfDay };
  const reason = firstReason(task.texts);
  return decided(call('block_time', { date, ...span, ...(reason === null ? {} : { reason }) }));
}

export function decideStep(task: Task, context: PolicyContext): Decision {
  const say = context.professionalPhrases;
  const decision = readProfessionalRequest(task.texts[0] ?? '') === 'decline' ? 'decline' : 'approve';
  const done = latest(task, 'decide_appointments');
  if (done !== undefined) {
    const code = errorCode(done.result);
    if (code === null && isDecideResult(done.result)) return decided(reply(say.decided(done.result, scheduleOf(task))));
    if (code === 'declined_by_user') return decided(reply(context.phrases.declined()));
    return failed(done.result, context);
  }
  const from = task.request.from ?? today(context);
  const to = task.request.to ?? (task.request.from === undefined ? plusDays(from, PENDING_DAYS) : from);
  const listed = latest(task, 'list_schedule');
  if (listed === undefined) return decided(call('list_schedule', { from, to, status: 'requested' }));
  if (errorCode(listed.result) !== null) return failed(listed.result, context);

  const targets = requestsMeant(task, scheduleOf(task), context);
  if (targets.length === 0) return decided(reply(say.noPendingRequests(rangeLabel(from, to, context.clock.locale), task.request.time)));
  if (targets.length > 1 && !task.texts.some(meansEveryRequest)) {
    const choices: Choice[] = [
      ...targets.map((entry) => ({ label: `${entry.label} ${entry.patientName}`, value: entry.id })),
      { label: say.everyRequest(targets.length), value: 'all' },
    ];
    return decided(reply(`${say.whichRequest()}\n${numbered(choices)}`, choices), { kind: 'request', options: targets });
  }
  const reason = decision === 'decline' ? (task.decisionReason ?? firstReason(task.texts)) : null;
  if (decision === 'decline' && reason === null) return decided(reply(say.askDeclineReason()), { kind: 'decline-reason' });
  return decided(
    call('decide_appointments', {
      decisions: targets.map((entry) => ({ appointmentId: entry.id, decision, ...(reason === null ? {} : { reason }) })),
    }),
  );
}

/** The pending requests a decision is about: narrowed by the time, part of day and patient named, or the one picked. */
function requestsMeant(task: Task, entries: ScheduleEntry[], context: PolicyContext): ScheduleEntry[] {
  const now = context.clock.now.getTime();
  let targets = entries.filter((entry) => entry.status === 'requested' && Date.parse(entry.start) > now);
  if (task.appointmentId !== null) return targets.filter((entry) => entry.id === task.appointmentId);
  const { time, partOfDay } = task.request;
  if (time !== undefined) targets = targets.filter((entry) => entry.localTime === time);
  else if (partOfDay !== undefined) targets = targets.filter((entry) => inPartOfDay(entry.localTime, partOfDay));
  const named = byPatientName(task.texts, targets);
  return named.length > 0 ? named : targets;
}

function inPartOfDay(localTime: string, part: 'morning' | 'afternoon' | 'evening'): boolean {
  if (part === 'morning') return localTime < '12:00';
  if (part === 'afternoon') return localTime >= '12:00' && localTime < '18:00';
  return localTime >= '17:00';
}

// "approve Ana's request": a word of the patient's name (or its possessive) in what was said.
function byPatientName(texts: string[], entries: ScheduleEntry[]): ScheduleEntry[] {
  const said = new Set(texts.flatMap((text) => tokenize(text)));
  return entries.filter((entry) =>
    tokenize(entry.patientName).some((word) => word.length >= 3 && (said.has(word) || said.has(`${word}s`))),
  );
}

function firstReason(texts: string[]): string | null {
  for (const text of texts) {
    const reason = extractReason(text);
    if (reason !== null) return reason;
  }
  return null;
}

export function absorbProfessionalAnswer(task: Task, awaiting: Awaiting, text: string, context: PolicyContext): 'consumed' | 'abandoned' {
  const saysNo = parseYesNo(text) === 'no';
  if (awaiting.kind === 'decline-reason') {
    if (saysNo && text.trim().split(/\s+/).length <= 3) return 'abandoned';
    const reason = extractReason(text) ?? text.trim().replace(/^(?:because|porque)\s+/i, '');
    task.decisionReason = reason.length >= 3 ? reason : null;
    return 'consumed';
  }
  if (awaiting.kind === 'block-day') {
    const asked = parseDateTime(withoutReason(text), context.clock);
    if (asked?.from !== undefined) task.request = { ...task.request, ...asked };
    else if (saysNo) return 'abandoned';
    return 'consumed';
  }
  if (awaiting.kind === 'request') {
    if (meansEveryRequest(text) || text.trim() === 'all') return 'consumed';
    const index = parseChoice(text, awaiting.options.map((entry) => ({ label: `${entry.label} ${entry.patientName}`, date: entry.localDate, time: entry.localTime })));
    const picked = awaiting.options.find((entry) => entry.id === text.trim()) ?? (index === null ? undefined : awaiting.options[index]);
    if (picked !== undefined) task.appointmentId = picked.id;
    else if (saysNo) return 'abandoned';
  }
  return 'consumed';
}
