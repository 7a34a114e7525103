import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { createTestApp, type TestApp } from '@consulta/core-api/testing';
import {
  computeSlots,
  earliestSlots,
  type SlotQuery,
  type Weekday,
} from '../core-api/src/modules/availability/slot-engine';
import {
  generateProfessionals,
  insertAppointments,
  insertPatients,
  insertProfessionals,
  insertServices,
  longWeek,
  pickAppointments,
  seededRandom,
  type GeneratedProfessional,
  type GeneratedService,
} from './generate-professionals';
import {
  runConcurrently,
  summarize,
  timeInterleaved,
  timestamp,
  elapsedSince,
  type Summary,
} from './measure';
import {
  formatMs,
  formatRate,
  formatRatio,
  formatSummary,
  type ReportSection,
  type ResultRow,
} from './report';

/*
 * The scheduling benchmarks of one database: slots of one professional, the earliest-slot search
 * over 1,000 professionals, booking throughput and the one-slot race. Every measure sits next to a
 * baseline that does the unavoidable database work alone (bare SQL for the same rows), so the table
 * says how much the application adds on top, which stays meaningful on a noisy machine where
 * absolute times do not.
 */

// The test clock; every range below is in the weeks after it.
const now = new Date('2026-12-01T09:00:00Z');
const place = { organizationId: 'org-demo', domainId: 'medical' };
// The medical domain of the demo seed asks for these two answers.
const intake = { reason: 'Benchmark visit', date_of_birth: '1980-01-01' };
const clients = 32;
const raceRequests = 200;

const soloService: GeneratedService = {
  id: 'bench-solo-visit',
  specialty: 'bench solo',
  name: 'Bench visit',
  minutes: 30,
};
const cardiologyServices: GeneratedService[] = [
  { id: 'bench-cardio-consult', specialty: 'cardiology', name: 'Cardiology consultation', minutes: 30 },
  { id: 'bench-cardio-short', specialty: 'cardiology', name: 'Cardiology check', minutes: 20 },
];
const bookingService: GeneratedService = {
  id: 'bench-book-visit',
  specialty: 'bench booking',
  name: 'Bench booking',
  minutes: 30,
};

export interface BenchResult {
  section: ReportSection;
  /** Correctness checks that failed (a wrong race outcome, a baseline that fetched other data). */
  failures: string[];
}

export async function runSchedulingBench(engineLabel: (version: string) => string): Promise<BenchResult> {
  // Rate limits protect a public deployment; here every request comes from one address on purpose.
  const test = await createTestApp({
    now: now.toISOString(),
    environment: { RATE_LIMIT_PUBLIC_MAX: '1000000000', RATE_LIMIT_AUTH_MAX: '1000000000' },
  });
  try {
    const pool = test.runtime.database.pool;
    const version = (await pool.query<{ server_version: string }>('SHOW server_version')).rows[0]!
      .server_version;
    const failures: string[] = [];
    const rows: ResultRow[] = [];
    const notes: string[] = [];
    const patients = Array.from(
      { length: raceRequests },
      (_, index) => `bench-patient-${String(index).padStart(3, '0')}`,
    );
    await insertPatients(pool, patients, place.organizationId);
    await insertServices(pool, [soloService, ...cardiologyServices, bookingService], place);

    progress('slots of one professional');
    const solo = await slotsOfOneProfessional(test, pool, failures);
    rows.push(...solo.rows);
    notes.push(solo.note);
    progress('earliest slots over 1,000 professionals');
    const earliest = await earliestOverMany(test, pool, failures);
    rows.push(...earliest.rows);
    notes.push(earliest.note);
    const tokens = await Promise.all(patients.map((id) => test.tokenFor(id)));
    progress('booking throughput');
    const booking = await bookingThroughput(test, pool, tokens, failures);
    rows.push(...booking.rows);
    notes.push(...booking.notes);
    progress('one-slot race');
    const race = await oneSlotRace(test, pool, tokens, failures);
    rows.push(...race.rows);
    notes.push(race.note);
    return { section: { title: engineLabel(version), rows, notes }, failures };
  } finally {
    await test.close();
  }
}

const progress = (step: string) => process.stderr.write(`  · ${step}\n`);

/* ---------- 1. Slots of one professional over 30 days ---------- */

async function slotsOfOneProfessional(test: TestApp, pool: pg.Pool, failures: string[]) {
  const from = '2026-12-02';
  const to = '2026-12-31';
  const [professional] = generateProfessionals({
    count: 1,
    idPrefix: 'bench-solo',
    specialty: soloService.specialty,
    services: [soloService],
    from,
    to,
    seed: 1,
    zones: ['Europe/Madrid'],
    weekly: [...weekdays('09:00', '13:00'), ...weekdays('15:00', '19:00')],
  });
  // Fixed rather than drawn: one closed day and one short day, so both exception paths run.
  Object.assign(professional!, {
    bufferMinutes: 10,
    minNoticeHours: 12,
    exceptions: [
      { date: '2026-12-08', closed: true },
      { date: '2026-12-24', closed: false, start: '09:00', end: '13:00' },
    ],
  });
  const solo = professional!;
  await insertProfessionals(pool, [solo], place);
  const booked = pickAppointments(solo, soloService, {
    from,
    to,
    now,
    count: 40,
    random: seededRandom(11),
    patientId: 'bench-patient-000',
  });
  await insertAppointments(pool, booked, place);

  const span = coveringInstants(from, to);
  // Bare SQL: the three row sets the computation needs (settings of the professional are known here).
  const fetchRows = async () => ({
    weekly: (
      await pool.query(
        `SELECT weekday, start_time, end_time FROM availability.weekly_rules WHERE professional_id = $1`,
        [solo.id],
      )
    ).rows,
    exceptions: (
      await pool.query(
        `SELECT date::text AS date, closed, start_time, end_time FROM availability.exceptions WHERE professional_id = $1 AND date BETWEEN $2 AND $3`,
        [solo.id, from, to],
      )
    ).rows,
    held: (
      await pool.query(
        `SELECT start_at, end_at, buffer_minutes FROM appointments.appointments
          WHERE professional_id = $1 AND status IN ('requested', 'approved') AND hold_until > $2 AND start_at < $3`,
        [solo.id, span.from, span.to],
      )
    ).rows,
  });
  const fetched = await fetchRows();
  const query: SlotQuery = {
    profile: profileOf(solo, fetched.weekly, fetched.exceptions),
    serviceMinutes: soloService.minutes,
    from,
    to,
    now,
    busy: fetched.held.map(toBusy),
  };
  const url = `/api/v1/professionals/${solo.id}/slots?service=${soloService.id}&from=${from}&to=${to}`;
  const endpoint = async () => {
    const response = await test.app.inject({ method: 'GET', url });
    if (response.statusCode !== 200) throw new Error(`GET ${url}: ${response.statusCode} ${response.body}`);
    return response;
  };

  // The baseline must fetch what the endpoint used: same slots from both, or the comparison is void.
  const pure = computeSlots(query);
  const served = (await endpoint()).json().slots as Array<{ start: string }>;
  if (
    served.length !== pure.length ||
    served.some((slot, index) => Date.parse(slot.start) !== pure[index]!.start.getTime())
  )
    failures.push(
      `slots of one professional: endpoint gave ${served.length} slots, computeSlots on the bare rows ${pure.length}`,
    );

  const timings = await timeInterleaved(
    { compute: () => computeSlots(query), endpoint, fetch: fetchRows },
    { warmup: 20, iterations: 300, budgetMs: 10_000, minIterations: 30 },
  );
  return {
    rows: [
      perCallRow(
        'Slots, 1 professional × 30 days: `computeSlots` (pure)',
        timings.compute,
        timings.fetch,
        '≤ 1× fetch',
        true,
      ),
      perCallRow(
        'Slots, 1 professional × 30 days: `GET /professionals/{id}/slots`',
        timings.endpoint,
        timings.fetch,
        '—',
        false,
      ),
    ],
    note:
      `Slots: ${pure.length} slots offered out of a 30-day week grid with ${booked.length} booked appointments, 1 closed and 1 short day; ` +
      `baseline = the 3 bare SELECTs (weekly rules, exceptions, held appointments); ${timings.compute.count} timed rounds, interleaved.`,
  };
}

/* ---------- 2. Earliest slots over 1,000 professionals and 14 days ---------- */

async function earliestOverMany(test: TestApp, pool: pg.Pool, failures: string[]) {
  const from = '2026-12-02';
  const to = '2026-12-15';
  const specialty = 'cardiology';
  const professionals = generateProfessionals({
    count: 1000,
    idPrefix: 'bench-cardio',
    specialty,
    services: cardiologyServices,
    from,
    to,
    seed: 2,
  });
  await insertProfessionals(pool, professionals, place);
  // Three appointments each, two of them in the first two days, where the search looks first.
  const random = seededRandom(22);
  const booked = professionals.flatMap((professional) =>
    pickAppointments(professional, serviceById(professional.serviceIds[0]!), {
      from,
      to,
      now,
      count: 3,
      earlyCount: 2,
      earlyUntil: new Date('2026-12-04T00:00:00Z'),
      random,
      patientId: 'bench-patient-001',
    }),
  );
  await insertAppointments(pool, booked, place);

  const span = coveringInstants(from, to);
  // Bare SQL for the same rows as the endpoint: matching professionals with their services, the
  // specialty's services, then rules, exceptions and held time of those professionals.
  const fetchRows = async (): Promise<EarliestRows> => {
    const found = (
      await pool.query(
        `SELECT p.id, p.timezone, p.buffer_minutes, p.min_notice_hours, p.booking_horizon_days,
                array_agg(s.service_id ORDER BY s.service_id) AS service_ids
           FROM directory.professionals p JOIN directory.professional_services s ON s.professional_id = p.id
          WHERE p.specialty = $1 GROUP BY p.id`,
        [specialty],
      )
    ).rows;
    const ids = found.map((row) => row.id as string);
    return {
      professionals: found,
      services: (
        await pool.query(`SELECT id, minutes FROM directory.services WHERE specialty = $1`, [specialty])
      ).rows,
      weekly: (
        await pool.query(
          `SELECT professional_id, weekday, start_time, end_time FROM availability.weekly_rules WHERE professional_id = ANY($1)`,
          [ids],
        )
      ).rows,
      exceptions: (
        await pool.query(
          `SELECT professional_id, date::text AS date, closed, start_time, end_time FROM availability.exceptions
            WHERE professional_id = ANY($1) AND date BETWEEN $2 AND $3`,
          [ids, from, to],
        )
      ).rows,
      held: (
        await pool.query(
          `SELECT professional_id, start_at, end_at, buffer_minutes FROM appointments.appointments
            WHERE professional_id = ANY($1) AND status IN ('requested', 'approved') AND hold_until > $2 AND start_at < $3`,
          [ids, span.from, span.to],
        )
      ).rows,
    };
  };
  const queries = toEarliestQueries(await fetchRows(), from, to);
  const url = `/api/v1/slots?specialty=${specialty}&from=${from}&to=${to}&limit=10`;
  const endpoint = async () => {
    const response = await test.app.inject({ method: 'GET', url });
    if (response.statusCode !== 200) throw new Error(`GET ${url}: ${response.statusCode} ${response.body}`);
    return response;
  };

  const pure = earliestSlots(queries, 10);
  const served = (await endpoint()).json().slots as Array<{ start: string; professionalId: string }>;
  const same =
    served.length === pure.length &&
    served.every(
      (slot, index) =>
        Date.parse(slot.start) === pure[index]!.start.getTime() && slot.professionalId === pure[index]!.key,
    );
  if (!same) failures.push('earliest slots: the endpoint and earliestSlots on the bare rows disagree');

  const timings = await timeInterleaved(
    { compute: () => earliestSlots(queries, 10), endpoint, fetch: fetchRows },
    { warmup: 5, iterations: 100, budgetMs: 20_000, minIterations: 20 },
  );
  return {
    rows: [
      perCallRow(
        'Earliest 10 slots, 1,000 professionals × 14 days: `earliestSlots` (pure)',
        timings.compute,
        timings.fetch,
        '≤ 1× fetch',
        true,
      ),
      perCallRow(
        'Earliest 10 slots, 1,000 professionals × 14 days: `GET /slots?specialty=…&limit=10`',
        timings.endpoint,
        timings.fetch,
        '—',
        false,
      ),
    ],
    note:
      `Earliest: ${professionals.length} professionals in ${new Set(professionals.map((p) => p.timeZone)).size} zones, ` +
      `${professionals.reduce((sum, p) => sum + p.weekly.length, 0)} weekly rules, ${professionals.reduce((sum, p) => sum + p.exceptions.length, 0)} exceptions, ` +
      `${booked.length} held appointments; baseline = the 5 bare SELECTs; ${timings.compute.count} timed rounds, interleaved.`,
  };
}

function toEarliestQueries(
  fetched: EarliestRows,
  from: string,
  to: string,
): Array<SlotQuery & { key: string }> {
  const minutesOf = new Map(fetched.services.map((row) => [row.id as string, row.minutes as number]));
  const group = (rows: Row[]) => {
    const byId = new Map<string, Row[]>();
    for (const row of rows) {
      const list = byId.get(row.professional_id) ?? [];
      list.push(row);
      byId.set(row.professional_id, list);
    }
    return byId;
  };
  const weekly = group(fetched.weekly);
  const exceptions = group(fetched.exceptions);
  const held = group(fetched.held);
  return fetched.professionals.flatMap((row) => {
    // As the service does: a professional's first service of the specialty stands for it.
    const serviceId = (row.service_ids as string[]).find((id) => minutesOf.has(id));
    if (!serviceId) return [];
    const settings = {
      timeZone: row.timezone,
      bufferMinutes: row.buffer_minutes,
      minNoticeHours: row.min_notice_hours,
      bookingHorizonDays: row.booking_horizon_days,
    };
    return [
      {
        key: row.id as string,
        profile: profileOf(settings, weekly.get(row.id) ?? [], exceptions.get(row.id) ?? []),
        serviceMinutes: minutesOf.get(serviceId)!,
        from,
        to,
        now,
        busy: (held.get(row.id) ?? []).map(toBusy),
      },
    ];
  });
}

/* ---------- 3. Booking throughput, 32 clients on distinct slots ---------- */

async function bookingThroughput(test: TestApp, pool: pg.Pool, tokens: string[], failures: string[]) {
  const from = '2026-12-02';
  const to = '2026-12-31';
  const professionals = generateProfessionals({
    count: 16,
    idPrefix: 'bench-book',
    specialty: bookingService.specialty,
    services: [bookingService],
    from,
    to,
    seed: 3,
    weekly: longWeek,
  });
  await insertProfessionals(pool, professionals, place);
  const perClient = 10;
  const needed = clients * (perClient + 1);
  // Valid distinct slots as a client finds them: from the slot endpoint, spread over professionals.
  const offered: Array<{ professionalId: string; start: string; end: string }> = [];
  for (const professional of professionals) {
    const response = await test.app.inject({
      method: 'GET',
      url: `/api/v1/professionals/${professional.id}/slots?service=${bookingService.id}&from=${from}&to=${to}`,
    });
    for (const slot of response.json().slots as Array<{ start: string; end: string }>)
      offered.push({ professionalId: professional.id, ...slot });
  }
  const random = seededRandom(33);
  for (let index = offered.length - 1; index > 0; index--) {
    const other = Math.floor(random() * (index + 1));
    [offered[index], offered[other]] = [offered[other]!, offered[index]!];
  }
  if (offered.length < needed) throw new Error(`only ${offered.length} slots for ${needed} bookings`);
  const warmupSlots = offered.slice(0, clients);
  const measuredSlots = offered.slice(clients, needed);
  const bufferOf = new Map(professionals.map((p) => [p.id, p.bufferMinutes]));

  const book = async (slot: (typeof offered)[number], worker: number) =>
    (
      await test.app.inject({
        method: 'POST',
        url: '/api/v1/appointments',
        headers: { authorization: `Bearer ${tokens[worker]}` },
        payload: {
          professionalId: slot.professionalId,
          serviceId: bookingService.id,
          start: slot.start,
          intake,
        },
      })
    ).statusCode;
  // The same row the appointments repository writes, under a shadow professional id so that it
  // neither collides with the booked rows nor skips the exclusion-constraint check.
  let bareId = 0;
  const bareInsert = async (slot: (typeof offered)[number], worker: number) => {
    const start = new Date(slot.start);
    const end = new Date(slot.end);
    const buffer = bufferOf.get(slot.professionalId)!;
    await pool.query(
      `INSERT INTO appointments.appointments (id, organization_id, professional_id, patient_id, service_id, domain_id, start_at, end_at,
         buffer_minutes, hold_until, status, message, intake, rescheduled_from, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $15)`,
      [
        `bench-bare-${bareId++}`,
        place.organizationId,
        `${slot.professionalId}~bare`,
        `bench-patient-${String(worker).padStart(3, '0')}`,
        bookingService.id,
        place.domainId,
        start,
        end,
        buffer,
        new Date(end.getTime() + buffer * 60_000),
        'requested',
        null,
        JSON.stringify(intake),
        null,
        now,
      ],
    );
    return 201;
  };

  await runConcurrently(warmupSlots, clients, bareInsert);
  // Statements are counted on the warm-up bookings, so the measured run is left untouched.
  const statementsPerBooking = await countingStatements(async () => {
    const warmup = await runConcurrently(warmupSlots, clients, book);
    return warmup.results.length;
  });
  const bare = await runConcurrently(measuredSlots, clients, bareInsert);
  // Whether the Node process itself is the bottleneck: a loop busy ~100% means the app's CPU work,
  // not the database, bounds the booking rate (on PGlite the database runs on that loop too).
  const loopBefore = performance.eventLoopUtilization();
  const api = await runConcurrently(measuredSlots, clients, book);
  const loopBusy = performance.eventLoopUtilization(loopBefore).utilization;

  const created = api.results.filter((status) => status === 201).length;
  if (created !== measuredSlots.length)
    failures.push(
      `booking: ${measuredSlots.length - created} of ${measuredSlots.length} bookings on free slots were refused (${[...new Set(api.results)].join(', ')})`,
    );
  const apiRate = created / (api.elapsedMs / 1000);
  const bareRate = measuredSlots.length / (bare.elapsedMs / 1000);
  const latency = summarize(api.latenciesMs);
  return {
    rows: [
      {
        measure: `Booking throughput, ${clients} concurrent clients, distinct slots: \`POST /appointments\``,
        value: `${formatRate(apiRate, 'bookings')} (latency ${formatSummary(latency)})`,
        baseline: `${formatRate(bareRate, 'rows')} bare INSERT, ${clients} workers (latency ${formatSummary(summarize(bare.latenciesMs))})`,
        ratio: formatRatio(apiRate / bareRate),
        target: '≥ 0.5× bare',
        met: apiRate / bareRate >= 0.5,
      },
    ],
    notes: [
      `Booking: ${measuredSlots.length} bookings (${perClient} per client) after ${clients} warm-up bookings, on ${professionals.length} professionals; ` +
        `${created} answered 201. One booking ran ${statementsPerBooking.toFixed(1)} SQL statements (reads, BEGIN/COMMIT, savepoint, ` +
        'appointment, history, outbox, audit, waitlist) against 1 for the bare INSERT; ' +
        `the Node event loop was busy ${(loopBusy * 100).toFixed(0)}% of the measured run.`,
    ],
  };
}

/* ---------- 4. 200 concurrent requests for one slot ---------- */

async function oneSlotRace(test: TestApp, pool: pg.Pool, tokens: string[], failures: string[]) {
  const [professional] = generateProfessionals({
    count: 1,
    idPrefix: 'bench-race',
    specialty: bookingService.specialty,
    services: [bookingService],
    from: '2026-12-02',
    to: '2026-12-02',
    seed: 4,
    weekly: longWeek,
    zones: ['Europe/Madrid'],
  });
  await insertProfessionals(pool, [professional!], place);
  const slots = (
    await test.app.inject({
      method: 'GET',
      url: `/api/v1/professionals/${professional!.id}/slots?service=${bookingService.id}&from=2026-12-03&to=2026-12-03`,
    })
  ).json().slots;
  const start = slots[0].start as string;
  const startedAt = timestamp();
  const statuses = await Promise.all(
    tokens.slice(0, raceRequests).map(
      async (token) =>
        (
          await test.app.inject({
            method: 'POST',
            url: '/api/v1/appointments',
            headers: { authorization: `Bearer ${token}` },
            payload: { professionalId: professional!.id, serviceId: bookingService.id, start, intake },
          })
        ).statusCode,
    ),
  );
  const elapsedMs = elapsedSince(startedAt);
  const count = (status: number) => statuses.filter((candidate) => candidate === status).length;
  const others = statuses.filter((status) => status !== 201 && status !== 409);
  const held = Number(
    (
      await pool.query(
        `SELECT count(*) FROM appointments.appointments WHERE professional_id = $1 AND start_at = $2 AND status IN ('requested', 'approved')`,
        [professional!.id, new Date(start)],
      )
    ).rows[0].count,
  );
  const met = count(201) === 1 && count(409) === raceRequests - 1 && held === 1;
  if (!met)
    failures.push(
      `one-slot race: ${count(201)}× 201, ${count(409)}× 409, others ${others.join(',') || 'none'}, ${held} held rows`,
    );
  return {
    rows: [
      {
        measure: `${raceRequests} concurrent \`POST /appointments\` for one slot`,
        value: `${count(201)}× 201, ${count(409)}× 409, ${others.length} other; ${held} held row`,
        baseline: '—',
        ratio: '—',
        target: 'exactly one 201, the rest 409',
        met,
      },
    ],
    note: `Race: ${raceRequests} distinct patients, all requests in flight at once; the burst took ${formatMs(elapsedMs)}.`,
  };
}

/* ---------- helpers ---------- */

// Rows as pg returns them; their shape is fixed by the SELECTs above.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Row = Record<string, any>;

interface EarliestRows {
  professionals: Row[];
  services: Row[];
  weekly: Row[];
  exceptions: Row[];
  held: Row[];
}

function perCallRow(
  measure: string,
  value: Summary,
  baseline: Summary,
  target: string,
  hasTarget: boolean,
): ResultRow {
  const ratio = value.medianMs / baseline.medianMs;
  return {
    measure,
    value: formatSummary(value),
    baseline: `${formatSummary(baseline)} bare SQL`,
    ratio: formatRatio(ratio),
    target,
    met: hasTarget ? ratio <= 1 : null,
  };
}

const weekdays = (start: string, end: string) =>
  ([1, 2, 3, 4, 5] as Weekday[]).map((weekday) => ({ weekday, start, end }));

const serviceById = (id: string) => cardiologyServices.find((service) => service.id === id)!;

// Same span as the availability service: instants that surely cover both local dates in any zone.
const coveringInstants = (from: string, to: string) => ({
  from: new Date(Date.parse(`${from}T00:00:00Z`) - 2 * 86_400_000),
  to: new Date(Date.parse(`${to}T00:00:00Z`) + 3 * 86_400_000),
});

// PostgreSQL returns time as "HH:MM:SS" ("24:00:00" at midnight's end); the engine wants "HH:MM".
const hhmm = (value: string) => value.slice(0, 5);

function profileOf(
  settings: Pick<
    GeneratedProfessional,
    'timeZone' | 'bufferMinutes' | 'minNoticeHours' | 'bookingHorizonDays'
  >,
  weekly: Row[],
  exceptions: Row[],
): SlotQuery['profile'] {
  return {
    timeZone: settings.timeZone,
    bufferMinutes: settings.bufferMinutes,
    minNoticeHours: settings.minNoticeHours,
    bookingHorizonDays: settings.bookingHorizonDays,
    weeklyRules: weekly.map((row) => ({
      weekday: row.weekday as Weekday,
      start: hhmm(row.start_time),
      end: hhmm(row.end_time),
    })),
    exceptions: exceptions.map((row) =>
      row.closed
        ? { date: row.date, closed: true }
        : { date: row.date, closed: false, start: hhmm(row.start_time), end: hhmm(row.end_time) },
    ),
  };
}

const toBusy = (row: Row) => ({
  start: row.start_at as Date,
  end: row.end_at as Date,
  bufferMinutes: row.buffer_minutes as number,
});

/**
 * Statements per operation: counts every query sent by any pg client (pool.query and transaction
 * clients alike, on both engines) while `work` runs, divided by the operations it reports.
 */
async function countingStatements(work: () => Promise<number>): Promise<number> {
  const prototype = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const original = prototype.query;
  let statements = 0;
  prototype.query = function (this: unknown, ...args: unknown[]) {
    statements++;
    return original.apply(this, args);
  };
  try {
    const operations = await work();
    return statements / operations;
  } finally {
    prototype.query = original;
  }
}
