import type { SkillInput, SkillResults } from './contract';
import { checkDateRange, loadSchedule } from './schedule-entries';
import type { SkillContext } from './skill-context';

/** A professional's own calendar between two local dates (core-api gives a professional only theirs). */
export async function run(input: SkillInput<'list_schedule'>, context: SkillContext): Promise<SkillResults['list_schedule']> {
  checkDateRange(input.from, input.to, 'list_schedule');
  const appointments = await loadSchedule(context, input);
  return { appointments, from: input.from, to: input.to, timeZone: context.user.timeZone };
}
