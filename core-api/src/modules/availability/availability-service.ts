import type { SlotCache } from './slot-cache';
import { DateTime } from 'luxon';
import type pg from 'pg';
import type { Clock } from '../../platform/clock';
import { inTransaction } from '../../platform/database/transaction';
import { createReadCache, type ReadCacheOptions } from '../../platform/read-cache';
import { forbidden, invalid, notFound } from '../../platform/errors';
import type { UserPrincipal } from '../identity/principal';
import { canManageProfessional, isAdmin } from '../identity/policy';
import { directoryCacheTtlMs, type DirectoryService } from '../directory/directory-service';
import type { Professional } from '../directory/directory-repository';
import type { AvailabilityRepository, AvailabilityRules } from './availability-repository';
import type { AvailabilityBody } from './availability-schemas';
import { checkAvailabilityRules } from './check-rules';
import { computeSlots, earliestSlots, formatInZone, isSlotOffered, type AvailabilityProfile, type BusyInterval, type SlotQuery } from './slot-engine';

/** Where the busy time of professionals comes from (the appointments module, and waitlist holds). */
export interface BusySource {
  busyIntervals(
    professionalIds: string[],
    from: Date,
    to: Date,
    options?: { excludeAppointmentId?: string; forPatientId?: string },
  ): Promise<Map<string, BusyInterval[]>>;
}

export interface AvailabilityServiceDependencies {
  pool: pg.Pool;
  repository: AvailabilityRepository;
  directory: DirectoryService;
  clock: Clock;
  /** Set once the appointments module exists; the two depend on each other through interfaces only. */
  busy: () => BusySource;
  /** How long one professional's rules are reused; by default as long as the directory's rows. */
  cache?: ReadCacheOptions;
  /** Slot lists shared by the replicas (Redis); without it every list is computed. */
  slotCache?: SlotCache;
}

const maximumRangeDays = 93;

export function createAvailabilityService(dependencies: AvailabilityServiceDependencies) {
  const { repository, directory, clock } = dependencies;
  // Read by every booking and slot list; forgotten below whenever this process replaces them.
  const rulesCache = createReadCache<AvailabilityRules>(dependencies.cache ?? { ttlMs: directoryCacheTtlMs });
  const rulesFor = (professionalId: string) =>
    rulesCache.get(professionalId, async () => (await repository.rulesOf([professionalId])).get(professionalId)!) as Promise<AvailabilityRules>;

  // With a slot cache: rules as of a slot version; a newer version (a change on any replica) reloads them.
  const versionedRules = new Map<string, { version: string; rules: AvailabilityRules }>();
  const rulesAt = async (professionalId: string, version: string) => {
    const known = versionedRules.get(professionalId);
    if (known?.version === version) return known.rules;
    const rules = (await repository.rulesOf([professionalId])).get(professionalId)!;
    versionedRules.set(professionalId, { version, rules });
    return rules;
  };

  const profileOf = (professional: Professional, rules: AvailabilityRules): AvailabilityProfile => ({
    timeZone: professional.timeZone,
    weeklyRules: rules.weekly,
    exceptions: rules.exceptions,
    bufferMinutes: professional.bufferMinutes,
    minNoticeHours: professional.minNoticeHours,
    bookingHorizonDays: professional.bookingHorizonDays,
  });

  const checkRange = (from: string, to: string) => {
    const start = DateTime.fromISO(from);
    const end = DateTime.fromISO(to);
    if (!start.isValid || !end.isValid) throw invalid('invalid_date', 'from and to must be dates as YYYY-MM-DD.');
    if (end < start) throw invalid('invalid_range', '"to" must not be before "from".');
    if (end.diff(start, 'days').days > maximumRangeDays)
      throw invalid('range_too_long', `Ask for at most ${maximumRangeDays} days at a time.`);
  };

  /** Instants that surely cover two local dates in any zone, for the busy-time query. */
  const coveringInstants = (from: string, to: string) => ({
    from: DateTime.fromISO(from, { zone: 'UTC' }).minus({ days: 2 }).toJSDate(),
    to: DateTime.fromISO(to, { zone: 'UTC' }).plus({ days: 3 }).toJSDate(),
  });

  const serviceOf = async (professional: Professional, serviceId: string) => {
    if (!professional.serviceIds.includes(serviceId)) {
      throw invalid('service_not_offered', `${professional.name} does not offer the service "${serviceId}".`, {
        offered: professional.serviceIds,
      });
    }
    return directory.service(serviceId);
  };

  const engine = <T>(run: () => T): T => {
    try {
      return run();
    } catch (error) {
      if (error instanceof RangeError) throw invalid('invalid_availability', error.message);
      throw error;
    }
  };

  /** Whether `start` is offered now under the slot rule, with this busy time. */
  const offeredAgainst = async (request: { professional: Professional; serviceMinutes: number; start: Date }, busy: BusyInterval[]) => {
    const rules = await rulesFor(request.professional.id);
    return engine(() =>
      isSlotOffered({ profile: profileOf(request.professional, rules), serviceMinutes: request.serviceMinutes, now: clock.now(), busy }, request.start),
    );
  };

  return {
    async availabilityOf(professionalId: string) {
      const professional = await directory.professional(professionalId);
      const rules = await rulesFor(professionalId);
      return { professionalId, timeZone: professional.timeZone, ...rules };
    },

    async replaceAvailability(principal: UserPrincipal, professionalId: string, body: AvailabilityBody) {
      if (!canManageProfessional(principal, professionalId)) throw notFound('professional', professionalId);
      await directory.professional(professionalId);
      const rules = checkAvailabilityRules(body);
      await inTransaction(dependencies.pool, (client) => repository.replaceRules(client, professionalId, rules));
      rulesCache.forget(professionalId);
      return this.availabilityOf(professionalId);
    },

    /** Replaces the rules of many professionals in one transaction: all or nothing. */
    async replaceMany(principal: UserPrincipal, items: Array<AvailabilityBody & { professionalId: string }>) {
      if (!isAdmin(principal)) throw forbidden('Only admins change the availability of several professionals at once.');
      const known = new Set((await directory.professionals({ ids: items.map((item) => item.professionalId) })).map((p) => p.id));
      const checked = items.map((item, index) => {
        if (!known.has(item.professionalId)) throw invalid('unknown_professional', `items[${index}]: no professional "${item.professionalId}".`);
        try {
          return { professionalId: item.professionalId, rules: checkAvailabilityRules(item) };
        } catch (error) {
          throw invalid('invalid_availability', `items[${index}] (${item.professionalId}): ${(error as Error).message}`, (error as { details?: unknown }).details);
        }
      });
      await inTransaction(dependencies.pool, async (client) => {
        for (const item of checked) await repository.replaceRules(client, item.professionalId, item.rules);
      });
      for (const item of checked) rulesCache.forget(item.professionalId);
      return { updated: checked.map((item) => item.professionalId) };
    },

    async slotsFor(query: { professionalId: string; serviceId: string; from: string; to: string }) {
      checkRange(query.from, query.to);
      const professional = await directory.professional(query.professionalId);
      const service = await serviceOf(professional, query.serviceId);
      const answer = (slots: Array<{ start: string; end: string }>) => ({ professionalId: professional.id, serviceId: service.id, timeZone: professional.timeZone, slots });
      const now = clock.now();
      // Read before anything else: whatever is computed after it is at least as new as this version.
      const version = dependencies.slotCache ? await repository.slotVersion(professional.id) : undefined;
      const key = `${professional.id}:${version}:${service.id}:${query.from}:${query.to}`;
      if (version !== undefined) {
        const cached = await dependencies.slotCache!.get(key);
        if (cached) {
          // Time only takes slots away (minimum notice); a list from a minute ago may keep one too many.
          const earliest = now.getTime() + professional.minNoticeHours * 3_600_000;
          return answer((JSON.parse(cached) as Array<{ start: string; end: string }>).filter((slot) => Date.parse(slot.start) >= earliest));
        }
      }
      // Rules cached by another replica's process may predate this version: re-read them with a new one.
      const rules = version === undefined ? await rulesFor(professional.id) : await rulesAt(professional.id, version);
      const span = coveringInstants(query.from, query.to);
      const busy = (await dependencies.busy().busyIntervals([professional.id], span.from, span.to)).get(professional.id) ?? [];
      const slots = engine(() =>
        computeSlots({ profile: profileOf(professional, rules), serviceMinutes: service.minutes, from: query.from, to: query.to, now, busy }),
      ).map((slot) => ({ start: formatInZone(slot.start, professional.timeZone), end: formatInZone(slot.end, professional.timeZone) }));
      if (version !== undefined) await dependencies.slotCache!.set(key, JSON.stringify(slots));
      return answer(slots);
    },

    /**
     * The slots draft rules would offer, with today's bookings, without saving anything: the
     * availability editor's preview. Only those who may change the rules may try them.
     */
    async previewSlots(principal: UserPrincipal, professionalId: string, draft: AvailabilityBody & { serviceId: string; from: string; to: string }) {
      if (!canManageProfessional(principal, professionalId)) throw notFound('professional', professionalId);
      checkRange(draft.from, draft.to);
      const professional = await directory.professional(professionalId);
      const service = await serviceOf(professional, draft.serviceId);
      const rules = checkAvailabilityRules(draft);
      const span = coveringInstants(draft.from, draft.to);
      const busy = (await dependencies.busy().busyIntervals([professional.id], span.from, span.to)).get(professional.id) ?? [];
      const slots = engine(() =>
        computeSlots({ profile: profileOf(professional, rules), serviceMinutes: service.minutes, from: draft.from, to: draft.to, now: clock.now(), busy }),
      ).map((slot) => ({ start: formatInZone(slot.start, professional.timeZone), end: formatInZone(slot.end, professional.timeZone) }));
      return { professionalId: professional.id, serviceId: service.id, timeZone: professional.timeZone, slots };
    },

    /** The earliest slots across every matching professional. */
    async earliest(query: {
      specialty?: string; serviceId?: string; domainId?: string; language?: string; professionalId?: string;
      from: string; to: string; limit: number;
    }) {
      checkRange(query.from, query.to);
      if (!query.specialty && !query.serviceId && !query.professionalId)
        throw invalid('missing_filter', 'Give a specialty, a service or a professional.');
      const professionals = await directory.professionals({
        specialty: query.specialty, serviceId: query.serviceId, domainId: query.domainId, language: query.language,
        ids: query.professionalId ? [query.professionalId] : undefined,
      });
      const services = await directory.services({ specialty: query.specialty });
      const minutesOf = new Map(services.map((service) => [service.id, service.minutes]));
      if (query.serviceId && !minutesOf.has(query.serviceId)) minutesOf.set(query.serviceId, (await directory.service(query.serviceId)).minutes);
      const rules = await repository.rulesOf(professionals.map((professional) => professional.id));
      const span = coveringInstants(query.from, query.to);
      const busy = await dependencies.busy().busyIntervals(professionals.map((professional) => professional.id), span.from, span.to);
      const now = clock.now();
      const queries: Array<SlotQuery & { key: string }> = [];
      const serviceOfProfessional = new Map<string, string>();
      for (const professional of professionals) {
        // Without a service, a professional's first service of the specialty stands for it.
        const serviceId = query.serviceId ?? professional.serviceIds.find((id) => minutesOf.has(id));
        if (!serviceId) continue;
        serviceOfProfessional.set(professional.id, serviceId);
        queries.push({
          key: professional.id,
          profile: profileOf(professional, rules.get(professional.id)!),
          serviceMinutes: minutesOf.get(serviceId)!,
          from: query.from,
          to: query.to,
          now,
          busy: busy.get(professional.id) ?? [],
        });
      }
      const byId = new Map(professionals.map((professional) => [professional.id, professional]));
      const slots = engine(() => earliestSlots(queries, query.limit));
      return {
        slots: slots.map((slot) => {
          const professional = byId.get(slot.key)!;
          return {
            start: formatInZone(slot.start, professional.timeZone),
            end: formatInZone(slot.end, professional.timeZone),
            professionalId: professional.id,
            professionalName: professional.name,
            serviceId: serviceOfProfessional.get(professional.id)!,
            timeZone: professional.timeZone,
          };
        }),
      };
    },

    /**
     * Whether a start is on the professional's grid now: inside open hours, after the minimum
     * notice, within the horizon. Busy time is left out: a new booking leaves it to the database
     * (the exclusion constraint over held appointments, a trigger over held waitlist offers).
     */
    isOnGrid: (request: { professional: Professional; serviceMinutes: number; start: Date }) => offeredAgainst(request, []),

    /**
     * Whether a start is bookable now under the slot rule, ignoring one
     * appointment (the one being moved) and holds offered to this patient.
     */
    async isBookable(request: { professional: Professional; serviceMinutes: number; start: Date; excludeAppointmentId?: string; patientId?: string }) {
      const { professional } = request;
      const from = new Date(request.start.getTime() - 2 * 86_400_000);
      const to = new Date(request.start.getTime() + 2 * 86_400_000);
      const busy = (
        await dependencies.busy().busyIntervals([professional.id], from, to, {
          excludeAppointmentId: request.excludeAppointmentId,
          forPatientId: request.patientId,
        })
      ).get(professional.id) ?? [];
      return offeredAgainst(request, busy);
    },
  };
}

export type AvailabilityService = ReturnType<typeof createAvailabilityService>;
