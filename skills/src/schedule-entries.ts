import { unwrap, type CoreApiClient, type components } from '@consulta/core-api/client';
import type { ScheduleEntry } from './contract';
import { loadServices } from './directory-lookup';
import type { SkillContext } from './skill-context';
import { SkillError } from './skill-error';
import { daysBetween, describeInstant, shiftLocalDate } from './zoned-time';

type Appointment = components['schemas']['def-3'];

export type ScheduleStatus = 'active' | 'requested' | 'all';

const statusFilter: Record<ScheduleStatus, string | undefined> = { active: 'requested,approved', requested: 'requested', all: undefined };
const longestRangeDays = 92;
/** Names are read one appointment at a time (core-api names the patient on single reads only): a few at once. */
const namesAtOnce = 6;

export function checkDateRange(from: string, to: string, skill: string): void {
  const days = daysBetween(from, to);
  if (days < 0) throw new SkillError('invalid_range', '"to" is before "from".', `Call ${skill} again with from on or before to.`);
  if (days > longestRangeDays) {
    throw new SkillError('range_too_long', `Ask for at most ${longestRangeDays} days at a time.`, `Call ${skill} again with a range of at most ${longestRangeDays} days.`);
  }
}

/**
 * The patient of each appointment by name. The list route leaves names out
 * (it also serves admins' organisation-wide lists); a single read names the
 * patient, so one appointment per patient is read.
 */
async function patientNames(api: CoreApiClient, appointments: Appointment[]): Promise<Map<string, string>> {
  const firstOfPatient = new Map<string, string>();
  for (const appointment of appointments) if (!firstOfPatient.has(appointment.patientId)) firstOfPatient.set(appointment.patientId, appointment.id);
  const names = new Map<string, string>();
  const pending = [...firstOfPatient];
  while (pending.length > 0) {
    const batch = pending.splice(0, namesAtOnce);
    const read = await Promise.all(batch.map(([, id]) => unwrap(api.GET('/api/v1/appointments/{id}', { params: { path: { id } } }))));
    read.forEach((appointment) => names.set(appointment.patientId, appointment.patientName ?? appointment.patientId));
  }
  return names;
}

/**
 * The served user's appointments on local dates `from`..`to` in their zone,
 * soonest first. core-api scopes the list: a professional gets their calendar.
 * The instants asked for are a day wider on each side, then cut to the user's
 * dates, so no zone arithmetic is needed here.
 */
export async function loadSchedule(context: SkillContext, range: { from: string; to: string; status: ScheduleStatus }): Promise<ScheduleEntry[]> {
  const status = statusFilter[range.status];
  const query = {
    from: `${shiftLocalDate(range.from, -1)}T00:00:00Z`,
    to: `${shiftLocalDate(range.to, 2)}T00:00:00Z`,
    limit: 500,
    ...(status ? { status } : {}),
  };
  const [appointments, services] = await Promise.all([
    unwrap(context.api.GET('/api/v1/appointments', { params: { query } })),
    loadServices(context.api),
  ]);
  const inRange = appointments
    .map((appointment) => ({ appointment, moment: describeInstant(appointment.start, context.user) }))
    .filter(({ moment }) => moment.localDate >= range.from && moment.localDate <= range.to)
    .sort((left, right) => Date.parse(left.appointment.start) - Date.parse(right.appointment.start));
  const names = await patientNames(context.api, inRange.map(({ appointment }) => appointment));
  return inRange.map(({ appointment, moment }) => ({
    id: appointment.id,
    status: appointment.status,
    patientId: appointment.patientId,
    patientName: names.get(appointment.patientId) ?? appointment.patientId,
    serviceId: appointment.serviceId,
    serviceName: services.get(appointment.serviceId)?.name ?? appointment.serviceId,
    start: appointment.start,
    end: appointment.end,
    ...moment,
    message: appointment.message,
  }));
}
