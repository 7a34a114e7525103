import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../testing/test-database';
import type { Database } from '../database/open-database';
import { Queue, type ConnectionOptions } from 'bullmq';
import { Redis } from 'ioredis';
import { createBullmqJobQueue } from './bullmq-job-queue';
import { createDatabaseJobQueue } from './database-job-queue';
import { retryDelay, type Job, type JobQueue } from './job-queue';

let database: Database;
beforeAll(async () => {
  database = await createTestDatabase({ seed: false });
});
afterAll(async () => {
  await database?.close();
});

/**
 * Every implementation of the contract, with a look at its own storage (is a job still kept?);
 * BullMQ joins when a Redis is configured (CI always has one).
 */
const implementations: Array<[string, () => JobQueue, (queue: string, id: string) => Promise<boolean>]> = [
  [
    'database',
    () => createDatabaseJobQueue({ pool: database.pool, pollIntervalMs: 20 }),
    async (queue, id) => (await database.pool.query(`SELECT 1 FROM platform.jobs WHERE queue = $1 AND id = $2`, [queue, id])).rows.length > 0,
  ],
];
const redisUrl = process.env.REDIS_URL;
if (redisUrl) {
  const prefix = `test-${randomBytes(4).toString('hex')}`;
  implementations.push([
    'bullmq',
    () => createBullmqJobQueue({ redisUrl, prefix }),
    async (queue, id) => {
      const connection = new Redis(redisUrl, { maxRetriesPerRequest: null });
      const bull = new Queue(queue, { connection: connection as unknown as ConnectionOptions, prefix });
      try {
        return (await bull.getJob(id)) !== undefined;
      } finally {
        await bull.close();
        await connection.quit();
      }
    },
  ]);
}

const waitFor = async (condition: () => boolean, timeoutMs = 5_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};
const uniqueQueue = () => `q${randomBytes(4).toString('hex')}`;

describe.each(implementations)('job queue contract: %s', (_kind, create, stored) => {
  it('keeps nothing of a job marked discardWhenDone once it completed or used up its attempts', async () => {
    const queue = create();
    const name = uniqueQueue();
    const seen: string[] = [];
    queue.work<{ text: string }>(name, async (job) => {
      seen.push(job.data.text);
      if (job.data.text === 'broken') throw new Error('cannot');
    });
    const kept = await queue.add(name, 'kept', { text: 'kept' });
    const done = await queue.add(name, 'personal', { text: 'hello doctor' }, { discardWhenDone: true });
    const failed = await queue.add(name, 'personal', { text: 'broken' }, { discardWhenDone: true, attempts: 2, backoff: { type: 'fixed', delayMs: 10 } });
    await waitFor(() => seen.length === 4);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(seen.sort()).toEqual(['broken', 'broken', 'hello doctor', 'kept']);
    expect(await stored(name, kept)).toBe(true);
    expect(await stored(name, done)).toBe(false);
    expect(await stored(name, failed)).toBe(false);
    expect(await queue.failed(name)).toEqual([]);
    await queue.close();
  });

  it('delivers a job with its name and data', async () => {
    const queue = create();
    const name = uniqueQueue();
    const seen: Array<Job<{ n: number }>> = [];
    queue.work<{ n: number }>(name, async (job) => void seen.push(job));
    const id = await queue.add(name, 'greet', { n: 42 });
    await waitFor(() => seen.length === 1);
    expect(seen[0]).toMatchObject({ id, name: 'greet', data: { n: 42 }, attempt: 1, maxAttempts: 3 });
    await queue.close();
  });

  it('retries a failing job with backoff, then succeeds', async () => {
    const queue = create();
    const name = uniqueQueue();
    const attempts: Array<{ attempt: number; at: number }> = [];
    queue.work(name, async (job) => {
      attempts.push({ attempt: job.attempt, at: Date.now() });
      if (job.attempt < 3) throw new Error(`failure ${job.attempt}`);
    });
    await queue.add(name, 'flaky', {}, { attempts: 3, backoff: { type: 'fixed', delayMs: 150 } });
    await waitFor(() => attempts.length === 3);
    expect(attempts.map((entry) => entry.attempt)).toEqual([1, 2, 3]);
    expect(attempts[1]!.at - attempts[0]!.at).toBeGreaterThanOrEqual(120);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await queue.failed(name)).toEqual([]);
    await queue.close();
  });

  it('moves a job that used up its attempts to the failed list', async () => {
    const queue = create();
    const name = uniqueQueue();
    let calls = 0;
    queue.work(name, async () => {
      calls += 1;
      throw new Error('always broken');
    });
    const id = await queue.add(name, 'doomed', {}, { attempts: 2, backoff: { type: 'fixed', delayMs: 10 } });
    await waitFor(() => calls === 2);
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(await queue.failed(name)).toEqual([{ id, name: 'doomed', error: 'always broken' }]);
    expect(calls).toBe(2);
    await queue.close();
  });

  it('retries a job of the failed list on request, with its attempts counted afresh', async () => {
    const queue = create();
    const name = uniqueQueue();
    const attempts: number[] = [];
    let broken = true;
    queue.work(name, async (job) => {
      attempts.push(job.attempt);
      if (broken) throw new Error('provider down');
    });
    const id = await queue.add(name, 'send', { n: 1 }, { jobId: 'event-2:patient:email', attempts: 2, backoff: { type: 'fixed', delayMs: 10 } });
    await waitFor(() => attempts.length === 2);
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect((await queue.failed(name)).map((job) => job.id)).toEqual([id]);
    expect(await queue.retry(name, 'no-such-job')).toBe(false);
    broken = false;
    expect(await queue.retry(name, id)).toBe(true);
    await waitFor(() => attempts.length === 3);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(attempts).toEqual([1, 2, 1]);
    expect(await queue.failed(name)).toEqual([]);
    expect(await queue.retry(name, id)).toBe(false); // completed now: nothing to retry
    await queue.close();
  });

  it('counts waiting, delayed, active and failed jobs of a queue', async () => {
    const queue = create();
    const name = uniqueQueue();
    expect(await queue.counts(name)).toEqual({ waiting: 0, delayed: 0, active: 0, failed: 0 });
    await queue.add(name, 'now', {}, { attempts: 1 });
    await queue.add(name, 'now', {}, { attempts: 1 });
    await queue.add(name, 'later', {}, { delayMs: 60_000 });
    expect(await queue.counts(name)).toEqual({ waiting: 2, delayed: 1, active: 0, failed: 0 });
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    let started = 0;
    queue.work(name, async (job) => {
      started += 1;
      if (job.name === 'now' && started === 1) await held;
      else throw new Error('broken');
    }, { concurrency: 1 });
    await waitFor(() => started === 1);
    await expect.poll(() => queue.counts(name)).toEqual({ waiting: 1, delayed: 1, active: 1, failed: 0 });
    release();
    // The second one fails on its only try.
    await expect.poll(() => queue.counts(name), { timeout: 8_000 }).toEqual({ waiting: 0, delayed: 1, active: 0, failed: 1 });
    await queue.close();
  });

  it('holds a delayed job until its time', async () => {
    const queue = create();
    const name = uniqueQueue();
    let ranAt = 0;
    queue.work(name, async () => void (ranAt = Date.now()));
    const addedAt = Date.now();
    await queue.add(name, 'later', {}, { delayMs: 400 });
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect(ranAt).toBe(0);
    await waitFor(() => ranAt > 0);
    expect(ranAt - addedAt).toBeGreaterThanOrEqual(390);
    await queue.close();
  });

  it('ignores a second job with the same id', async () => {
    const queue = create();
    const name = uniqueQueue();
    const seen: unknown[] = [];
    const first = await queue.add(name, 'once', { copy: 1 }, { jobId: 'event-1:patient' });
    const second = await queue.add(name, 'once', { copy: 2 }, { jobId: 'event-1:patient' });
    expect(second).toBe(first);
    queue.work(name, async (job) => void seen.push(job.data));
    await waitFor(() => seen.length === 1);
    await queue.add(name, 'once', { copy: 3 }, { jobId: 'event-1:patient' }); // after completion too
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(seen).toEqual([{ copy: 1 }]);
    await queue.close();
  });

  it('shuts down gracefully: the running job finishes and queued jobs wait for the next worker', async () => {
    const name = uniqueQueue();
    const finished: number[] = [];
    let started = 0;
    const slowHandler = async (job: Job<{ n: number }>) => {
      started += 1;
      await new Promise((resolve) => setTimeout(resolve, 300));
      finished.push(job.data.n);
    };
    const first = create();
    for (const n of [1, 2, 3, 4]) await first.add(name, 'slow', { n });
    first.work(name, slowHandler, { concurrency: 1 });
    await waitFor(() => started === 1);
    await first.close();
    // close() returned only after the running job was done, and nothing else was started.
    expect(finished).toHaveLength(1);
    expect(started).toBe(1);

    const second = create();
    second.work(name, slowHandler, { concurrency: 2 });
    await waitFor(() => finished.length === 4, 10_000);
    expect([...finished].sort()).toEqual([1, 2, 3, 4]);
    await second.close();
  });
});

describe('retryDelay', () => {
  it('doubles the wait for exponential backoff and keeps it for fixed', () => {
    expect([1, 2, 3].map((attempt) => retryDelay(attempt, { type: 'exponential', delayMs: 100 }))).toEqual([100, 200, 400]);
    expect(retryDelay(3, { type: 'fixed', delayMs: 100 })).toBe(100);
  });
});
