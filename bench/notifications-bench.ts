import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import Fastify from 'fastify';
import { Redis } from 'ioredis';
import type pg from 'pg';
import { coreApi, createNotificationSenderRegistry, redactUrl, type CoreApiDependencies, type NotificationSender } from '@consulta/core-api';
import { createTestRuntime } from '@consulta/core-api/testing';
import { startOutboxRelay, writeEvent } from '../core-api/src/platform/outbox';
import { createBullmqJobQueue } from '../core-api/src/platform/queue/bullmq-job-queue';
import { defaultDelivery } from '../core-api/src/modules/notifications/notification-engine';
import { notificationWorkerConcurrency } from '../core-api/src/modules/notifications/notifications-module';
import { countingStatements } from './count-statements';
import { drainBare, drainTwoHops, type DrainOptions } from './notifications-drain';
import { quantile, summarize } from './measure';
import { formatRate, formatRatio, formatSummary, type ReportSection } from './report';

/*
 * The notification dispatch benchmark (issue #11): appointment approvals written to the outbox become
 * notifications sent to a fake provider (a sender that records the time and answers at once), on
 * BullMQ with a real Redis, the way a serving process runs them: the outbox relay publishes to the
 * `events` queue, the engine's worker writes each notification and queues its delivery job, the
 * delivery worker writes the message and hands it to the sender. Next to it, in the same run on the
 * same Redis, bare BullMQ jobs that do nothing, added one at a time as the relay adds events and
 * worked with the same concurrency as delivery. Rounds alternate (ABBA) so outside load hits both
 * alike. Then drains of a backlog (notifications-drain.ts: the pipeline's own capacity, next to bare
 * jobs and to two bare hops), and the lag from outbox write to send at a steady half of the capacity.
 */

const ratioTarget = 0.5;
const benchPatients = 100;
// The bare worker's concurrency: delivery's when this benchmark was written. Kept when delivery's default
// rose (notificationWorkerConcurrency), so the baseline stays what it was; bare jobs are added one at a
// time anyway, which is what bounds their rate.
const bareConcurrency = 8;

type CoreServices = Parameters<NonNullable<CoreApiDependencies['onServices']>>[0];

export interface NotificationsBenchOptions {
  perRound: number;
  rounds: number;
  steadySeconds: number;
  /** Backlog size of each drain round. */
  drainJobs: number;
}

export async function runNotificationsBench(label: (version: string) => string, options: NotificationsBenchOptions = { perRound: 300, rounds: 6, steadySeconds: 5, drainJobs: 600 }) {
  const failures: string[] = [];
  const redisUrl = process.env.REDIS_URL || 'redis://127.0.0.1:6379';
  if (!(await reachable(redisUrl))) {
    process.stderr.write(`notifications bench skipped: Redis at ${redactUrl(redisUrl)} is unreachable (set REDIS_URL)\n`);
    const section: ReportSection = {
      title: 'Notification dispatch on BullMQ — skipped',
      rows: [],
      notes: [`Redis at ${redactUrl(redisUrl)} did not answer; this benchmark needs a real Redis (REDIS_URL, default redis://127.0.0.1:6379).`],
    };
    return { sections: [section], failures };
  }

  const prefix = `bench-ntf-${randomBytes(4).toString('hex')}`;
  const runtime = await createTestRuntime({ environment: { REDIS_URL: redisUrl, QUEUE_PREFIX: prefix } });
  const pool = runtime.database.pool;
  const version = String((await pool.query<{ server_version: string }>('SHOW server_version')).rows[0]!.server_version);
  const patients = await addPatients(pool);

  // The fake provider: the time each appointment's notification reached it.
  const sentAt = new Map<string, number>();
  const duplicates: string[] = [];
  const fake: NotificationSender = {
    channel: 'webchat',
    async send(notification) {
      const key = String(notification.data.appointmentId);
      if (sentAt.has(key)) duplicates.push(key);
      sentAt.set(key, performance.now());
      return { providerMessageId: `fake-${notification.id}` };
    },
  };
  const registry = createNotificationSenderRegistry();
  registry.register(fake);
  const app = Fastify({ logger: false });
  let services: CoreServices | undefined;
  await app.register(coreApi, { prefix: '/api/v1', ...runtime, notificationSenders: registry, onServices: (wired) => (services = wired) });
  await app.ready();
  let relay = startOutboxRelay({ pool, queue: runtime.queue });
  services!.notifications.startWorkers();

  const bare = createBullmqJobQueue({ redisUrl, prefix: `${prefix}-bare` });
  const bareDone = new Map<string, number>();
  bare.work<{ key: string }>('bare', async (job) => void bareDone.set(job.data.key, performance.now()), { concurrency: bareConcurrency });

  const writtenAt = new Map<string, number>();
  let sequence = 0;
  /** One approval in the outbox, as the appointments module writes it, and the relay woken as it does. */
  async function approve(key: string) {
    await writeApproval(key);
    relay.wake();
  }
  async function writeApproval(key: string) {
    const patientId = patients[sequence++ % patients.length]!;
    writtenAt.set(key, performance.now());
    await writeEvent(pool, 'appointment.approved', {
      appointmentId: key, professionalId: 'dr-lopez', patientId, serviceId: 'derm-consult', domainId: 'medical',
      start: '2026-12-10T09:00:00.000Z', end: '2026-12-10T09:30:00.000Z', status: 'approved', fromStatus: 'requested', actorId: 'dr-lopez', reason: null,
    }, runtime.clock.now());
  }

  /**
   * A backlog drained: approvals written with the relay stopped, then a relay started, as after a
   * deploy or an outage. The clock starts with the relay, so the rate is the pipeline's own, whatever
   * the pace approvals can be committed at.
   */
  async function notificationDrain(round: string): Promise<number> {
    await relay.stop();
    const keys = Array.from({ length: options.drainJobs }, (_, index) => `drain-${round}-${index}`);
    for (const key of keys) await writeApproval(key);
    const started = performance.now();
    relay = startOutboxRelay({ pool, queue: runtime.queue });
    relay.wake();
    await until(() => keys.every((key) => sentAt.has(key)), `notifications of drain ${round}`);
    return options.drainJobs / ((Math.max(...keys.map((key) => sentAt.get(key)!)) - started) / 1000);
  }
  const drainOptions: DrainOptions = {
    jobs: options.drainJobs,
    concurrency: bareConcurrency,
    jobOptions: { attempts: defaultDelivery.attempts, backoff: { type: 'exponential', delayMs: defaultDelivery.backoffMs } },
    until,
  };

  /** The round's dispatch rate, and the rate its approvals were written at (a ceiling of the first). */
  async function notificationRound(round: string): Promise<{ rate: number; writeRate: number }> {
    const keys = Array.from({ length: options.perRound }, (_, index) => `bench-${round}-${index}`);
    const started = performance.now();
    for (const key of keys) await approve(key);
    const written = performance.now();
    await until(() => keys.every((key) => sentAt.has(key)), `notifications of round ${round}`);
    return {
      rate: options.perRound / ((Math.max(...keys.map((key) => sentAt.get(key)!)) - started) / 1000),
      writeRate: options.perRound / ((written - started) / 1000),
    };
  }

  async function bareRound(round: string): Promise<number> {
    const keys = Array.from({ length: options.perRound }, (_, index) => `bare-${round}-${index}`);
    const started = performance.now();
    for (const key of keys) {
      await bare.add('bare', 'noop', { key }, { jobId: key, attempts: defaultDelivery.attempts, backoff: { type: 'exponential', delayMs: defaultDelivery.backoffMs } });
    }
    await until(() => keys.every((key) => bareDone.has(key)), `bare jobs of round ${round}`);
    return options.perRound / ((Math.max(...keys.map((key) => bareDone.get(key)!)) - started) / 1000);
  }

  try {
    await bareRound('warm');
    await notificationRound('warm');
    const rates = { bare: [] as number[], notifications: [] as number[], writes: [] as number[] };
    const burstKeys: string[] = [];
    for (let round = 0; round < options.rounds; round += 1) {
      // ABBA: each side goes first as often as second.
      const order = round % 2 === 0 ? (['bare', 'notifications'] as const) : (['notifications', 'bare'] as const);
      for (const side of order) {
        if (side === 'bare') rates.bare.push(await bareRound(String(round)));
        else {
          const { rate, writeRate } = await notificationRound(String(round));
          rates.notifications.push(rate);
          rates.writes.push(writeRate);
        }
      }
      burstKeys.push(...Array.from({ length: options.perRound }, (_, index) => `bench-${round}-${index}`));
    }
    // Drain rounds, each side first in turn: the backlog rates of the pipeline, bare jobs and two bare hops.
    const drains = { bare: [] as number[], hops: [] as number[], notifications: [] as number[] };
    const sides = ['bare', 'hops', 'notifications'] as const;
    for (let round = 0; round < sides.length; round += 1) {
      for (let turn = 0; turn < sides.length; turn += 1) {
        const side = sides[(round + turn) % sides.length]!;
        if (side === 'bare') drains.bare.push(await drainBare(bare, String(round), drainOptions));
        else if (side === 'hops') drains.hops.push(await drainTwoHops(bare, String(round), drainOptions));
        else drains.notifications.push(await notificationDrain(String(round)));
      }
    }
    const drainRatio = median(drains.notifications) / median(drains.bare);

    const lagsOf = (keys: string[]) => keys.map((key) => sentAt.get(key)! - writtenAt.get(key)!);
    const bareRate = median(rates.bare);
    const notificationRate = median(rates.notifications);
    const ratio = notificationRate / bareRate;

    // Steady load at half the capacity just measured: the lag a patient would see on a busy day.
    const steadyRate = Math.max(10, Math.round(notificationRate / 2));
    let steadyKeys: string[] = [];
    const statements = await countingStatements(async () => {
      steadyKeys = await steadyLoad(steadyRate, options.steadySeconds, approve);
      await until(() => steadyKeys.every((key) => sentAt.has(key)), 'notifications of the steady run');
      return steadyKeys.length;
    });

    if (duplicates.length > 0) failures.push(`notifications: ${duplicates.length} sent twice`);
    // The provider has them all; the last rows become `sent` a moment after their send returns.
    const unsent = async () =>
      (await pool.query<{ state: string; count: string }>(
        `SELECT state, count(*) AS count FROM notifications.notifications
          WHERE appointment_id LIKE 'bench-%' OR appointment_id LIKE 'steady-%' OR appointment_id LIKE 'drain-%' GROUP BY state HAVING state <> 'sent'`,
      )).rows;
    const settle = performance.now() + 10_000;
    while ((await unsent()).length > 0 && performance.now() < settle) await new Promise((resolve) => setTimeout(resolve, 20));
    const left = await unsent();
    if (left.length > 0) failures.push(`notifications: not all sent (${left.map((row) => `${row.count} ${row.state}`).join(', ')})`);

    const section: ReportSection = {
      title: `Notification dispatch on BullMQ (Redis ${await redisVersion(redisUrl)}) — ${label(version)}`,
      rows: [
        { measure: 'notifications dispatched (outbox → fake provider), median of rounds', value: formatRate(notificationRate, 'notifications'), baseline: formatRate(bareRate, 'jobs'), ratio: formatRatio(ratio), target: `≥ ${ratioTarget}× bare`, met: ratio >= ratioTarget },
        { measure: `notifications drained from a backlog of ${options.drainJobs} (outbox → fake provider), median of rounds`, value: formatRate(median(drains.notifications), 'notifications'), baseline: `${formatRate(median(drains.bare), 'jobs')} drained`, ratio: formatRatio(drainRatio), target: `≥ ${ratioTarget}× bare`, met: drainRatio >= ratioTarget },
        { measure: 'two bare queue hops drained (no work between them: the most a two-hop pipeline carries)', value: formatRate(median(drains.hops), 'jobs'), baseline: `${formatRate(median(drains.bare), 'jobs')} drained`, ratio: formatRatio(median(drains.hops) / median(drains.bare)), target: '—', met: null },
        { measure: 'approvals written to the outbox one by one, median of rounds (the ceiling of the rate above)', value: formatRate(median(rates.writes), 'approvals'), baseline: '—', ratio: '—', target: '—', met: null },
        { measure: 'lag from outbox write to send, during the bursts', value: formatSummary(summarize(lagsOf(burstKeys))), baseline: '—', ratio: '—', target: '—', met: null },
        { measure: `lag from outbox write to send, steady ${steadyRate}/s (half the capacity)`, value: formatSummary(summarize(lagsOf(steadyKeys))), baseline: '—', ratio: '—', target: '—', met: null },
        { measure: 'database statements per notification (steady run, outbox write included)', value: statements.toFixed(1), baseline: '—', ratio: '—', target: '—', met: null },
      ],
      notes: [
        `${options.rounds} rounds of ${options.perRound} appointment approvals written to the outbox one by one (each waking the relay, as a request does) against ${options.rounds} rounds of ${options.perRound} bare no-op BullMQ jobs added one by one with the same options, alternating ABBA after a warm-up round of each; rate = jobs / (last done − first written).`,
        `Rounds: notifications ${rates.notifications.map((rate) => rate.toFixed(0)).join(', ')}/s; bare ${rates.bare.map((rate) => rate.toFixed(0)).join(', ')}/s; approvals written ${rates.writes.map((rate) => rate.toFixed(0)).join(', ')}/s.`,
        `Each notification is two queue hops (events → engine, notifications → delivery) with the engine's database work between (address book, consent, preferences, template, the row, reminder rows of the approval) and the composer's (names, template, date) before the send; workers as a serving process starts them (events ${notificationWorkerConcurrency.events}, delivery ${notificationWorkerConcurrency.delivery}; the bare worker ${bareConcurrency}), ${benchPatients} patients reachable by web chat.`,
        `Drains: ${sides.length} rounds, each side first once: ${options.drainJobs} approvals written with the outbox relay stopped, timed from a relay's start to the last send; ${options.drainJobs} bare no-op jobs (and as many two-hop chains, both hops with the bare worker's concurrency) queued behind running workers held at a gate, timed from the gate's opening to the last done. ` +
          `Rounds: notifications ${drains.notifications.map((rate) => rate.toFixed(0)).join(', ')}/s; bare ${drains.bare.map((rate) => rate.toFixed(0)).join(', ')}/s; two hops ${drains.hops.map((rate) => rate.toFixed(0)).join(', ')}/s.`,
        `Write rate: the same rounds' approvals, from the first written to the last; every notification of a round comes after its approval is written, so the dispatch rate cannot pass it.`,
        `Steady run: ${steadyKeys.length} approvals over ${options.steadySeconds} s at ${steadyRate}/s (open loop).`,
      ],
    };
    return { sections: [section], failures };
  } finally {
    await relay.stop();
    await bare.close();
    await app.close();
    await runtime.close();
    await forget(redisUrl, prefix);
  }
}

async function reachable(url: string): Promise<boolean> {
  const redis = new Redis(url, { lazyConnect: true, connectTimeout: 1_000, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    return (await redis.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    redis.disconnect();
  }
}

async function redisVersion(url: string): Promise<string> {
  const redis = new Redis(url, { maxRetriesPerRequest: 1 });
  try {
    return /redis_version:(\S+)/.exec(await redis.info('server'))?.[1] ?? 'unknown';
  } finally {
    redis.disconnect();
  }
}

/** Removes this run's queues from Redis: only keys under its own random prefix. */
async function forget(url: string, prefix: string) {
  const redis = new Redis(url, { maxRetriesPerRequest: 1 });
  try {
    for await (const keys of redis.scanStream({ match: `${prefix}*`, count: 500 }) as AsyncIterable<string[]>) {
      if (keys.length > 0) await redis.del(...keys);
    }
  } finally {
    redis.disconnect();
  }
}

/** Patients who can be reached (by web chat, where the fake provider sits), so notifications spread over many. */
async function addPatients(pool: pg.Pool): Promise<string[]> {
  const ids = Array.from({ length: benchPatients }, (_, index) => `bench-patient-${index}`);
  await pool.query(
    `INSERT INTO identity.users (id, organization_id, role, name, locale, timezone)
     SELECT id, 'org-demo', 'patient', 'Bench patient ' || id, 'en', 'Europe/Madrid' FROM unnest($1::text[]) AS u(id)`,
    [ids],
  );
  await pool.query(
    `INSERT INTO identity.channel_identities (channel, external_id, user_id, verified_at)
     SELECT 'webchat', 'wc-' || id, id, now() FROM unnest($1::text[]) AS u(id)`,
    [ids],
  );
  return ids;
}

/** Writes approvals at `rate` per second for `seconds`, on schedule whatever the system does (open loop). */
async function steadyLoad(rate: number, seconds: number, approve: (key: string) => Promise<void>): Promise<string[]> {
  const keys: string[] = [];
  const started = performance.now();
  const total = Math.round(rate * seconds);
  const writes: Array<Promise<void>> = [];
  while (keys.length < total) {
    const due = Math.floor(((performance.now() - started) / 1000) * rate) + 1;
    while (keys.length < Math.min(due, total)) {
      const key = `steady-${keys.length}`;
      keys.push(key);
      writes.push(approve(key));
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  await Promise.all(writes);
  return keys;
}

async function until(done: () => boolean, what: string, timeoutMs = 120_000) {
  const deadline = performance.now() + timeoutMs;
  while (!done()) {
    if (performance.now() > deadline) throw new Error(`notifications bench: ${what} not done in ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

const median = (values: number[]) => quantile([...values].sort((a, b) => a - b), 0.5);
