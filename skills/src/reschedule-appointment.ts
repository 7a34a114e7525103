import { unwrap } from '@consulta/core-api/client';
import type { SkillInput, SkillResults } from './contract';
import { loadDirectoryNames, toAppointmentResult } from './appointment-result';
import type { SkillContext } from './skill-context';

/** Moves one of the user's appointments; core-api ends the old row and links a new one to it. */
export async function run(input: SkillInput<'reschedule_appointment'>, context: SkillContext): Promise<SkillResults['reschedule_appointment']> {
  const moved = await unwrap(
    context.api.POST('/api/v1/appointments/{id}/reschedule', {
      params: { path: { id: input.appointmentId } },
      body: { start: input.start, ...(input.reason ? { reason: input.reason } : {}) },
    }),
  );
  return {
    appointment: toAppointmentResult(moved, await loadDirectoryNames(context.api), context.user),
    previousAppointmentId: moved.rescheduledFrom ?? input.appointmentId,
  };
}
