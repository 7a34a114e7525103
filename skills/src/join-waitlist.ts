import { unwrap } from '@consulta/core-api/client';
import type { SkillInput, SkillResults } from './contract';
import type { SkillContext } from './skill-context';
import { SkillError } from './skill-error';

/** Puts the user on the waitlist; core-api offers them a slot when one frees up. */
export async function run(input: SkillInput<'join_waitlist'>, context: SkillContext): Promise<SkillResults['join_waitlist']> {
  if (!input.professionalId && !input.specialty) {
    throw new SkillError('missing_filter', 'The waitlist needs a professional or a specialty.', 'Call join_waitlist again with professionalId or specialty.');
  }
  const entry = await unwrap(
    context.api.POST('/api/v1/waitlist', {
      body: { professionalId: input.professionalId, specialty: input.specialty, from: input.from, to: input.to },
    }),
  );
  return { entryId: entry.id, from: entry.from, to: entry.to };
}
