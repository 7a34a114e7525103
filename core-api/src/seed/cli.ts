/**
 * `npm run seed`: loads the seed (SEED_FILE, or the demo organisation) into
 * the configured database, migrating it first. Safe to run again.
 */
import path from 'node:path';
import { ConfigError, loadConfig } from '../platform/config';
import { openDatabase } from '../platform/database/open-database';
import { migrateDatabase } from '../platform/database/migrate';
import { StartupError } from '../platform/startup-error';
import { allMigrations } from '../migrations';
import { loadSeed } from './load-seed';
import { clockFromConfig } from '../platform/clock';
import { readSeedFile, SeedError } from './parse-seed';

try {
  const config = loadConfig(process.env);
  const seed = readSeedFile(config.SEED_FILE);
  const database = await openDatabase({ url: config.DATABASE_URL, dataDirectory: path.join(config.DATA_DIR, 'pglite') });
  try {
    await migrateDatabase(database, allMigrations);
    await loadSeed(database.pool, seed, { now: clockFromConfig(config.FIXED_NOW).now() });
  } finally {
    await database.close();
  }
  process.stdout.write(
    `Seed "${seed.organization.name}" loaded: ${seed.professionals.length} professionals, ${seed.patients.length} patients, ` +
      `${seed.appointments.length} appointments.\n`,
  );
} catch (error) {
  if (error instanceof ConfigError || error instanceof SeedError || error instanceof StartupError) {
    process.stderr.write(`consulta: ${error.message}\n`);
    process.exit(1);
  }
  throw error;
}
