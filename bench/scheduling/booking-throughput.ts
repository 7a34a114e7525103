import { performance } from 'node:perf_hooks';
import type pg from 'pg';
import type { TestApp } from '@consulta/core-api/testing';
import { countingStatements } from '../count-statements';
import { generateProfessionals, insertProfessionals, longWeek, seededRandom } from '../generate-professionals';
import { runConcurrently, summarize, type ConcurrentRun } from '../measure';
import { formatRate, formatRatio, formatSummary } from '../report';
import { createBookingRowsWriter } from './booking-rows';
import { bookingService, clients, intake, now, place } from './setup';

/*
 * Booking throughput: 32 clients, each booking distinct free slots one after another through
 * `POST /appointments`, next to the same 32 workers inserting the same rows with one bare INSERT
 * each through the same pool. The baseline is the least a booking must do in the database (write
 * its row past the exclusion constraint), done the cheapest way, so the ratio says what everything
 * else a booking does costs: HTTP, authentication, checks, history, outbox, audit. A second baseline
 * writes those rows bare (booking-rows.ts), splitting the gap into the database's share and the API's.
 */

const perClient = 60;
// A serving process has run its hot paths thousands of times: V8 optimises a function only after
// many calls, and the first few hundred bookings run Fastify, ajv and pg half-interpreted. Warmed
// alike on both sides, so the ratio compares steady states, as a running deployment has them.
const warmupPerClient = 20;
// The bookings and their two baselines take turns in rounds, so load from outside the benchmark hits
// all alike; each long enough (a few hundred bookings) that one scheduler hiccup does not decide a round.
const rounds = 6;
// A bare INSERT is so quick that one per booking would be timed over a few milliseconds, where any
// outside burst decides the rate: each slot is written this many times, under as many shadows.
const bareRepeats = 5;

type Slot = { professionalId: string; start: string; end: string };
type BareJob = Slot & { shadow: number };

// The row the appointments repository writes. Prepared, as the application prepares the statements
// it runs on every request: an unprepared baseline would be slower than it needs to be.
const bareInsert = {
  name: 'bench_bare_appointment_insert',
  text: `INSERT INTO appointments.appointments (id, organization_id, professional_id, patient_id, service_id, domain_id, start_at, end_at,
     buffer_minutes, hold_until, status, message, intake, rescheduled_from, created_at, updated_at)
   VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $15)`,
};

export async function bookingThroughput(test: TestApp, pool: pg.Pool, tokens: string[], failures: string[]) {
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
  const offered = await shuffledFreeSlots(test, professionals.map((professional) => professional.id), from, to);
  const warmups = clients * warmupPerClient;
  const needed = warmups + clients * (perClient + 1);
  if (offered.length < needed) throw new Error(`only ${offered.length} slots for ${needed} bookings`);
  const warmupSlots = offered.slice(0, warmups);
  const countedSlots = offered.slice(warmups, warmups + clients);
  const measuredSlots = offered.slice(warmups + clients, needed);
  const bufferOf = new Map(professionals.map((p) => [p.id, p.bufferMinutes]));

  const book = async (slot: Slot, worker: number) =>
    (
      await test.app.inject({
        method: 'POST',
        url: '/api/v1/appointments',
        headers: { authorization: `Bearer ${tokens[worker]}` },
        payload: { professionalId: slot.professionalId, serviceId: bookingService.id, start: slot.start, intake },
      })
    ).statusCode;
  // Under shadow professional ids, so that the row neither collides with the booked rows nor skips
  // the exclusion-constraint check: each shadow's calendar fills exactly as the real one does.
  let bareId = 0;
  const bare = async (job: BareJob, worker: number) => {
    const start = new Date(job.start);
    const end = new Date(job.end);
    const buffer = bufferOf.get(job.professionalId)!;
    await pool.query({
      ...bareInsert,
      values: [
        `bench-bare-${bareId++}`, place.organizationId, `${job.professionalId}~bare${job.shadow}`,
        `bench-patient-${String(worker).padStart(3, '0')}`, bookingService.id, place.domainId, start, end, buffer,
        new Date(end.getTime() + buffer * 60_000), 'requested', null, JSON.stringify(intake), null, now,
      ],
    });
    return 201;
  };
  // The rows a booking writes, bare: the database's share of a booking, so the table can tell what
  // the rows the issue asks for cost from what the API in front of them costs.
  const writeBookingRows = createBookingRowsWriter(test, pool);
  const rows = async (job: BareJob, worker: number) => {
    const buffer = bufferOf.get(job.professionalId)!;
    await writeBookingRows({
      ...place, professionalId: `${job.professionalId}~rows${job.shadow}`, patientId: `bench-patient-${String(worker).padStart(3, '0')}`,
      serviceId: bookingService.id, start: new Date(job.start), end: new Date(job.end), bufferMinutes: buffer, intake, now,
    });
    return 201;
  };

  // Warm-up for all three (JIT, prepared statements, the directory cache), then statements are counted on
  // a second warm-up pass, so they describe a warm booking and the measured runs are left untouched.
  const bareJobs = (slots: Slot[]): BareJob[] =>
    Array.from({ length: bareRepeats }, (_, shadow) => slots.map((slot) => ({ ...slot, shadow }))).flat();
  await runConcurrently(bareJobs([...warmupSlots, ...countedSlots]), clients, bare);
  await runConcurrently(bareJobs([...warmupSlots, ...countedSlots]), clients, rows);
  await runConcurrently(warmupSlots, clients, book);
  const statementsPerBooking = await countingStatements(async () => {
    const counted = await runConcurrently(countedSlots, clients, book);
    return counted.results.length;
  });

  const bareRuns: Array<ConcurrentRun<number>> = [];
  const rowsRuns: Array<ConcurrentRun<number>> = [];
  const apiRuns: Array<ConcurrentRun<number>> = [];
  // Whether the Node process itself is the bottleneck: a loop busy ~100% means the app's CPU work,
  // not the database, bounds the booking rate (on PGlite the database runs on that loop too).
  let loopBusyMs = 0;
  let apiMs = 0;
  // The process's CPU per booking and per bare row: the rates' ratio moves with whatever else runs,
  // this says how much work each costs this process (HTTP, checks and the driver's writes).
  let bareCpuMicros = 0;
  let apiCpuMicros = 0;
  let rowsCpuMicros = 0;
  const perRound = measuredSlots.length / rounds;
  for (let round = 0; round < rounds; round++) {
    const slots = measuredSlots.slice(round * perRound, (round + 1) * perRound);
    const bareCpu = process.cpuUsage();
    bareRuns.push(await runConcurrently(bareJobs(slots), clients, bare));
    bareCpuMicros += cpuSince(bareCpu);
    const rowsCpu = process.cpuUsage();
    rowsRuns.push(await runConcurrently(bareJobs(slots), clients, rows));
    rowsCpuMicros += cpuSince(rowsCpu);
    const apiCpu = process.cpuUsage();
    const loopBefore = performance.eventLoopUtilization();
    const api = await runConcurrently(slots, clients, book);
    const loop = performance.eventLoopUtilization(loopBefore);
    apiCpuMicros += cpuSince(apiCpu);
    loopBusyMs += loop.active;
    apiMs += loop.active + loop.idle;
    apiRuns.push(api);
  }

  const statuses = apiRuns.flatMap((run) => run.results);
  const created = statuses.filter((status) => status === 201).length;
  if (created !== measuredSlots.length)
    failures.push(
      `booking: ${measuredSlots.length - created} of ${measuredSlots.length} bookings on free slots were refused (${[...new Set(statuses)].join(', ')})`,
    );
  const apiRate = created / (apiRuns.reduce((sum, run) => sum + run.elapsedMs, 0) / 1000);
  const bareRate = (bareRepeats * measuredSlots.length) / (bareRuns.reduce((sum, run) => sum + run.elapsedMs, 0) / 1000);
  const rowsRate = (bareRepeats * measuredSlots.length) / (rowsRuns.reduce((sum, run) => sum + run.elapsedMs, 0) / 1000);
  const latency = (runs: Array<ConcurrentRun<number>>) => formatSummary(summarize(runs.flatMap((run) => run.latenciesMs)));
  const roundRatios = bareRuns.map((run, round) => run.elapsedMs / (bareRepeats * apiRuns[round]!.elapsedMs));
  return {
    rows: [
      {
        measure: `Booking throughput, ${clients} concurrent clients, distinct slots: \`POST /appointments\``,
        value: `${formatRate(apiRate, 'bookings')} (latency ${latency(apiRuns)})`,
        baseline: `${formatRate(bareRate, 'rows')} bare INSERT, ${clients} workers (latency ${latency(bareRuns)})`,
        ratio: formatRatio(apiRate / bareRate),
        target: '≥ 0.5× bare',
        met: apiRate / bareRate >= 0.5,
      },
      {
        measure: `The same rows each booking writes, bare: one prepared statement per booking, ${clients} workers`,
        value: `${formatRate(rowsRate, 'bookings')} (latency ${latency(rowsRuns)})`,
        baseline: `${formatRate(bareRate, 'rows')} bare INSERT`,
        ratio: formatRatio(rowsRate / bareRate),
        target: '—',
        met: null,
      },
    ],
    notes: [
      `Booking: ${measuredSlots.length} bookings (${perClient} per client, in ${rounds} rounds, each running the bare INSERTs, the same rows bare and the bookings in turn; ` +
        `ratio per round ${formatRatio(Math.min(...roundRatios))} to ${formatRatio(Math.max(...roundRatios))}) after ` +
        `${warmupSlots.length + countedSlots.length} warm-up bookings and ${bareRepeats * (warmupSlots.length + countedSlots.length)} of each baseline, on ${professionals.length} professionals; ${created} answered 201. ` +
        `A warm booking ran ${statementsPerBooking.toFixed(1)} SQL statements (the caller's user, and one statement ` +
        'writing the appointment with its history, outbox, audit and waitlist rows, whose INSERT meets taken times and held waitlist offers itself; ' +
        'professional, service, domain and rules from the cache) ' +
        `against 1 for the bare INSERT (prepared, as the application prepares its own; each slot written ${bareRepeats} times under shadow ids); ` +
        `the Node event loop was busy ${((100 * loopBusyMs) / apiMs).toFixed(0)}% of the measured booking runs. ` +
        `This process's CPU: ${(apiCpuMicros / 1000 / created).toFixed(2)} ms per booking, ` +
        `${(bareCpuMicros / 1000 / (bareRepeats * measuredSlots.length)).toFixed(2)} ms per bare INSERT, ` +
        `${(rowsCpuMicros / 1000 / (bareRepeats * measuredSlots.length)).toFixed(2)} ms per booking's rows written bare.`,
      'Same rows, bare: the appointment, its history entry, outbox event, audit entry and waitlist mark, built by the ' +
        "appointments service's own statement builders and sent as the one statement a booking sends, with no HTTP, " +
        'authentication, validation or availability check (interleaved in the same rounds, under shadow ids). Its ratio is ' +
        'the most the booking ratio could reach if the API in front cost nothing.',
    ],
  };
}

const cpuSince = (before: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(before);
  return used.user + used.system;
};

/** Valid distinct slots as clients find them: from the slot endpoint, spread over professionals. */
async function shuffledFreeSlots(test: TestApp, professionalIds: string[], from: string, to: string): Promise<Slot[]> {
  const offered: Slot[] = [];
  for (const professionalId of professionalIds) {
    const response = await test.app.inject({
      method: 'GET',
      url: `/api/v1/professionals/${professionalId}/slots?service=${bookingService.id}&from=${from}&to=${to}`,
    });
    for (const slot of response.json().slots as Array<{ start: string; end: string }>) offered.push({ professionalId, ...slot });
  }
  const random = seededRandom(33);
  for (let index = offered.length - 1; index > 0; index--) {
    const other = Math.floor(random() * (index + 1));
    [offered[index], offered[other]] = [offered[other]!, offered[index]!];
  }
  return offered;
}
