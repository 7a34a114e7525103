import { performance } from 'node:perf_hooks';
import type { JobOptions, JobQueue } from '../core-api/src/platform/queue/job-queue';

/*
 * Drain rounds for the notification benchmark: a backlog is queued first and the clock starts when
 * the work is let go, so the rate is what the consumers manage, whatever the producer's pace (on
 * PostgreSQL, approvals committed one by one are bounded by the disk's fsync, not by the pipeline).
 */

export interface DrainOptions {
  jobs: number;
  concurrency: number;
  jobOptions: JobOptions;
  /** Waits until `done` holds, or throws after a timeout. */
  until: (done: () => boolean, what: string) => Promise<void>;
}

/** A promise the handlers wait on, and the function that lets them all go. */
function gate(): { passed: Promise<void>; open: () => void } {
  let open!: () => void;
  const passed = new Promise<void>((resolve) => (open = resolve));
  return { passed, open };
}

/**
 * Bare no-op jobs drained: the worker is running and its handlers wait on a gate, so the backlog is
 * queued behind them; opening the gate starts the clock.
 */
export async function drainBare(queue: JobQueue, round: string, options: DrainOptions): Promise<number> {
  const name = `bare-drain-${round}`;
  const done = new Map<string, number>();
  const held = gate();
  queue.work<{ key: string }>(name, async (job) => {
    await held.passed;
    done.set(job.data.key, performance.now());
  }, { concurrency: options.concurrency });
  const keys = Array.from({ length: options.jobs }, (_, index) => `${name}-${index}`);
  for (const key of keys) await queue.add(name, 'noop', { key }, { ...options.jobOptions, jobId: key });
  const started = performance.now();
  held.open();
  await options.until(() => done.size === keys.length, `bare drain ${round}`);
  return options.jobs / ((Math.max(...done.values()) - started) / 1000);
}

/**
 * The notification pipeline's two queue hops with no work between them: a gated no-op first hop that
 * adds a job to a second queue, worked by a no-op. The most two hops can carry on this Redis, so the
 * ratio of this to the bare drain bounds what any two-hop pipeline could reach.
 */
export async function drainTwoHops(queue: JobQueue, round: string, options: DrainOptions): Promise<number> {
  const first = `hop1-drain-${round}`;
  const second = `hop2-drain-${round}`;
  const done = new Map<string, number>();
  const held = gate();
  queue.work<{ key: string }>(first, async (job) => {
    await held.passed;
    await queue.add(second, 'noop', job.data, { ...options.jobOptions, jobId: `${job.data.key}-2` });
  }, { concurrency: options.concurrency });
  queue.work<{ key: string }>(second, async (job) => void done.set(job.data.key, performance.now()), { concurrency: options.concurrency });
  const keys = Array.from({ length: options.jobs }, (_, index) => `${first}-${index}`);
  for (const key of keys) await queue.add(first, 'noop', { key }, { ...options.jobOptions, jobId: key });
  const started = performance.now();
  held.open();
  await options.until(() => done.size === keys.length, `two-hop drain ${round}`);
  return options.jobs / ((Math.max(...done.values()) - started) / 1000);
}
