import { Kysely, Migrator, PostgresDialect, sql, type Migration } from 'kysely';
import type { Database } from './open-database';

/**
 * A module's migrations, keyed by a name that sorts in the order they must run.
 * Names start with a global sequence number (`0010-identity-…`) because modules
 * depend on the extensions and helper schemas created before them.
 */
export type ModuleMigrations = Record<string, Migration>;

/** A migration written as plain SQL (several statements allowed). */
export function sqlMigration(statements: string): Migration {
  return { up: async (db) => void (await sql.raw(statements).execute(db)) };
}

/**
 * Brings the database up to date with every module's migrations, with
 * Kysely's migrator (locked, so concurrent starts of several replicas are safe).
 */
export async function migrateDatabase(database: Database, migrations: ModuleMigrations[]): Promise<string[]> {
  const all: Record<string, Migration> = {};
  for (const set of migrations) {
    for (const [name, migration] of Object.entries(set)) {
      if (all[name]) throw new Error(`Two migrations are named "${name}"`);
      all[name] = migration;
    }
  }
  const kysely = new Kysely<unknown>({ dialect: new PostgresDialect({ pool: database.pool }) });
  await database.pool.query('CREATE SCHEMA IF NOT EXISTS platform');
  const migrator = new Migrator({
    db: kysely,
    provider: { getMigrations: async () => all },
    migrationTableSchema: 'platform',
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((result) => result.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`Migration ${failed} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  // Kysely's destroy would end the shared pool; the pool belongs to the caller.
  return (results ?? []).map((result) => result.migrationName);
}
