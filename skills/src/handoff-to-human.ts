import { unwrap } from '@consulta/core-api/client';
import type { SkillInput, SkillResults } from './contract';
import type { SkillContext } from './skill-context';

/**
 * `POST /api/v1/handoffs` as the skill relies on it. Spelled out here because
 * the generated client may not know the route yet; once it does, this is
 * simply a narrower view of the same call.
 */
interface HandoffClient {
  POST(
    path: '/api/v1/handoffs',
    init: { body: { summary: string; channel?: string } },
  ): Promise<{ data?: { id: string; status: string }; error?: unknown; response: Response }>;
}

/** Asks for a person at the practice to take over the conversation. */
export async function run(input: SkillInput<'handoff_to_human'>, context: SkillContext): Promise<SkillResults['handoff_to_human']> {
  const api = context.api as unknown as HandoffClient;
  const handoff = await unwrap(api.POST('/api/v1/handoffs', { body: { summary: input.summary } }));
  return {
    handoffId: handoff.id,
    message: 'A person at the practice has been asked to take over and will answer in this conversation. Tell the user so.',
  };
}
