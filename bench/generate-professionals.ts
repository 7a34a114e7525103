import type pg from 'pg';
import {
  computeSlots,
  type DateException,
  type Slot,
  type WeeklyRule,
  type Weekday,
} from '../core-api/src/modules/availability/slot-engine';

/*
 * Synthetic directory data for the benchmarks, written straight into the module tables with a few
 * array-parameter INSERTs: going through the API would take longer than the benchmarks themselves,
 * and the rows are the same either way. A seeded PRNG keeps every run on the same data, so two runs
 * differ only by the machine, not by the draw.
 */

export interface GeneratedService {
  id: string;
  specialty: string;
  name: string;
  minutes: number;
}

export interface GeneratedProfessional {
  id: string;
  name: string;
  specialty: string;
  timeZone: string;
  bufferMinutes: number;
  minNoticeHours: number;
  bookingHorizonDays: number;
  serviceIds: string[];
  weekly: WeeklyRule[];
  exceptions: DateException[];
}

export const benchZones = ['Europe/Madrid', 'America/New_York', 'Europe/London', 'Asia/Tokyo'];

/** mulberry32: small, fast and good enough to vary test data. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(random: () => number, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

const rules = (days: Weekday[], start: string, end: string): WeeklyRule[] =>
  days.map((weekday) => ({ weekday, start, end }));

// Shapes of real practices: split days, short weeks, late afternoons, a Saturday morning.
const weeklyTemplates: WeeklyRule[][] = [
  [...rules([1, 2, 3, 4, 5], '09:00', '13:00'), ...rules([1, 2, 3, 4, 5], '15:00', '19:00')],
  rules([1, 2, 3, 4], '08:00', '14:00'),
  [...rules([2, 4], '10:00', '19:00'), ...rules([6], '09:00', '13:00')],
  rules([1, 3, 5], '14:00', '20:00'),
  [...rules([1, 2, 3, 4, 5], '08:30', '12:30'), ...rules([1, 2, 3, 4, 5], '13:30', '17:30')],
];

/** A long week, for professionals whose job is to offer many slots (booking benchmarks). */
export const longWeek: WeeklyRule[] = rules([1, 2, 3, 4, 5, 6], '08:00', '20:00');

const addDays = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
const daysBetween = (from: string, to: string) =>
  Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000);

export interface GenerateOptions {
  count: number;
  idPrefix: string;
  specialty: string;
  services: GeneratedService[];
  /** Dates that exceptions fall on (inclusive). */
  from: string;
  to: string;
  seed: number;
  zones?: readonly string[];
  /** Fixed weekly rules instead of the varied templates. */
  weekly?: WeeklyRule[];
}

export function generateProfessionals(options: GenerateOptions): GeneratedProfessional[] {
  const random = seededRandom(options.seed);
  const zones = options.zones ?? benchZones;
  const span = daysBetween(options.from, options.to);
  const width = String(options.count - 1).length;
  return Array.from({ length: options.count }, (_, index) => {
    const exceptions: DateException[] = [];
    // About a third close one day (a holiday), some work shorter hours on another.
    if (random() < 0.3)
      exceptions.push({ date: addDays(options.from, Math.floor(random() * (span + 1))), closed: true });
    if (random() < 0.15) {
      const date = addDays(options.from, Math.floor(random() * (span + 1)));
      if (!exceptions.some((exception) => exception.date === date))
        exceptions.push({ date, closed: false, start: '10:00', end: '14:00' });
    }
    const offered = options.services.filter(() => random() < 0.6);
    return {
      id: `${options.idPrefix}-${String(index).padStart(width, '0')}`,
      name: `Bench ${options.specialty} ${index}`,
      specialty: options.specialty,
      // Round-robin rather than random, so each zone holds its share even for small counts.
      timeZone: zones[index % zones.length]!,
      bufferMinutes: pick(random, [0, 5, 10, 15]),
      minNoticeHours: pick(random, [0, 2, 12, 24]),
      bookingHorizonDays: 90,
      serviceIds: (offered.length > 0 ? offered : [pick(random, options.services)])
        .map((service) => service.id)
        .sort(),
      weekly: options.weekly ?? pick(random, weeklyTemplates),
      exceptions: exceptions.sort((a, b) => a.date.localeCompare(b.date)),
    };
  });
}

export async function insertServices(
  pool: pg.Pool,
  services: GeneratedService[],
  place: { organizationId: string; domainId: string },
) {
  await pool.query(
    `INSERT INTO directory.services (id, organization_id, domain_id, specialty, name, minutes)
     SELECT id, $1, $2, specialty, name, minutes FROM unnest($3::text[], $4::text[], $5::text[], $6::int[]) AS s(id, specialty, name, minutes)`,
    [
      place.organizationId,
      place.domainId,
      services.map((s) => s.id),
      services.map((s) => s.specialty),
      services.map((s) => s.name),
      services.map((s) => s.minutes),
    ],
  );
}

export async function insertProfessionals(
  pool: pg.Pool,
  professionals: GeneratedProfessional[],
  place: { organizationId: string; domainId: string },
) {
  const column = <T>(read: (professional: GeneratedProfessional) => T) => professionals.map(read);
  await pool.query(
    `INSERT INTO directory.professionals (id, organization_id, name, domain_id, specialty, timezone, languages,
       buffer_minutes, min_notice_hours, booking_horizon_days, cancellation_cutoff_hours)
     SELECT id, $1, name, $2, specialty, timezone, '{en}', buffer, notice, horizon, 24
       FROM unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::int[], $8::int[], $9::int[])
         AS p(id, name, specialty, timezone, buffer, notice, horizon)`,
    [
      place.organizationId,
      place.domainId,
      column((p) => p.id),
      column((p) => p.name),
      column((p) => p.specialty),
      column((p) => p.timeZone),
      column((p) => p.bufferMinutes),
      column((p) => p.minNoticeHours),
      column((p) => p.bookingHorizonDays),
    ],
  );
  const offers = professionals.flatMap((p) => p.serviceIds.map((serviceId) => [p.id, serviceId] as const));
  await pool.query(
    `INSERT INTO directory.professional_services (professional_id, service_id) SELECT * FROM unnest($1::text[], $2::text[])`,
    [offers.map(([id]) => id), offers.map(([, serviceId]) => serviceId)],
  );
  const weekly = professionals.flatMap((p) => p.weekly.map((rule) => ({ id: p.id, ...rule })));
  await pool.query(
    `INSERT INTO availability.weekly_rules (professional_id, weekday, start_time, end_time)
     SELECT id, weekday, start_time::time, end_time::time FROM unnest($1::text[], $2::int[], $3::text[], $4::text[])
       AS r(id, weekday, start_time, end_time)`,
    [
      weekly.map((r) => r.id),
      weekly.map((r) => r.weekday),
      weekly.map((r) => r.start),
      weekly.map((r) => r.end),
    ],
  );
  const exceptions = professionals.flatMap((p) =>
    p.exceptions.map((exception) => ({ id: p.id, ...exception })),
  );
  await pool.query(
    `INSERT INTO availability.exceptions (professional_id, date, closed, start_time, end_time, reason)
     SELECT id, date::date, closed, start_time::time, end_time::time, 'bench'
       FROM unnest($1::text[], $2::text[], $3::bool[], $4::text[], $5::text[]) AS e(id, date, closed, start_time, end_time)`,
    [
      exceptions.map((e) => e.id),
      exceptions.map((e) => e.date),
      exceptions.map((e) => e.closed),
      exceptions.map((e) => e.start ?? null),
      exceptions.map((e) => e.end ?? null),
    ],
  );
}

/** Patients the benchmarks book for; the dev issuer signs tokens only for known users. */
export async function insertPatients(pool: pg.Pool, ids: string[], organizationId: string) {
  await pool.query(
    `INSERT INTO identity.users (id, organization_id, role, name, timezone)
     SELECT id, $1, 'patient', 'Bench patient ' || id, 'UTC' FROM unnest($2::text[]) AS u(id)`,
    [organizationId, ids],
  );
}

export interface BookedAppointment {
  id: string;
  professional: GeneratedProfessional;
  serviceId: string;
  patientId: string;
  start: Date;
  end: Date;
}

/**
 * `count` appointments on the professional's own slot grid, so none overlaps another (the exclusion
 * constraint would refuse it) and each sits where a real booking could; `earlyCount` of them fall
 * before `earlyUntil`, where an earliest-slot search looks first.
 */
export function pickAppointments(
  professional: GeneratedProfessional,
  service: GeneratedService,
  options: {
    from: string;
    to: string;
    now: Date;
    count: number;
    earlyCount?: number;
    earlyUntil?: Date;
    random: () => number;
    patientId: string;
  },
): BookedAppointment[] {
  const slots = computeSlots({
    profile: {
      timeZone: professional.timeZone,
      weeklyRules: professional.weekly,
      exceptions: professional.exceptions,
      bufferMinutes: professional.bufferMinutes,
      minNoticeHours: professional.minNoticeHours,
      bookingHorizonDays: professional.bookingHorizonDays,
    },
    serviceMinutes: service.minutes,
    from: options.from,
    to: options.to,
    now: options.now,
    busy: [],
  });
  const earlyUntil = options.earlyUntil?.getTime() ?? Number.NEGATIVE_INFINITY;
  const early = slots.filter((slot) => slot.start.getTime() < earlyUntil);
  const late = slots.filter((slot) => slot.start.getTime() >= earlyUntil);
  const earlyCount = Math.min(options.earlyCount ?? 0, early.length);
  const chosen = [
    ...draw(early, earlyCount, options.random),
    ...draw(late, options.count - earlyCount, options.random),
  ];
  return chosen.map((slot, index) => ({
    id: `bench-appt-${professional.id}-${index}`,
    professional,
    serviceId: service.id,
    patientId: options.patientId,
    start: slot.start,
    end: slot.end,
  }));
}

function draw(slots: Slot[], count: number, random: () => number): Slot[] {
  const pool = [...slots];
  const chosen: Slot[] = [];
  while (chosen.length < count && pool.length > 0)
    chosen.push(pool.splice(Math.floor(random() * pool.length), 1)[0]!);
  return chosen;
}

/** Held ('approved') rows with hold_until = end + buffer, as the appointments module writes them. */
export async function insertAppointments(
  pool: pg.Pool,
  appointments: BookedAppointment[],
  place: { organizationId: string; domainId: string },
) {
  const column = <T>(read: (appointment: BookedAppointment) => T) => appointments.map(read);
  await pool.query(
    `INSERT INTO appointments.appointments (id, organization_id, professional_id, patient_id, service_id, domain_id,
       start_at, end_at, buffer_minutes, hold_until, status, intake)
     SELECT id, $1, professional_id, patient_id, service_id, $2, start_at, end_at, buffer, end_at + make_interval(mins => buffer), 'approved', '{}'
       FROM unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::timestamptz[], $8::timestamptz[], $9::int[])
         AS a(id, professional_id, patient_id, service_id, start_at, end_at, buffer)`,
    [
      place.organizationId,
      place.domainId,
      column((a) => a.id),
      column((a) => a.professional.id),
      column((a) => a.patientId),
      column((a) => a.serviceId),
      column((a) => a.start),
      column((a) => a.end),
      column((a) => a.professional.bufferMinutes),
    ],
  );
}
