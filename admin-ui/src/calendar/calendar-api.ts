import { CoreApiError, unwrap, type Appointment } from '../api/admin-api';
import type { CoreClient, paths } from '../api/core-client';
import type { AvailabilityBody } from './availability-rules';

type JsonOf<T> = T extends { content: { 'application/json': infer Body } } ? Body : never;
export type SlotsAnswer = JsonOf<paths['/api/v1/professionals/{id}/availability/preview']['post']['responses'][200]>;
export type PreviewBody = AvailabilityBody & { service: string; from: string; to: string };

/** The cache key of one professional's stored availability, shared by the editor and the bulk change. */
export const availabilityKey = (professionalId: string) => ['availability', professionalId] as const;

/** What to show of any error: the server's message, with the fields it named. */
export const errorText = (error: Error) => (error instanceof CoreApiError ? error.explained : error.message);

/** One professional's requested and approved appointments overlapping [from, to), in start order. */
export function calendarAppointments(core: CoreClient, query: { professionalId: string; from: string; to: string }): Promise<Appointment[]> {
  // 500 is core-api's largest page: a week of one calendar fits well within it.
  const params = { status: 'requested,approved', from: query.from, to: query.to, limit: 500, professionalId: query.professionalId };
  return unwrap(core.GET('/api/v1/appointments', { params: { query: params } }));
}

/** The slots draft rules would offer (with current bookings), computed by core-api without saving them. */
export function previewSlots(core: CoreClient, professionalId: string, body: PreviewBody): Promise<SlotsAnswer> {
  return unwrap(core.POST('/api/v1/professionals/{id}/availability/preview', { params: { path: { id: professionalId } }, body }));
}
