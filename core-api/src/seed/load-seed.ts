import type pg from 'pg';
import { inTransaction } from '../platform/database/transaction';
import type { Seed } from './seed-schema';
import { applyDirectorySeed } from '../modules/directory/seed-rows';
import { applyAvailabilitySeed } from '../modules/availability/seed-rows';
import { applyIdentitySeed } from '../modules/identity/seed-rows';
import { applyAppointmentsSeed } from '../modules/appointments/seed-rows';
import { applyKnowledgeSeed } from '../modules/knowledge/seed-rows';

/**
 * Loads a seed in one transaction: every seeded row ends as the seed says,
 * rows the seed does not name are left alone, and loading twice changes nothing.
 */
export async function loadSeed(pool: pg.Pool, seed: Seed, options: { now?: Date } = {}): Promise<void> {
  await inTransaction(pool, async (client) => {
    await applyDirectorySeed(client, seed);
    await applyAvailabilitySeed(client, seed);
    await applyIdentitySeed(client, seed);
    await applyAppointmentsSeed(client, seed, options.now ?? new Date());
    await applyKnowledgeSeed(client, seed, options.now ?? new Date());
  });
}

/** True when no organisation exists yet: the first start of a new database. */
export async function isDatabaseEmpty(pool: pg.Pool): Promise<boolean> {
  const result = await pool.query('SELECT NOT EXISTS (SELECT 1 FROM directory.organizations) AS empty');
  return result.rows[0].empty as boolean;
}
