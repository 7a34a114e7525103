/**
 * `npm run migrate`: migrates the configured database and, when it is empty,
 * loads the seed (SEED_FILE, or the demo organisation; `--no-seed` skips it).
 * The migrations job of a split deployment; replicas then start on a ready schema.
 */
import path from 'node:path';
import { ConfigError, loadConfig } from '../platform/config';
import { openDatabase } from '../platform/database/open-database';
import { migrateDatabase } from '../platform/database/migrate';
import { StartupError } from '../platform/startup-error';
import { clockFromConfig } from '../platform/clock';
import { allMigrations } from '../migrations';
import { isDatabaseEmpty, loadSeed } from './load-seed';
import { readSeedFile, SeedError } from './parse-seed';

try {
  const config = loadConfig(process.env);
  const database = await openDatabase({ url: config.DATABASE_URL, dataDirectory: path.join(config.DATA_DIR, 'pglite') });
  try {
    const applied = await migrateDatabase(database, allMigrations);
    process.stdout.write(`Migrations applied: ${applied.length === 0 ? 'none (up to date)' : applied.join(', ')}.\n`);
    if (!process.argv.includes('--no-seed') && (await isDatabaseEmpty(database.pool))) {
      const seed = readSeedFile(config.SEED_FILE);
      await loadSeed(database.pool, seed, { now: clockFromConfig(config.FIXED_NOW).now() });
      process.stdout.write(`The database was empty: seed "${seed.organization.name}" loaded.\n`);
    }
  } finally {
    await database.close();
  }
} catch (error) {
  if (error instanceof ConfigError || error instanceof SeedError || error instanceof StartupError) {
    process.stderr.write(`consulta: ${error.message}\n`);
    process.exit(1);
  }
  throw error;
}
