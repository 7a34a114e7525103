import type pg from 'pg';
import type { TestApp } from '@consulta/core-api/testing';
import { earliestSlots, type SlotQuery } from '../../core-api/src/modules/availability/slot-engine';
import {
  generateProfessionals,
  insertAppointments,
  insertProfessionals,
  pickAppointments,
  seededRandom,
} from '../generate-professionals';
import { timeInterleaved } from '../measure';
import { perCallRow } from './per-call-row';
import { cardiologyServices, now, place } from './setup';
import { coveringInstants, profileOf, toBusy, type Row } from './slot-rows';

/*
 * The earliest-slot search over 1,000 generated professionals and 14 days: the pure search and the
 * endpoint, each next to the five bare SELECTs that fetch the same rows.
 */

interface EarliestRows {
  professionals: Row[];
  services: Row[];
  weekly: Row[];
  exceptions: Row[];
  held: Row[];
}

const serviceById = (id: string) => cardiologyServices.find((service) => service.id === id)!;

export async function earliestOverMany(test: TestApp, pool: pg.Pool, failures: string[]) {
  const from = '2026-12-02';
  const to = '2026-12-15';
  const specialty = 'cardiology';
  const professionals = generateProfessionals({
    count: 1000,
    idPrefix: 'bench-cardio',
    specialty,
    services: cardiologyServices,
    from,
    to,
    seed: 2,
  });
  await insertProfessionals(pool, professionals, place);
  // Three appointments each, two of them in the first two days, where the search looks first.
  const random = seededRandom(22);
  const booked = professionals.flatMap((professional) =>
    pickAppointments(professional, serviceById(professional.serviceIds[0]!), {
      from,
      to,
      now,
      count: 3,
      earlyCount: 2,
      earlyUntil: new Date('2026-12-04T00:00:00Z'),
      random,
      patientId: 'bench-patient-001',
    }),
  );
  await insertAppointments(pool, booked, place);

  const span = coveringInstants(from, to);
  // Bare SQL for the same rows as the endpoint: matching professionals with their services, the
  // specialty's services, then rules, exceptions and held time of those professionals.
  const fetchRows = async (): Promise<EarliestRows> => {
    const found = (
      await pool.query(
        `SELECT p.id, p.timezone, p.buffer_minutes, p.min_notice_hours, p.booking_horizon_days,
                array_agg(s.service_id ORDER BY s.service_id) AS service_ids
           FROM directory.professionals p JOIN directory.professional_services s ON s.professional_id = p.id
          WHERE p.specialty = $1 GROUP BY p.id`,
        [specialty],
      )
    ).rows;
    const ids = found.map((row) => row.id as string);
    return {
      professionals: found,
      services: (
        await pool.query(`SELECT id, minutes FROM directory.services WHERE specialty = $1`, [specialty])
      ).rows,
      weekly: (
        await pool.query(
          `SELECT professional_id, weekday, start_time, end_time FROM availability.weekly_rules WHERE professional_id = ANY($1)`,
          [ids],
        )
      ).rows,
      exceptions: (
        await pool.query(
          `SELECT professional_id, date::text AS date, closed, start_time, end_time FROM availability.exceptions
            WHERE professional_id = ANY($1) AND date BETWEEN $2 AND $3`,
          [ids, from, to],
        )
      ).rows,
      held: (
        await pool.query(
          `SELECT professional_id, start_at, end_at, buffer_minutes FROM appointments.appointments
            WHERE professional_id = ANY($1) AND status IN ('requested', 'approved') AND hold_until > $2 AND start_at < $3`,
          [ids, span.from, span.to],
        )
      ).rows,
    };
  };
  const queries = toEarliestQueries(await fetchRows(), from, to);
  const url = `/api/v1/slots?specialty=${specialty}&from=${from}&to=${to}&limit=10`;
  const endpoint = async () => {
    const response = await test.app.inject({ method: 'GET', url });
    if (response.statusCode !== 200) throw new Error(`GET ${url}: ${response.statusCode} ${response.body}`);
    return response;
  };

  const pure = earliestSlots(queries, 10);
  const served = (await endpoint()).json().slots as Array<{ start: string; professionalId: string }>;
  const same =
    served.length === pure.length &&
    served.every(
      (slot, index) =>
        Date.parse(slot.start) === pure[index]!.start.getTime() && slot.professionalId === pure[index]!.key,
    );
  if (!same) failures.push('earliest slots: the endpoint and earliestSlots on the bare rows disagree');

  const timings = await timeInterleaved(
    { compute: () => earliestSlots(queries, 10), endpoint, fetch: fetchRows },
    { warmup: 5, iterations: 100, budgetMs: 20_000, minIterations: 20 },
  );
  return {
    rows: [
      perCallRow(
        'Earliest 10 slots, 1,000 professionals × 14 days: `earliestSlots` (pure)',
        timings.compute,
        timings.fetch,
        '≤ 1× fetch',
        true,
      ),
      perCallRow(
        'Earliest 10 slots, 1,000 professionals × 14 days: `GET /slots?specialty=…&limit=10`',
        timings.endpoint,
        timings.fetch,
        '—',
        false,
      ),
    ],
    note:
      `Earliest: ${professionals.length} professionals in ${new Set(professionals.map((p) => p.timeZone)).size} zones, ` +
      `${professionals.reduce((sum, p) => sum + p.weekly.length, 0)} weekly rules, ${professionals.reduce((sum, p) => sum + p.exceptions.length, 0)} exceptions, ` +
      `${booked.length} held appointments; baseline = the 5 bare SELECTs; ${timings.compute.count} timed rounds, interleaved.`,
  };
}

function toEarliestQueries(
  fetched: EarliestRows,
  from: string,
  to: string,
): Array<SlotQuery & { key: string }> {
  const minutesOf = new Map(fetched.services.map((row) => [row.id as string, row.minutes as number]));
  const group = (rows: Row[]) => {
    const byId = new Map<string, Row[]>();
    for (const row of rows) {
      const list = byId.get(row.professional_id) ?? [];
      list.push(row);
      byId.set(row.professional_id, list);
    }
    return byId;
  };
  const weekly = group(fetched.weekly);
  const exceptions = group(fetched.exceptions);
  const held = group(fetched.held);
  return fetched.professionals.flatMap((row) => {
    // As the service does: a professional's first service of the specialty stands for it.
    const serviceId = (row.service_ids as string[]).find((id) => minutesOf.has(id));
    if (!serviceId) return [];
    const settings = {
      timeZone: row.timezone,
      bufferMinutes: row.buffer_minutes,
      minNoticeHours: row.min_notice_hours,
      bookingHorizonDays: row.booking_horizon_days,
    };
    return [
      {
        key: row.id as string,
        profile: profileOf(settings, weekly.get(row.id) ?? [], exceptions.get(row.id) ?? []),
        serviceMinutes: minutesOf.get(serviceId)!,
        from,
        to,
        now,
        busy: (held.get(row.id) ?? []).map(toBusy),
      },
    ];
  });
}
