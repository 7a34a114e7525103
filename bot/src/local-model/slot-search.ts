/**
 * Finding and choosing a time: which list_slots search the request needs,
 * which slots to offer, and which one the user picked. Booking and
 * rescheduling share it.
 */
import { DateTime } from 'luxon';
import { localToday, isoDate } from './understanding/calendar';
import { parseChoice, parseDateTime, type DateTimeRequest, type Locale } from './understanding/index';
import type { Target } from './directory';
import type { SlotResult } from './skill-contract';
import type { Choice } from './steps';
import { latest, type Task } from './tasks';

export interface Clock {
  now: Date;
  timeZone: string;
  locale: Locale;
}

const DEFAULT_DAYS = 7;
const OFFERED = 5;
// With a clock time the whole day is fetched, so the nearest times can be offered.
const DAY_LIMIT = 10;

export function searchArgs(target: Target, request: DateTimeRequest, clock: Clock): Record<string, unknown> {
  const today = isoDate(localToday(clock.now, clock.timeZone));
  const from = request.from ?? today;
  const to = request.to ?? (request.from === undefined ? plusDays(today, DEFAULT_DAYS - 1) : from);
  return {
    ...target,
    from,
    to,
    // With a clock time, its part of the day is fetched: the time itself and its nearest neighbours.
    ...(request.time !== undefined ? { partOfDay: partOfDayOf(request.time) } : request.partOfDay !== undefined ? { partOfDay: request.partOfDay } : {}),
    limit: request.time === undefined ? OFFERED : DAY_LIMIT,
  };
}

function partOfDayOf(time: string): 'morning' | 'afternoon' | 'evening' {
  const hour = Number(time.slice(0, 2));
  return hour < 12 ? 'morning' : hour < 17 ? 'afternoon' : 'evening';
}

/** A week from the asked day with no part of day, for when the asked window is empty; null when that adds nothing. */
export function widenedArgs(args: Record<string, unknown>): Record<string, unknown> | null {
  const from = String(args.from);
  const widened: Record<string, unknown> = { ...args, to: plusDays(from, DEFAULT_DAYS - 1), limit: OFFERED };
  delete widened.partOfDay;
  return sameArgs(widened, args) ? null : widened;
}

export function sameArgs(left: Record<string, unknown>, right: Record<string, unknown>): boolean {
  return canonical(left) === canonical(right);
}

function canonical(value: Record<string, unknown>): string {
  return JSON.stringify(Object.keys(value).sort().map((key) => [key, value[key]]));
}

function plusDays(date: string, days: number): string {
  return DateTime.fromISO(date, { zone: 'UTC' }).plus({ days }).toISODate() ?? date;
}

export function slotsOf(result: unknown): SlotResult[] | null {
  const slots = (result as { slots?: unknown } | null)?.slots;
  return Array.isArray(slots) ? (slots as SlotResult[]) : null;
}

function allSlots(task: Task): SlotResult[] {
  return task.outcomes.filter((outcome) => outcome.name === 'list_slots').flatMap((outcome) => slotsOf(outcome.result) ?? []);
}

export function latestSlots(task: Task): SlotResult[] {
  const search = latest(task, 'list_slots');
  return search === undefined ? [] : (slotsOf(search.result) ?? []);
}

/** The slot the user picked, or the one at the exact time they asked for. */
export function chosenSlot(task: Task): SlotResult | null {
  if (task.pickedStart !== null) return allSlots(task).find((slot) => slot.start === task.pickedStart) ?? null;
  const { time, from, to } = task.request;
  if (time === undefined || task.staleSearch) return null;
  const inRange = (slot: SlotResult) => from === undefined || (slot.localDate >= from && slot.localDate <= (to ?? from));
  return latestSlots(task).find((slot) => slot.localTime === time && inRange(slot)) ?? null;
}

/** What to show: the earliest times, or the ones nearest to the time asked for. */
export function slotsToOffer(task: Task): SlotResult[] {
  const slots = latestSlots(task);
  const { time, from } = task.request;
  if (time === undefined) return slots.slice(0, OFFERED);
  const distance = (slot: SlotResult) =>
    (slot.localDate === (from ?? slot.localDate) ? 0 : 10_000) + Math.abs(minutes(slot.localTime) - minutes(time));
  const nearest = [...slots].sort((left, right) => distance(left) - distance(right)).slice(0, OFFERED);
  return nearest.sort((left, right) => left.start.localeCompare(right.start));
}

function minutes(time: string): number {
  return Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
}

export function slotChoices(slots: SlotResult[]): Choice[] {
  return slots.map((slot) => ({ label: slot.label, value: slot.start }));
}

/**
 * The options the user is answering: the buttons last shown when they are
 * slots of this task (another model may have worded the offer), else the
 * offer this policy would make.
 */
export function offeredOptions(task: Task, shownChoices: Choice[]): SlotResult[] {
  const known = allSlots(task);
  const shown = shownChoices.map((choice) => known.find((slot) => slot.start === choice.value));
  if (shown.length > 0 && shown.every((slot) => slot !== undefined)) return shown as SlotResult[];
  return slotsToOffer(task);
}

/** Reads a pick or a new date/time into the task; false when the message says neither. */
export function absorbSlotAnswer(task: Task, text: string, options: SlotResult[], clock: Clock): boolean {
  // A pressed button sends its value back: the slot's own start.
  const pressed = options.find((slot) => slot.start === text.trim());
  if (pressed !== undefined) {
    task.pickedStart = pressed.start;
    return true;
  }
  const index = parseChoice(
    text,
    options.map((slot) => ({ label: slot.label, time: slot.localTime, date: slot.localDate })),
  );
  const asked = parseDateTime(text, clock);
  const candidate = index === null ? undefined : options[index];
  // "January 4 at 9:40" names another day than the offered 9:40: a new request, not a pick.
  const picked = candidate !== undefined && asked?.from !== undefined && asked.from !== candidate.localDate ? undefined : candidate;
  if (picked !== undefined) {
    task.pickedStart = picked.start;
    return true;
  }
  if (asked === null) return false;
  // A new day replaces the old request; a bare time or part of day refines it.
  task.request = asked.from !== undefined ? asked : { ...task.request, ...asked };
  if (asked.time !== undefined) delete task.request.partOfDay;
  task.pickedStart = null;
  return true;
}
