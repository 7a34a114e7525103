import { unwrap } from '@consulta/core-api/client';
import type { SkillInput, SkillResults } from './contract';
import { loadDirectoryNames, toAppointmentResult } from './appointment-result';
import type { SkillContext } from './skill-context';

/** Statuses that still hold a slot: the only ones a user can move or cancel. */
const activeStatuses = 'requested,approved';

/** The user's own appointments (core-api scopes the list to them), soonest first. */
export async function run(input: SkillInput<'list_my_appointments'>, context: SkillContext): Promise<SkillResults['list_my_appointments']> {
  const upcoming = input.status === 'upcoming';
  const [appointments, names] = await Promise.all([
    unwrap(context.api.GET('/api/v1/appointments', { params: { query: upcoming ? { status: activeStatuses } : {} } })),
    loadDirectoryNames(context.api),
  ]);
  const now = context.now().getTime();
  return {
    appointments: appointments
      .filter((appointment) => !upcoming || Date.parse(appointment.start) > now)
      .sort((left, right) => Date.parse(left.start) - Date.parse(right.start))
      .map((appointment) => toAppointmentResult(appointment, names, context.user)),
    timeZone: context.user.timeZone,
  };
}
