import type { Queryable } from '../../platform/database/transaction';
import type { DateException, WeeklyRule, Weekday } from './slot-engine';

export interface StoredException extends DateException {
  reason?: string;
}

export interface AvailabilityRules {
  weekly: WeeklyRule[];
  exceptions: StoredException[];
}

const hhmm = (value: string | null) => (value ? value.slice(0, 5) === '24:00' ? '24:00' : value.slice(0, 5) : undefined);

export function createAvailabilityRepository(database: Queryable) {
  return {
    /** The professional's slot version: bumped by triggers with every change that can change their free slots. */
    async slotVersion(professionalId: string): Promise<string> {
      const { rows } = await database.query(`SELECT version::text FROM availability.slot_versions WHERE professional_id = $1`, [professionalId]);
      return (rows[0]?.version as string | undefined) ?? '0';
    },

    /** Weekly rules and exceptions of several professionals in two queries. */
    async rulesOf(professionalIds: string[]): Promise<Map<string, AvailabilityRules>> {
      const result = new Map<string, AvailabilityRules>(professionalIds.map((id) => [id, { weekly: [], exceptions: [] }]));
      const weekly = await database.query(
        `SELECT professional_id, weekday, to_char(start_time, 'HH24:MI') AS start, to_char(end_time, 'HH24:MI') AS end
           FROM availability.weekly_rules WHERE professional_id = ANY($1) ORDER BY professional_id, weekday, start_time`,
        [professionalIds],
      );
      for (const row of weekly.rows) {
        result.get(row.professional_id)!.weekly.push({ weekday: row.weekday as Weekday, start: row.start, end: row.end });
      }
      const exceptions = await database.query(
        `SELECT professional_id, to_char(date, 'YYYY-MM-DD') AS date, closed, to_char(start_time, 'HH24:MI') AS start,
                to_char(end_time, 'HH24:MI') AS end, reason
           FROM availability.exceptions WHERE professional_id = ANY($1) ORDER BY professional_id, date, start_time`,
        [professionalIds],
      );
      for (const row of exceptions.rows) {
        result.get(row.professional_id)!.exceptions.push({
          date: row.date,
          closed: row.closed,
          ...(row.closed ? {} : { start: hhmm(row.start), end: hhmm(row.end) }),
          ...(row.reason ? { reason: row.reason } : {}),
        });
      }
      return result;
    },

    /** Replaces all rules of one professional; run inside a transaction. */
    async replaceRules(client: Queryable, professionalId: string, rules: AvailabilityRules): Promise<void> {
      await client.query(`DELETE FROM availability.weekly_rules WHERE professional_id = $1`, [professionalId]);
      await client.query(`DELETE FROM availability.exceptions WHERE professional_id = $1`, [professionalId]);
      for (const rule of rules.weekly) {
        await client.query(
          `INSERT INTO availability.weekly_rules (professional_id, weekday, start_time, end_time) VALUES ($1, $2, $3, $4)`,
          [professionalId, rule.weekday, rule.start, rule.end],
        );
      }
      for (const exception of rules.exceptions) {
        await client.query(
          `INSERT INTO availability.exceptions (professional_id, date, closed, start_time, end_time, reason) VALUES ($1, $2, $3, $4, $5, $6)`,
          [professionalId, exception.date, exception.closed, exception.closed ? null : exception.start, exception.closed ? null : exception.end, exception.reason ?? null],
        );
      }
    },
  };
}

export type AvailabilityRepository = ReturnType<typeof createAvailabilityRepository>;
