import type pg from 'pg';

export type Queryable = Pick<pg.Pool | pg.PoolClient, 'query'>;

/**
 * Runs `work` in one transaction on one connection and commits, or rolls back
 * on any error. State changes and their outbox events go through here together.
 *
 * @example
 * await inTransaction(pool, async (client) => { await client.query('…'); });
 */
export async function inTransaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

/**
 * Runs `work` on one connection outside any transaction, for a single statement
 * that may fail (a constraint refusing a row). The connection goes back to the
 * pool sound even then: a failed statement outside a transaction leaves nothing
 * open. `pool.query` would instead end it, and on PGlite every client shares
 * one connection, which the end of one client breaks for the next one's query
 * ("Connection terminated unexpectedly").
 */
export async function onOneConnection<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    return await work(client);
  } finally {
    client.release();
  }
}
