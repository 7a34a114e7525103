import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type Database } from '../platform/database/open-database';
import { migrateDatabase } from '../platform/database/migrate';
import { allMigrations } from '../migrations';
import { loadSeed } from '../seed/load-seed';
import { readSeedFile } from '../seed/parse-seed';

export interface TestDatabaseOptions {
  /** Load the demo seed after migrating (default true). */
  seed?: boolean;
  /** The instant the seed counts as loaded at (the test clock). */
  now?: string;
}

/**
 * A fresh, migrated database for one test file: an in-memory PGlite by
 * default, or a new database on the server named by DATABASE_URL (dropped on
 * close), so that files running in parallel never see each other's rows.
 *
 * @example
 * const database = await createTestDatabase();
 * afterAll(() => database.close());
 */
export async function createTestDatabase(options: TestDatabaseOptions = {}): Promise<Database> {
  const serverUrl = process.env.DATABASE_URL;
  let database: Database;
  let drop: (() => Promise<void>) | undefined;
  if (serverUrl) {
    const name = `consulta_test_${randomBytes(6).toString('hex')}`;
    await withAdminClient(serverUrl, (client) => client.query(`CREATE DATABASE ${name}`));
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    // The production pool size, so that races are run as they would be in production; a
    // patient wait, because CI runs many files at once on two cores and PostgreSQL allows 100 connections.
    database = await openDatabase({ url: url.toString(), poolSize: 10, poolWaitMs: 60_000 });
    drop = async () => {
      await withAdminClient(serverUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    };
  } else {
    database = await openDatabase({ dataDirectory: 'memory://' });
  }
  await migrateDatabase(database, allMigrations);
  if (options.seed ?? true) await loadSeed(database.pool, readSeedFile(), { now: new Date(options.now ?? '2026-12-01T09:00:00Z') });
  const close = database.close;
  return {
    ...database,
    async close() {
      await close();
      await drop?.();
    },
  };
}

async function withAdminClient<T>(serverUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
