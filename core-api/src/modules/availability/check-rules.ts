import { invalid } from '../../platform/errors';
import type { AvailabilityRules } from './availability-repository';
import type { AvailabilityBody } from './availability-schemas';
import type { Weekday } from './slot-engine';

/**
 * Checks availability a person typed: windows end after they start, windows
 * of one day do not overlap, open exceptions have hours. Answers the rules to
 * store, or throws `invalid_availability` listing every problem.
 */
export function checkAvailabilityRules(body: AvailabilityBody): AvailabilityRules {
  const problems: Array<{ field: string; message: string }> = [];
  body.weekly.forEach((rule, index) => {
    if (rule.end <= rule.start) problems.push({ field: `weekly[${index}]`, message: 'end must be after start.' });
  });
  for (let weekday = 1; weekday <= 7; weekday++) {
    const day = body.weekly
      .map((rule, index) => ({ ...rule, index }))
      .filter((rule) => rule.weekday === weekday)
      .sort((a, b) => a.start.localeCompare(b.start));
    for (let i = 1; i < day.length; i++) {
      if (day[i]!.start < day[i - 1]!.end)
        problems.push({ field: `weekly[${day[i]!.index}]`, message: `overlaps another window on weekday ${weekday}.` });
    }
  }
  const exceptions = body.exceptions ?? [];
  exceptions.forEach((exception, index) => {
    if (Number.isNaN(Date.parse(`${exception.date}T00:00:00Z`)))
      problems.push({ field: `exceptions[${index}].date`, message: 'not a calendar date.' });
    if (!exception.closed && (!exception.start || !exception.end || exception.end <= exception.start))
      problems.push({ field: `exceptions[${index}]`, message: 'an open exception needs start before end.' });
  });
  if (problems.length > 0) throw invalid('invalid_availability', 'The availability is not valid.', problems);
  return {
    weekly: body.weekly.map((rule) => ({ weekday: rule.weekday as Weekday, start: rule.start, end: rule.end })),
    exceptions: exceptions.map((exception) =>
      exception.closed
        ? { date: exception.date, closed: true, ...(exception.reason ? { reason: exception.reason } : {}) }
        : { date: exception.date, closed: false, start: exception.start, end: exception.end, ...(exception.reason ? { reason: exception.reason } : {}) },
    ),
  };
}
