import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from './open-database';

/*
 * The embedded engine runs in this thread. These tests pin down how it shares the event loop:
 * a backlog of queries must leave room for I/O (a request arriving during a burst of background
 * work is read at once), and a transaction must not give its only connection's time away.
 */

let embedded: Database;
beforeAll(async () => {
  embedded = await openDatabase({});
});
afterAll(() => embedded?.close());

const nextLoopTurn = () => {
  const state = { reached: false };
  setImmediate(() => {
    state.reached = true;
  });
  return state;
};

/** Runs `count` queries at once and tells how many had answered when the loop first reached its check phase. */
async function answeredWhenTheLoopTurns(count: number): Promise<number> {
  let done = 0;
  const backlog = Array.from({ length: count }, () => embedded.pool.query('SELECT 1').then(() => (done += 1)));
  let answered = -1;
  const watcher = new Promise<void>((resolve) =>
    setImmediate(() => {
      answered = done;
      resolve();
    }),
  );
  await Promise.all(backlog);
  await watcher;
  return answered;
}

describe('the embedded database', () => {
  it('is PGlite when no URL is given', () => {
    expect(embedded.engine).toBe('pglite');
  });

  it('lets the event loop poll for I/O while a backlog of queries runs', async () => {
    // Served one round trip per turn of the loop, not all 200 back to back as microtasks.
    expect(await answeredWhenTheLoopTurns(200)).toBeLessThan(10);
  });

  it('runs a transaction without giving the loop away between its statements', async () => {
    const client = await embedded.pool.connect();
    try {
      await client.query('BEGIN');
      const loopTurn = nextLoopTurn();
      for (let index = 0; index < 20; index++) await client.query('SELECT $1::int AS n', [index]);
      expect(loopTurn.reached).toBe(false);
      await client.query('COMMIT');
    } finally {
      client.release();
    }
  });

  it('lets the loop poll again once a transaction that failed is rolled back', async () => {
    const client = await embedded.pool.connect();
    try {
      await client.query('BEGIN');
      await expect(client.query('SELECT 1/0')).rejects.toMatchObject({ code: '22012' });
      await client.query('ROLLBACK');
    } finally {
      client.release();
    }
    expect(await answeredWhenTheLoopTurns(50)).toBeLessThan(10);
  });

  it('answers each query of a backlog correctly, in order per caller', async () => {
    const answers = await Promise.all(Array.from({ length: 50 }, (_, index) => embedded.pool.query<{ n: number }>('SELECT $1::int AS n', [index])));
    expect(answers.map((answer) => answer.rows[0]!.n)).toEqual(Array.from({ length: 50 }, (_, index) => index));
  });
});
