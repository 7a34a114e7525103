import { CoreApiError, unwrap, type CoreApiClient } from '@consulta/core-api/client';
import type { SkillInput, SkillResults } from './contract';
import { describeWindows, partOfDayRanges, sameWindows, subtractRange, windowsOn, type Window } from './opening-hours';
import { loadSchedule } from './schedule-entries';
import type { SkillContext } from './skill-context';
import { SkillError } from './skill-error';
import { describeInstant, describeLocalDate, isoWeekdayOf, localDateIn } from './zoned-time';

type Input = SkillInput<'block_time'>;

const defaultReason = 'Blocked through the assistant';
const wholeDay: Window = { start: '00:00', end: '24:00' };

function blockedRange(input: Input): Window {
  if (input.from || input.to) {
    const range = { start: input.from ?? '00:00', end: input.to ?? '24:00' };
    if (range.end <= range.start) throw new SkillError('invalid_range', `${range.end} is not after ${range.start}.`, 'Call block_time again with from before to.');
    return range;
  }
  return input.partOfDay ? partOfDayRanges[input.partOfDay] : wholeDay;
}

/** The served user's own availability; anyone who is not a professional has none. */
async function ownAvailability(api: CoreApiClient, userId: string) {
  try {
    return await unwrap(api.GET('/api/v1/professionals/{id}/availability', { params: { path: { id: userId } } }));
  } catch (error) {
    if (error instanceof CoreApiError && error.status === 404) {
      throw new SkillError('not_a_professional', 'Only a professional can block time in their own calendar.', 'Do not retry: tell the user this is for professionals.');
    }
    throw error;
  }
}

/**
 * Closes a date, or part of it, in the served professional's calendar by
 * replacing that date's exceptions with what is left open (a closed
 * exception when nothing is). core-api takes availability whole, so this
 * reads it, changes one date and writes it back: an edit made by someone
 * else in between is overwritten, which a person blocking their own day
 * from a chat accepts.
 */
export async function run(input: Input, context: SkillContext): Promise<SkillResults['block_time']> {
  const label = describeLocalDate(input.date, context.user.locale);
  if (input.date < localDateIn(context.user.timeZone, context.now())) {
    throw new SkillError('date_in_past', `${label} has already passed.`, 'Ask the user which upcoming date they mean.');
  }
  const blocked = blockedRange(input);
  const availability = await ownAvailability(context.api, context.user.id);
  const open = windowsOn(input.date, isoWeekdayOf(input.date), availability.weekly, availability.exceptions);
  if (open.length === 0) throw new SkillError('already_closed', `${label} is already closed in this calendar.`, 'Tell the user there is nothing to block that day.');
  const left = subtractRange(open, blocked);
  if (sameWindows(left, open)) {
    throw new SkillError(
      'not_open_then', `There are no opening hours on ${label} between ${blocked.start} and ${blocked.end}; the hours that day are ${describeWindows(open)}.`,
      'Tell the user nothing needed blocking, with the hours of that day.',
    );
  }
  const reason = input.reason?.trim() || defaultReason;
  const replacement = left.length === 0
    ? [{ date: input.date, closed: true, reason }]
    : left.map((window) => ({ date: input.date, closed: false, start: window.start, end: window.end, reason }));
  await unwrap(context.api.PUT('/api/v1/professionals/{id}/availability', {
    params: { path: { id: context.user.id } },
    body: { weekly: availability.weekly, exceptions: [...availability.exceptions.filter((exception) => exception.date !== input.date), ...replacement] },
  }));
  // Blocking stops new bookings only; what is already booked then is the professional's to move or cancel.
  const zone = { timeZone: availability.timeZone, locale: context.user.locale };
  const stillBooked = (await loadSchedule(context, { from: input.date, to: input.date, status: 'active' })).filter((entry) => {
    const start = describeInstant(entry.start, zone);
    const end = describeInstant(entry.end, zone);
    const endTime = end.localDate > start.localDate ? '24:00' : end.localTime;
    return start.localDate === input.date && start.localTime < blocked.end && endTime > blocked.start;
  });
  return { date: input.date, label, closedWholeDay: left.length === 0, blocked: { from: blocked.start, to: blocked.end }, openHours: left, stillBooked };
}
