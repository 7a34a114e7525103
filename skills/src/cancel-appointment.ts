import { unwrap } from '@consulta/core-api/client';
import type { SkillInput, SkillResults } from './contract';
import { loadDirectoryNames, toAppointmentResult } from './appointment-result';
import type { SkillContext } from './skill-context';

/** Cancels one of the user's appointments with their reason (core-api checks ownership and the cutoff). */
export async function run(input: SkillInput<'cancel_appointment'>, context: SkillContext): Promise<SkillResults['cancel_appointment']> {
  const cancelled = await unwrap(
    context.api.POST('/api/v1/appointments/{id}/cancel', { params: { path: { id: input.appointmentId } }, body: { reason: input.reason } }),
  );
  return { appointment: toAppointmentResult(cancelled, await loadDirectoryNames(context.api), context.user) };
}
