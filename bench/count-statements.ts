import pg from 'pg';

/**
 * Statements per operation: counts every query sent by any pg client (pool.query and transaction
 * clients alike, on both engines) while `work` runs, divided by the operations it reports.
 */
export async function countingStatements(work: () => Promise<number>): Promise<number> {
  const prototype = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const original = prototype.query;
  let statements = 0;
  prototype.query = function (this: unknown, ...args: unknown[]) {
    statements++;
    return original.apply(this, args);
  };
  try {
    const operations = await work();
    return statements / operations;
  } finally {
    prototype.query = original;
  }
}
