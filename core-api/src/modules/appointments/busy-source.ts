import type { BusySource } from '../availability/availability-service';
import type { BusyInterval } from '../availability/slot-engine';
import type { AppointmentsRepository } from './appointments-repository';
import type { WaitlistService } from './waitlist-service';

/** Busy time for the slot engine: held appointments, plus waitlist offers held for someone else. */
export function createBusySource(repository: AppointmentsRepository, waitlist: WaitlistService): BusySource {
  return {
    async busyIntervals(professionalIds, from, to, options = {}) {
      const result = new Map<string, BusyInterval[]>(professionalIds.map((id) => [id, []]));
      for (const row of await repository.heldIntervals(professionalIds, from, to, options.excludeAppointmentId)) {
        result.get(row.professional_id)!.push({ start: row.start_at, end: row.end_at, bufferMinutes: row.buffer_minutes });
      }
      for (const row of await waitlist.heldOffers(professionalIds, from, to, options.forPatientId)) {
        result.get(row.offered_professional_id)!.push({ start: row.offered_start, end: row.offered_end, bufferMinutes: 0 });
      }
      return result;
    },
  };
}
