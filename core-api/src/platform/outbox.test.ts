import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../testing';
import type { Database } from './database/open-database';
import { eventsQueue, startOutboxRelay, subscribeToEvents, writeEvent } from './outbox';
import { createDatabaseJobQueue } from './queue/database-job-queue';

// The embedded default in one piece: PGlite (one connection) holds both the outbox and the job
// queue, so the relay must never wait on the pool while it holds the connection.
let database: Database;
beforeAll(async () => {
  database = await createTestDatabase({ seed: false });
});
afterAll(async () => database?.close());

describe('outbox relay', () => {
  it('publishes committed events to a queue on the same database, once', async () => {
    const queue = createDatabaseJobQueue({ pool: database.pool });
    const relay = startOutboxRelay({ pool: database.pool, queue, intervalMs: 60_000 });
    try {
      const id = await writeEvent(database.pool, 'appointment.requested', { appointmentId: 'a-1' }, new Date('2026-12-01T09:00:00Z'));
      expect(await relay.flush()).toBe(1);
      const jobs = await database.pool.query(`SELECT id, name FROM platform.jobs WHERE queue = $1`, [eventsQueue]);
      expect(jobs.rows).toEqual([{ id, name: 'appointment.requested' }]);
      expect(await relay.flush()).toBe(0);
      const { rows } = await database.pool.query(`SELECT published_at FROM platform.outbox WHERE id = $1`, [id]);
      expect(rows[0].published_at).not.toBeNull();
    } finally {
      await relay.stop();
      await queue.close();
    }
  });

  it('leaves an event another relay has claimed to that relay until its claim runs out', async () => {
    const queue = createDatabaseJobQueue({ pool: database.pool });
    const relay = startOutboxRelay({ pool: database.pool, queue, intervalMs: 60_000 });
    try {
      const id = await writeEvent(database.pool, 'appointment.cancelled', { appointmentId: 'a-2' }, new Date('2026-12-01T09:00:00Z'));
      await database.pool.query(`UPDATE platform.outbox SET claimed_until = now() + interval '1 minute' WHERE id = $1`, [id]);
      expect(await relay.flush()).toBe(0);
      await database.pool.query(`UPDATE platform.outbox SET claimed_until = now() - interval '1 second' WHERE id = $1`, [id]);
      expect(await relay.flush()).toBe(1);
    } finally {
      await relay.stop();
      await queue.close();
    }
  });
});

describe('outbox relay woken by every write', () => {
  it('publishes each event once, claiming a few times rather than once per wake', async () => {
    const queue = createDatabaseJobQueue({ pool: database.pool });
    let claims = 0;
    // The relay's pool, counting its claims (the statement that starts every flush).
    const pool = new Proxy(database.pool, {
      get(target, property, receiver) {
        if (property !== 'query') return Reflect.get(target, property, receiver);
        return (text: string, values?: unknown[]) => {
          if (text.includes('SET claimed_until')) claims++;
          return target.query(text, values);
        };
      },
    });
    const relay = startOutboxRelay({ pool, queue, intervalMs: 60_000 });
    try {
      const ids: string[] = [];
      for (let index = 0; index < 20; index += 1) {
        ids.push(await writeEvent(database.pool, 'appointment.approved', { appointmentId: `wake-${index}` }, new Date('2026-12-01T09:00:00Z')));
      }
      // A busy minute: every request wakes the relay, and most wakes come while a flush waits its turn.
      for (let index = 0; index < 20; index += 1) relay.wake();
      await relay.flush();
      const jobs = await database.pool.query(`SELECT id FROM platform.jobs WHERE queue = $1 AND id = ANY($2)`, [eventsQueue, ids]);
      expect(jobs.rows.map((row) => row.id).sort()).toEqual([...ids].sort());
      expect(claims).toBeLessThanOrEqual(4);
    } finally {
      await relay.stop();
      await queue.close();
    }
  });
});

describe('subscribeToEvents', () => {
  it('gives every subscriber each event once, on a queue of its own when there are several', async () => {
    const queue = createDatabaseJobQueue({ pool: database.pool, pollIntervalMs: 20 });
    const seen: Record<string, string[]> = { notifications: [], analytics: [] };
    let analyticsFailures = 1;
    subscribeToEvents(queue, [
      // Earlier tests left events on this database's queue; only this test's event is looked at.
      { name: 'notifications', handle: async (event) => void (event.id === 'evt-fan-1' && seen.notifications!.push(event.id)) },
      {
        name: 'analytics',
        handle: async (event) => {
          // One subscriber failing is retried on its own queue; the other is not run again.
          if (event.id !== 'evt-fan-1') return;
          if (analyticsFailures-- > 0) throw new Error('warehouse down');
          seen.analytics!.push(event.id);
        },
      },
    ]);
    try {
      const event = { id: 'evt-fan-1', type: 'appointment.approved', occurredAt: '2026-12-01T09:00:00.000Z', payload: {} };
      await queue.add(eventsQueue, event.type, event, { jobId: event.id });
      await queue.add(eventsQueue, event.type, event, { jobId: event.id }); // replayed
      const deadline = Date.now() + 10_000;
      while (seen.analytics!.length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(seen).toEqual({ notifications: ['evt-fan-1'], analytics: ['evt-fan-1'] });
    } finally {
      await queue.close();
    }
  });
});
