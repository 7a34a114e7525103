import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { defaultAttempts, retryDelay, type JobQueue, type JobOptions, type JobHandler, type WorkOptions } from './job-queue';
import { sqlMigration, type ModuleMigrations } from '../database/migrate';

export const jobQueueMigrations: ModuleMigrations = {
  '0002-platform-jobs': sqlMigration(`
        CREATE TABLE platform.jobs (
          queue text NOT NULL,
          id text NOT NULL,
          name text NOT NULL,
          data jsonb NOT NULL,
          state text NOT NULL DEFAULT 'waiting' CHECK (state IN ('waiting','active','completed','failed')),
          run_at timestamptz NOT NULL DEFAULT now(),
          attempts_made int NOT NULL DEFAULT 0,
          max_attempts int NOT NULL,
          backoff jsonb,
          locked_until timestamptz,
          last_error text,
          created_at timestamptz NOT NULL DEFAULT now(),
          finished_at timestamptz,
          PRIMARY KEY (queue, id)
        );
        CREATE INDEX jobs_ready ON platform.jobs (queue, run_at) WHERE state IN ('waiting','active');
  `),
  '0003-platform-jobs-discard': sqlMigration(`
        ALTER TABLE platform.jobs ADD COLUMN discard_when_done boolean NOT NULL DEFAULT false;
  `),
};

export interface DatabaseJobQueueOptions {
  pool: pg.Pool;
  /** How often idle workers look for delayed or retried jobs. */
  pollIntervalMs?: number;
  /** A job running longer than this is presumed lost (its process died) and runs again. */
  leaseMs?: number;
}

/**
 * The contract on the application's own database, with workers in this
 * process. Jobs survive restarts (they are rows), claims use
 * `FOR UPDATE SKIP LOCKED`, and a job whose process died is taken up again
 * when its lease runs out, so no job is lost.
 */
export function createDatabaseJobQueue(options: DatabaseJobQueueOptions): JobQueue {
  const { pool } = options;
  const pollIntervalMs = options.pollIntervalMs ?? 250;
  const leaseMs = options.leaseMs ?? 5 * 60_000;
  const loops: Array<{ stop: () => Promise<void>; wake: () => void; queue: string }> = [];
  let closed = false;

  return {
    kind: 'database',
    async add<Data>(queue: string, name: string, data: Data, jobOptions: JobOptions = {}) {
      if (closed) throw new Error('The job queue is closed');
      const id = jobOptions.jobId ?? randomUUID();
      await pool.query(
        `INSERT INTO platform.jobs (queue, id, name, data, run_at, max_attempts, backoff, discard_when_done)
         VALUES ($1, $2, $3, $4, now() + make_interval(secs => $5::double precision / 1000), $6, $7, $8)
         ON CONFLICT (queue, id) DO NOTHING`,
        [queue, id, name, JSON.stringify(data ?? null), jobOptions.delayMs ?? 0, jobOptions.attempts ?? defaultAttempts, jobOptions.backoff ?? null, jobOptions.discardWhenDone ?? false],
      );
      for (const loop of loops) if (loop.queue === queue) loop.wake();
      return id;
    },
    work<Data>(queue: string, handler: JobHandler<Data>, workOptions: WorkOptions = {}) {
      loops.push(startLoop(queue, handler as JobHandler<unknown>, workOptions.concurrency ?? 1));
    },
    async failed(queue: string) {
      const result = await pool.query(
        `SELECT id, name, last_error FROM platform.jobs WHERE queue = $1 AND state = 'failed' ORDER BY finished_at`,
        [queue],
      );
      return result.rows.map((row) => ({ id: row.id, name: row.name, error: row.last_error ?? '' }));
    },
    async counts(queue: string) {
      const { rows } = await pool.query(
        `SELECT count(*) FILTER (WHERE state = 'waiting' AND run_at <= now())::int AS waiting,
                count(*) FILTER (WHERE state = 'waiting' AND run_at > now())::int AS delayed,
                count(*) FILTER (WHERE state = 'active')::int AS active,
                count(*) FILTER (WHERE state = 'failed')::int AS failed
           FROM platform.jobs WHERE queue = $1`,
        [queue],
      );
      return rows[0] as { waiting: number; delayed: number; active: number; failed: number };
    },
    async retry(queue: string, jobId: string) {
      const { rowCount } = await pool.query(
        `UPDATE platform.jobs SET state = 'waiting', attempts_made = 0, run_at = now(), finished_at = null, locked_until = null
          WHERE queue = $1 AND id = $2 AND state = 'failed'`,
        [queue, jobId],
      );
      for (const loop of loops) if (loop.queue === queue) loop.wake();
      return (rowCount ?? 0) > 0;
    },
    async close() {
      closed = true;
      await Promise.all(loops.map((loop) => loop.stop()));
    },
  };

  function startLoop(queue: string, handler: JobHandler<unknown>, concurrency: number) {
    let stopping = false;
    let wakeUp: (() => void) | undefined;
    const running = new Set<Promise<void>>();

    const sleep = () =>
      new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, pollIntervalMs);
        wakeUp = () => {
          clearTimeout(timer);
          resolve();
        };
      });

    const claim = async (count: number) => {
      const result = await pool.query(
        `UPDATE platform.jobs SET state = 'active', attempts_made = attempts_made + 1,
                locked_until = now() + make_interval(secs => $3::double precision / 1000)
          WHERE (queue, id) IN (
            SELECT queue, id FROM platform.jobs
             WHERE queue = $1 AND run_at <= now()
               AND (state = 'waiting' OR (state = 'active' AND locked_until < now()))
             ORDER BY run_at, created_at LIMIT $2 FOR UPDATE SKIP LOCKED)
          RETURNING id, name, data, attempts_made, max_attempts, backoff, discard_when_done`,
        [queue, count, leaseMs],
      );
      return result.rows;
    };

    const run = async (row: {
      id: string; name: string; data: unknown; attempts_made: number; max_attempts: number; backoff: JobOptions['backoff'] | null; discard_when_done: boolean;
    }) => {
      const discard = () => pool.query(`DELETE FROM platform.jobs WHERE queue = $1 AND id = $2`, [queue, row.id]);
      try {
        await handler({ id: row.id, name: row.name, data: row.data, attempt: row.attempts_made, maxAttempts: row.max_attempts });
        if (row.discard_when_done) await discard();
        else
          await pool.query(
            `UPDATE platform.jobs SET state = 'completed', finished_at = now(), locked_until = null WHERE queue = $1 AND id = $2`,
            [queue, row.id],
          );
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        if (row.attempts_made < row.max_attempts) {
          await pool.query(
            `UPDATE platform.jobs SET state = 'waiting', locked_until = null, last_error = $3,
                    run_at = now() + make_interval(secs => $4::double precision / 1000)
              WHERE queue = $1 AND id = $2`,
            [queue, row.id, message, retryDelay(row.attempts_made, row.backoff ?? undefined)],
          );
        } else if (row.discard_when_done) {
          await discard();
        } else {
          await pool.query(
            `UPDATE platform.jobs SET state = 'failed', locked_until = null, last_error = $3, finished_at = now()
              WHERE queue = $1 AND id = $2`,
            [queue, row.id, message],
          );
        }
      }
    };

    const loop = (async () => {
      while (!stopping) {
        const free = concurrency - running.size;
        let claimed: Awaited<ReturnType<typeof claim>> = [];
        if (free > 0) {
          try {
            claimed = await claim(free);
          } catch {
            claimed = []; // the database may be closing or briefly unreachable; try again next round
          }
        }
        for (const row of claimed) {
          const task = run(row).finally(() => {
            running.delete(task);
            wakeUp?.();
          });
          running.add(task);
        }
        if (claimed.length === 0 || running.size >= concurrency) await sleep();
      }
    })();

    return {
      queue,
      wake: () => wakeUp?.(),
      stop: async () => {
        stopping = true;
        wakeUp?.();
        await loop;
        await Promise.all(running);
      },
    };
  }
}
