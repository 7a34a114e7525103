import type pg from 'pg';
import type { JobQueue } from './queue/job-queue';
import { startOutboxRelay, type OutboxRelay } from './outbox';

export interface BackgroundWork {
  relay: OutboxRelay;
  stop(): Promise<void>;
}

/**
 * What a serving process does besides answering requests: publish the outbox
 * and run periodic sweeps (request expiry, waitlist holds). Every sweep is
 * safe on several replicas at once: each transition is guarded in SQL.
 */
export function startBackgroundWork(options: {
  pool: pg.Pool;
  queue: JobQueue;
  sweeps: Array<() => Promise<unknown>>;
  sweepIntervalMs?: number;
}): BackgroundWork {
  const relay = startOutboxRelay({ pool: options.pool, queue: options.queue });
  let stopped = false;
  let current: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    if (stopped) return;
    current = current.then(async () => {
      for (const sweep of options.sweeps) await sweep().catch(() => undefined);
    });
  }, options.sweepIntervalMs ?? 60_000);
  return {
    relay,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await current;
      await relay.stop();
    },
  };
}
