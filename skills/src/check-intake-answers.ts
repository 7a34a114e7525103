import type { SkillInput, SkillResults } from './contract';
import { intakeFieldsOf, requireService } from './directory-lookup';
import { checkIntake } from './intake-rules';
import type { SkillContext } from './skill-context';
import { localDateIn } from './zoned-time';

/** Checks answers against the service's domain intake; each problem says what to re-ask and why. */
export async function run(input: SkillInput<'check_intake_answers'>, context: SkillContext): Promise<SkillResults['check_intake_answers']> {
  const service = await requireService(context.api, input.serviceId);
  const fields = await intakeFieldsOf(context.api, service);
  const problems = checkIntake(fields, input.answers, localDateIn(context.user.timeZone, context.now()));
  return { ok: problems.length === 0, problems };
}
