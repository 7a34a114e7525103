import { unwrap } from '@consulta/core-api/client';
import type { SkillInput, SkillResults } from './contract';
import type { SkillContext } from './skill-context';
import { describeInstant } from './zoned-time';

/**
 * Approves or declines several requests in one call, as the served
 * professional: core-api checks each is theirs and still requested, and
 * answers each on its own, so one refusal does not undo the others.
 */
export async function run(input: SkillInput<'decide_appointments'>, context: SkillContext): Promise<SkillResults['decide_appointments']> {
  const decisions = input.decisions.map(({ appointmentId, decision, reason }) => ({
    appointmentId, decision, ...(reason?.trim() ? { reason: reason.trim() } : {}),
  }));
  const answer = await unwrap(context.api.POST('/api/v1/appointments/decisions', { body: { decisions } }));
  const decisionOf = new Map(decisions.map((item) => [item.appointmentId, item.decision]));
  const results = answer.results.map((result) => {
    const decision = decisionOf.get(result.appointmentId) ?? 'approve';
    if (!result.ok || !result.appointment) {
      return { appointmentId: result.appointmentId, decision, ok: false, error: result.error ?? { code: 'not_decided', message: 'The decision was not made.' } };
    }
    return {
      appointmentId: result.appointmentId, decision, ok: true,
      status: result.appointment.status, label: describeInstant(result.appointment.start, context.user).label,
    };
  });
  const count = (wanted: (result: (typeof results)[number]) => boolean) => results.filter(wanted).length;
  return {
    results,
    approved: count((result) => result.ok && result.decision === 'approve'),
    declined: count((result) => result.ok && result.decision === 'decline'),
    failed: count((result) => !result.ok),
  };
}
