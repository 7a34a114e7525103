import { unwrap } from '@consulta/core-api/client';
import type { AppointmentResult, SkillInput, SkillResults } from './contract';
import { loadDirectoryNames, toAppointmentResult } from './appointment-result';
import { openProposalOf } from './proposals';
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
  const listed = appointments
    .filter((appointment) => !upcoming || Date.parse(appointment.start) > now)
    .sort((left, right) => Date.parse(left.start) - Date.parse(right.start))
    .map((appointment) => toAppointmentResult(appointment, names, context.user));
  return { appointments: await withOpenProposals(listed, context), timeZone: context.user.timeZone };
}

/**
 * A patient's request may be waiting on other times the professional
 * proposed; they are shown with it, so "yes, the 11:00 works" can be acted on.
 * Only patients are asked: a professional proposes, and never accepts.
 */
async function withOpenProposals(appointments: AppointmentResult[], context: SkillContext): Promise<AppointmentResult[]> {
  if (context.user.role !== undefined && context.user.role !== 'patient') return appointments;
  return Promise.all(
    appointments.map(async (appointment) => {
      if (appointment.status !== 'requested') return appointment;
      const proposal = await openProposalOf(context.api, appointment.id, context.user);
      return proposal ? { ...appointment, proposal } : appointment;
    }),
  );
}
