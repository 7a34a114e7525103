import { unwrap } from '@consulta/core-api/client';
import type { SkillInput, SkillResults } from './contract';
import { loadDirectoryNames, toAppointmentResult } from './appointment-result';
import { openProposalOf } from './proposals';
import type { SkillContext } from './skill-context';
import { SkillError } from './skill-error';

/**
 * Accepts one time a professional proposed for the user's request: core-api
 * moves the request there, approved (the professional agreed by proposing it).
 * The proposal is looked up here, so the model only names the request and the time.
 */
export async function run(input: SkillInput<'accept_proposed_time'>, context: SkillContext): Promise<SkillResults['accept_proposed_time']> {
  const proposal = await openProposalOf(context.api, input.appointmentId, context.user);
  if (!proposal) {
    throw new SkillError(
      'no_open_proposal', 'No other times are waiting for an answer on this request.',
      "Call list_my_appointments: only a request with a proposal can be moved this way. Tell the user if none is waiting.",
    );
  }
  const wanted = Date.parse(input.start);
  const picked = proposal.starts.find((offered) => Date.parse(offered.start) === wanted);
  if (!picked) {
    const offered = proposal.starts.map((offered) => `${offered.start} (${offered.label})`).join(', ');
    throw new SkillError('start_not_proposed', 'That time is not one of the proposed times.', `Ask the user which of these they want and pass its start unchanged: ${offered}.`);
  }
  const moved = await unwrap(
    context.api.POST('/api/v1/appointments/{id}/proposals/{proposalId}/accept', {
      params: { path: { id: input.appointmentId, proposalId: proposal.id } },
      body: { start: picked.start },
    }),
  );
  return { appointment: toAppointmentResult(moved, await loadDirectoryNames(context.api), context.user), previousAppointmentId: input.appointmentId };
}
