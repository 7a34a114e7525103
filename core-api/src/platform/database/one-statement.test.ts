import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../testing/test-database';
import type { Database } from './open-database';
import { oneStatement, prepared, runAsOneStatement } from './one-statement';
import { onOneConnection } from './transaction';

let database: Database;
beforeAll(async () => {
  database = await createTestDatabase({ seed: false });
  await database.pool.query(`
    CREATE TABLE platform.one_parent (id text PRIMARY KEY, slot int NOT NULL,
      CONSTRAINT one_parent_slot EXCLUDE USING gist (slot WITH =));
    CREATE TABLE platform.one_child (id bigserial PRIMARY KEY, parent_id text NOT NULL REFERENCES platform.one_parent(id), note text);
  `);
});
afterAll(() => database?.close());

const parent = (id: string, slot: number) => ({ text: 'INSERT INTO platform.one_parent (id, slot) VALUES ($1, $2)', values: [id, slot] });
const child = (parentId: string, note: string) => ({ text: 'INSERT INTO platform.one_child (parent_id, note) VALUES ($1, $2)', values: [parentId, note] });
const count = async (table: string) => Number((await database.pool.query(`SELECT count(*) FROM platform.${table}`)).rows[0].count);

describe('one statement', () => {
  it('numbers the parameters of each part after those of the parts before it', () => {
    const joined = oneStatement([
      { text: 'INSERT INTO a VALUES ($1, $2, $1)', values: ['x', 'y'] },
      { text: 'UPDATE b SET c = $2 WHERE d = $1 AND e = $10', values: ['1', '2', '3', '4', '5', '6', '7', '8', '9', '10'] },
    ]);
    expect(joined.text).toContain('INSERT INTO a VALUES ($1, $2, $1)');
    expect(joined.text).toContain('UPDATE b SET c = $4 WHERE d = $3 AND e = $12');
    expect(joined.values).toHaveLength(12);
  });

  it('writes a parent and a child that references it, in one round trip', async () => {
    await runAsOneStatement(database.pool, [parent('p1', 1), child('p1', 'beside its parent')]);
    expect((await database.pool.query(`SELECT note FROM platform.one_child WHERE parent_id = 'p1'`)).rows).toEqual([{ note: 'beside its parent' }]);
  });

  it('writes nothing when one part fails, even outside a transaction', async () => {
    const parents = await count('one_parent');
    const children = await count('one_child');
    const refused = onOneConnection(database.pool, (client) =>
      runAsOneStatement(client, [child('p1', 'would be orphaned by the refusal'), parent('p2', 1)]),
    );
    await expect(refused).rejects.toMatchObject({ code: '23P01' });
    // Straight after the refusal: the connection it failed on must still serve (PGlite has only one).
    expect(await count('one_parent')).toBe(parents);
    expect(await count('one_child')).toBe(children);
  });

  it('names a prepared statement by its text', () => {
    expect(prepared(parent('a', 1)).name).toBe(prepared(parent('b', 2)).name);
    expect(prepared(parent('a', 1)).name).not.toBe(prepared(child('a', 'x')).name);
  });
});
