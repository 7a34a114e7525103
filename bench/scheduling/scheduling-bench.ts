import { createTestApp } from '@consulta/core-api/testing';
import { insertPatients, insertServices } from '../generate-professionals';
import type { BenchResult, ResultRow } from '../report';
import { bookingThroughput } from './booking-throughput';
import { earliestOverMany } from './earliest-slots';
import { oneSlotRace } from './one-slot-race';
import { allServices, benchPatients, now, place, progress } from './setup';
import { slotsOfOneProfessional } from './slots-one-professional';

/*
 * The scheduling benchmarks of one database: slots of one professional, the earliest-slot search
 * over 1,000 professionals, booking throughput and the one-slot race, one file each. Every measure
 * sits next to a baseline that does the unavoidable database work alone (bare SQL for the same
 * rows), so the table says how much the application adds on top, which stays meaningful on a noisy
 * machine where absolute times do not.
 */

export async function runSchedulingBench(engineLabel: (version: string) => string): Promise<BenchResult> {
  // Rate limits protect a public deployment; here every request comes from one address on purpose.
  const test = await createTestApp({
    now: now.toISOString(),
    environment: { RATE_LIMIT_PUBLIC_MAX: '1000000000', RATE_LIMIT_AUTH_MAX: '1000000000', RATE_LIMIT_USER_MAX: '1000000000' },
  });
  try {
    const pool = test.runtime.database.pool;
    const version = (await pool.query<{ server_version: string }>('SHOW server_version')).rows[0]!
      .server_version;
    const failures: string[] = [];
    const rows: ResultRow[] = [];
    const notes: string[] = [];
    await insertPatients(pool, benchPatients, place.organizationId);
    await insertServices(pool, allServices, place);

    progress('slots of one professional');
    const solo = await slotsOfOneProfessional(test, pool, failures);
    rows.push(...solo.rows);
    notes.push(solo.note);
    progress('earliest slots over 1,000 professionals');
    const earliest = await earliestOverMany(test, pool, failures);
    rows.push(...earliest.rows);
    notes.push(earliest.note);
    const tokens = await Promise.all(benchPatients.map((id) => test.tokenFor(id)));
    progress('booking throughput');
    const booking = await bookingThroughput(test, pool, tokens, failures);
    rows.push(...booking.rows);
    notes.push(...booking.notes);
    progress('one-slot race');
    const race = await oneSlotRace(test, pool, tokens, failures);
    rows.push(...race.rows);
    notes.push(race.note);
    return { section: { title: engineLabel(version), rows, notes }, failures };
  } finally {
    await test.close();
  }
}
