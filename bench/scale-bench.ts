import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { formatRate, formatRatio, type ReportSection, type ResultRow } from './report';
import { migrateWith, onServer, splitDeploymentEnvironment, startProcessKind, stopProcess, type StartedProcess } from '../bot/src/testing/process-kinds';

/*
 * Scale-out (issue #15): the API's throughput on slot queries and on bookings with two core-api
 * processes (`npm run start:api`) against one, in the same run, on the real PostgreSQL and Redis.
 * The load comes from this process: a closed loop of `concurrency` requests in flight, spread
 * round-robin over the processes of the phase. Slot queries ask for a week of one of the seed's
 * professionals (the Redis slot cache is on, as in production); bookings take distinct free starts,
 * so every attempt is a real booking.
 */


export interface ScaleBenchOptions {
  postgresUrl: string;
  redisUrl: string;
  seconds: number;
  concurrency: number;
}

export async function runScaleBench(options: ScaleBenchOptions) {
  const failures: string[] = [];
  const name = `consulta_scale_${randomBytes(5).toString('hex')}`;
  const dataDirectory = mkdtempSync(path.join(tmpdir(), 'consulta-scale-'));
  await onServer(options.postgresUrl, `CREATE DATABASE ${name}`);
  const url = new URL(options.postgresUrl);
  url.pathname = `/${name}`;
  const environment = splitDeploymentEnvironment({
    databaseUrl: url.toString(), redisUrl: options.redisUrl, dataDirectory, queuePrefix: `scale-${randomBytes(4).toString('hex')}`,
  });
  const processes: StartedProcess[] = [];
  try {
    migrateWith(environment);
    processes.push(await startProcessKind('api', environment));
    processes.push(await startProcessKind('api', environment));
    const [first, second] = processes as [StartedProcess, StartedProcess];
    const token = await devToken(first.origin, 'patient-ana');
    const headers = { authorization: `Bearer ${token}` };

    const professionals = [['dr-lopez', 'derm-consult'], ['dr-chen', 'gp-visit'], ['pt-okafor', 'physio-session'], ['atty-martin', 'family-law-consult']] as const;
    const weeks = ['2026-12-07', '2026-12-14', '2026-12-21', '2026-12-28'];
    let next = 0;
    const slotQuery = (origin: string) => {
      const [professional, service] = professionals[next % professionals.length]!;
      const from = weeks[next++ % weeks.length]!;
      const to = new Date(Date.parse(`${from}T00:00:00Z`) + 4 * 86_400_000).toISOString().slice(0, 10);
      return fetch(`${origin}/api/v1/professionals/${professional}/slots?service=${service}&from=${from}&to=${to}`, { headers });
    };
    const slotsOne = await closedLoop([first.origin], slotQuery, options);
    const slotsTwo = await closedLoop([first.origin, second.origin], slotQuery, options);

    // Distinct free starts over three months, half for each phase.
    const starts: Array<{ professional: string; service: string; start: string }> = [];
    for (const [professional, service] of professionals) {
      for (let month = 0; month < 3; month += 1) {
        const from = new Date(Date.UTC(2026, 11 + month, month === 0 ? 2 : 1)).toISOString().slice(0, 10);
        const to = new Date(Date.UTC(2026, 11 + month, 28)).toISOString().slice(0, 10);
        const response = await fetch(`${first.origin}/api/v1/professionals/${professional}/slots?service=${service}&from=${from}&to=${to}`);
        for (const slot of ((await response.json()) as { slots: Array<{ start: string }> }).slots) starts.push({ professional, service, start: slot.start });
      }
    }
    // Every other start, so that a booking's buffer never touches the next one's.
    const spaced = starts.filter((_, index) => index % 2 === 0);
    const half = Math.floor(spaced.length / 2);
    const patients = ['patient-ana', 'patient-ben', 'patient-chloe'];
    const patientHeaders = await Promise.all(patients.map(async (patient) => ({ authorization: `Bearer ${await devToken(first.origin, patient)}`, 'content-type': 'application/json' })));
    const booker = (queue: typeof spaced) => {
      let taken = 0;
      return (origin: string) => {
        const slot = queue[taken];
        const headers = patientHeaders[taken % patientHeaders.length]!;
        taken += 1;
        if (!slot) return undefined;
        return fetch(`${origin}/api/v1/appointments`, {
          method: 'POST',
          headers,
          body: JSON.stringify({ professionalId: slot.professional, serviceId: slot.service, start: slot.start, intake: slot.professional === 'atty-martin' ? { case_type: 'custody', summary: 'Scale bench' } : { reason: 'Scale bench', date_of_birth: '1990-01-01' } }),
        });
      };
    };
    const bookOne = await closedLoop([first.origin], booker(spaced.slice(0, half)), { ...options, expect: 201 });
    const bookTwo = await closedLoop([first.origin, second.origin], booker(spaced.slice(half)), { ...options, expect: 201 });
    for (const [label, phase] of [['slots, one process', slotsOne], ['slots, two processes', slotsTwo], ['bookings, one process', bookOne], ['bookings, two processes', bookTwo]] as const) {
      if (phase.unexpected > 0) failures.push(`${label}: ${phase.unexpected} answers other than expected (first: ${phase.firstUnexpected})`);
    }

    const row = (measure: string, one: number, two: number): ResultRow => ({
      measure,
      value: formatRate(two, 'req'),
      baseline: formatRate(one, 'req'),
      ratio: formatRatio(two / one),
      target: '≥ 1.6×',
      met: two / one >= 1.6,
    });
    const section: ReportSection = {
      title: 'Two core-api processes against one (PostgreSQL and Redis)',
      rows: [row('slot queries, two processes (baseline: one)', slotsOne.perSecond, slotsTwo.perSecond), row('bookings, two processes (baseline: one)', bookOne.perSecond, bookTwo.perSecond)],
      notes: [
        `Closed loop of ${options.concurrency} requests in flight from the bench process, ${options.seconds} s per phase (bookings: until the phase's ${half} free starts are taken or time is up).`,
        `Requests: slots ${slotsOne.completed} / ${slotsTwo.completed}, bookings ${bookOne.completed} / ${bookTwo.completed} (one / two processes).`,
        'Everything runs on this machine: two API processes, PostgreSQL, Redis and the load generator share its cores.',
      ],
    };
    return { sections: [section], failures };
  } finally {
    await Promise.all(processes.map((started) => stopProcess(started)));
    await onServer(options.postgresUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    rmSync(dataDirectory, { recursive: true, force: true });
  }
}

/** Keeps `concurrency` requests in flight round-robin over `origins` for `seconds` (or until `request` has no more). */
async function closedLoop(
  origins: string[],
  request: (origin: string) => Promise<Response> | undefined,
  options: { seconds: number; concurrency: number; expect?: number },
) {
  const deadline = performance.now() + options.seconds * 1000;
  let completed = 0;
  let unexpected = 0;
  let firstUnexpected = '';
  let turn = 0;
  const started = performance.now();
  let finished = started;
  await Promise.all(
    Array.from({ length: options.concurrency }, async () => {
      while (performance.now() < deadline) {
        const pending = request(origins[turn++ % origins.length]!);
        if (!pending) break;
        const response = await pending;
        const body = await response.text();
        if (response.status !== (options.expect ?? 200)) {
          unexpected += 1;
          firstUnexpected ||= `${response.status} ${body.slice(0, 120)}`;
        }
        completed += 1;
        finished = performance.now();
      }
    }),
  );
  return { completed, unexpected, firstUnexpected, perSecond: completed / ((finished - started) / 1000) };
}

async function devToken(origin: string, userId: string): Promise<string> {
  const response = await fetch(`${origin}/api/v1/dev/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userId }) });
  return ((await response.json()) as { token: string }).token;
}
