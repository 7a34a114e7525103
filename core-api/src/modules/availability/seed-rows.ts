import type { Queryable } from '../../platform/database/transaction';
import type { Seed } from '../../seed/seed-schema';

/** Replaces the weekly rules and exceptions of the seed's professionals with the seed's. */
export async function applyAvailabilitySeed(client: Queryable, seed: Seed): Promise<void> {
  for (const professional of seed.professionals) {
    await client.query(`DELETE FROM availability.weekly_rules WHERE professional_id = $1`, [professional.id]);
    await client.query(`DELETE FROM availability.exceptions WHERE professional_id = $1`, [professional.id]);
    for (const rule of professional.weekly) {
      for (const weekday of rule.days) {
        await client.query(
          `INSERT INTO availability.weekly_rules (professional_id, weekday, start_time, end_time) VALUES ($1, $2, $3, $4)`,
          [professional.id, weekday, rule.from, rule.to],
        );
      }
    }
    for (const exception of professional.exceptions) {
      await client.query(
        `INSERT INTO availability.exceptions (professional_id, date, closed, start_time, end_time, reason)
         VALUES ($1, $2, $3, $4, $5, $6)`,
        [professional.id, exception.date, exception.closed, exception.from ?? null, exception.to ?? null, exception.reason ?? null],
      );
    }
  }
}
