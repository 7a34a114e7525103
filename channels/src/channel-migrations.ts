import { Kysely, Migrator, PostgresDialect, sql, type Migration } from 'kysely';
import type pg from 'pg';

/**
 * Migrates one channel's own schema with its own migration table, so each
 * channel's tables evolve beside core-api's and the other channels' without
 * knowing of them. The host's pool is used, never ended.
 */
export async function migrateChannelSchema(pool: pg.Pool, schema: string, migrations: Record<string, Migration>): Promise<void> {
  const db = new Kysely<unknown>({ dialect: new PostgresDialect({ pool: withoutEnd(pool) }) });
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations }, migrationTableSchema: schema });
  await sql`CREATE SCHEMA IF NOT EXISTS ${sql.id(schema)}`.execute(db);
  const { error } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
}

// Kysely ends its pool on destroy; the pool belongs to the host, so it must not.
function withoutEnd(pool: pg.Pool) {
  return { connect: () => pool.connect(), end: async () => undefined } as unknown as pg.Pool;
}
