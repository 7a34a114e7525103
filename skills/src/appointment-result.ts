import type { CoreApiClient, components } from '@consulta/core-api/client';
import type { AppointmentResult } from './contract';
import { loadProfessionals, loadServices } from './directory-lookup';
import type { SkillContext } from './skill-context';
import { describeInstant } from './zoned-time';

type Appointment = components['schemas']['def-3'];

/** Names of professionals and services, fetched once per skill call. */
export interface DirectoryNames {
  professional(id: string): string;
  service(id: string): string;
}

export async function loadDirectoryNames(api: CoreApiClient): Promise<DirectoryNames> {
  const [professionals, services] = await Promise.all([loadProfessionals(api), loadServices(api)]);
  return {
    professional: (id) => professionals.get(id)?.name ?? id,
    service: (id) => services.get(id)?.name ?? id,
  };
}

/** An appointment as the model sees it: names instead of ids alone, the time in the user's zone. */
export function toAppointmentResult(appointment: Appointment, names: DirectoryNames, user: SkillContext['user']): AppointmentResult {
  return {
    id: appointment.id,
    status: appointment.status,
    professionalId: appointment.professionalId,
    professionalName: names.professional(appointment.professionalId),
    serviceId: appointment.serviceId,
    serviceName: names.service(appointment.serviceId),
    start: appointment.start,
    label: describeInstant(appointment.start, user).label,
  };
}
