import { unwrap, type CoreApiClient } from '@consulta/core-api/client';
import type { ProposalResult } from './contract';
import type { SkillContext } from './skill-context';
import { describeInstant } from './zoned-time';

/** The proposal a request is waiting on (only the newest can be open), with its times in the user's zone. */
export async function openProposalOf(api: CoreApiClient, appointmentId: string, user: SkillContext['user']): Promise<ProposalResult | null> {
  const proposals = await unwrap(api.GET('/api/v1/appointments/{id}/proposals', { params: { path: { id: appointmentId } } }));
  const open = proposals.find((proposal) => proposal.status === 'open');
  if (!open) return null;
  return {
    id: open.id,
    starts: open.starts.map((start) => ({ start, ...describeInstant(start, user) })),
    message: open.message,
  };
}
