import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { Queryable } from './database/transaction';
import { sqlMigration, type ModuleMigrations } from './database/migrate';
import type { SqlStatement } from './database/one-statement';
import type { JobQueue } from './queue/job-queue';

export const outboxMigrations: ModuleMigrations = {
  '0003-platform-outbox': sqlMigration(`
    CREATE TABLE platform.outbox (
      id uuid PRIMARY KEY,
      type text NOT NULL,
      payload jsonb NOT NULL,
      occurred_at timestamptz NOT NULL,
      published_at timestamptz
    );
    CREATE INDEX outbox_unpublished ON platform.outbox (occurred_at) WHERE published_at IS NULL;
  `),
  '0070-platform-outbox-claims': sqlMigration(`
    ALTER TABLE platform.outbox ADD COLUMN claimed_until timestamptz;
  `),
};

/** The queue every domain event is published on. */
export const eventsQueue = 'events';

export interface DomainEvent<Payload = Record<string, unknown>> {
  id: string;
  type: string;
  occurredAt: string;
  payload: Payload;
}

/**
 * Writes an event in the caller's transaction, so a state change and its
 * event commit or vanish together. The relay publishes it afterwards.
 */
export async function writeEvent(client: Queryable, type: string, payload: Record<string, unknown>, occurredAt: Date): Promise<string> {
  const { id, statement } = eventStatement(type, payload, occurredAt);
  await client.query(statement.text, statement.values);
  return id;
}

/** The INSERT of `writeEvent`, for callers that run it together with their state change in one statement. */
export function eventStatement(type: string, payload: Record<string, unknown>, occurredAt: Date): { id: string; statement: SqlStatement } {
  const id = randomUUID();
  return {
    id,
    statement: {
      text: `INSERT INTO platform.outbox (id, type, payload, occurred_at) VALUES ($1, $2, $3, $4)`,
      values: [id, type, JSON.stringify(payload), occurredAt],
    },
  };
}

/** A consumer of domain events; it must be idempotent on the event id (an event may come again). */
export interface EventSubscriber {
  /** Lower-case letters, digits and dashes: it names the subscriber's own queue when there are several. */
  name: string;
  handle(event: DomainEvent): Promise<void>;
  concurrency?: number;
}

/**
 * Starts the consumers of the `events` queue. With one subscriber it works that
 * queue directly (no extra hop); with several, a fan-out worker copies each
 * event to `events-<name>` with the event id as job id, so every subscriber
 * retries and dead-letters on its own and a replayed event is still seen once.
 *
 * @example
 * subscribeToEvents(queue, [{ name: 'notifications', handle: (event) => engine.handleEvent(event) }]);
 */
export function subscribeToEvents(queue: JobQueue, subscribers: EventSubscriber[]): void {
  const options = { attempts: 10, backoff: { type: 'exponential', delayMs: 1_000 } } as const;
  if (subscribers.length === 1) {
    const [only] = subscribers as [EventSubscriber];
    queue.work<DomainEvent>(eventsQueue, (job) => only.handle(job.data), { concurrency: only.concurrency ?? 4 });
    return;
  }
  for (const subscriber of subscribers) {
    queue.work<DomainEvent>(`${eventsQueue}-${subscriber.name}`, (job) => subscriber.handle(job.data), { concurrency: subscriber.concurrency ?? 4 });
  }
  queue.work<DomainEvent>(
    eventsQueue,
    async (job) => {
      for (const subscriber of subscribers) {
        await queue.add(`${eventsQueue}-${subscriber.name}`, job.data.type, job.data, { ...options, jobId: job.data.id });
      }
    },
    { concurrency: 4 },
  );
}

export interface OutboxRelay {
  /** Publishes what is waiting now (also called on a timer). */
  flush(): Promise<number>;
  wake(): void;
  stop(): Promise<void>;
}

/**
 * Moves committed events from the outbox to the job queue, with the event id
 * as job id so a crash between publish and mark never publishes twice. Rows
 * are claimed with SKIP LOCKED, so every replica may run a relay.
 */
export function startOutboxRelay(options: { pool: pg.Pool; queue: JobQueue; intervalMs?: number; batchSize?: number }): OutboxRelay {
  const { pool, queue } = options;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<number> = Promise.resolve(0);

  // No transaction is held while publishing: the queue may be this very database (PGlite has one
  // connection, so a query on the pool from inside the transaction would wait for ever) or Redis (a
  // network call). A short claim keeps replicas apart instead, and the event id as job id makes a
  // publish repeated after a crash harmless.
  const flushOnce = async () => {
    const { rows } = await pool.query<{ id: string; type: string; payload: Record<string, unknown>; occurred_at: Date }>(
      `UPDATE platform.outbox SET claimed_until = now() + interval '30 seconds'
        WHERE id IN (SELECT id FROM platform.outbox
                      WHERE published_at IS NULL AND (claimed_until IS NULL OR claimed_until < now())
                      ORDER BY occurred_at, id LIMIT $1 FOR UPDATE SKIP LOCKED)
        RETURNING id, type, payload, occurred_at`,
      [options.batchSize ?? 100],
    );
    rows.sort((a, b) => new Date(a.occurred_at).getTime() - new Date(b.occurred_at).getTime() || a.id.localeCompare(b.id));
    for (const row of rows) {
      const event: DomainEvent = { id: row.id, type: row.type, occurredAt: new Date(row.occurred_at).toISOString(), payload: row.payload };
      await queue.add(eventsQueue, row.type, event, { jobId: row.id, attempts: 10, backoff: { type: 'exponential', delayMs: 1_000 } });
    }
    if (rows.length > 0) {
      await pool.query(`UPDATE platform.outbox SET published_at = now() WHERE id = ANY($1)`, [rows.map((row) => row.id)]);
    }
    return rows.length;
  };

  // A flush queued behind the running one and not started yet: it will see whatever commits before it
  // starts, so a wake meanwhile (every write of a busy minute wakes the relay) has nothing to add.
  let waiting = false;
  const flush = () => {
    waiting = true;
    running = running.then(async () => {
      waiting = false;
      if (stopped) return 0;
      let total = 0;
      try {
        // Again only after a full batch: an event committed meanwhile woke the relay, which queued another flush.
        const batch = options.batchSize ?? 100;
        for (let published = await flushOnce(); ; published = await flushOnce()) {
          total += published;
          if (published < batch) break;
        }
      } catch {
        // The next tick tries again; events stay in the outbox until published.
      }
      return total;
    });
    return running;
  };

  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(async () => {
      await flush();
      schedule();
    }, options.intervalMs ?? 500);
  };
  schedule();

  return {
    flush,
    wake: () => {
      if (!waiting) void flush();
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
