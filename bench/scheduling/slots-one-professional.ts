import type pg from 'pg';
import type { TestApp } from '@consulta/core-api/testing';
import { computeSlots, type SlotQuery } from '../../core-api/src/modules/availability/slot-engine';
import {
  generateProfessionals,
  insertAppointments,
  insertProfessionals,
  pickAppointments,
  seededRandom,
} from '../generate-professionals';
import { timeInterleaved } from '../measure';
import { perCallRow } from './per-call-row';
import { now, place, soloService } from './setup';
import { coveringInstants, profileOf, toBusy, weekdays } from './slot-rows';

/*
 * Slots of one professional over 30 days: the pure slot computation and the endpoint, each next to
 * the three bare SELECTs that fetch the rows the computation needs.
 */

export async function slotsOfOneProfessional(test: TestApp, pool: pg.Pool, failures: string[]) {
  const from = '2026-12-02';
  const to = '2026-12-31';
  const [professional] = generateProfessionals({
    count: 1,
    idPrefix: 'bench-solo',
    specialty: soloService.specialty,
    services: [soloService],
    from,
    to,
    seed: 1,
    zones: ['Europe/Madrid'],
    weekly: [...weekdays('09:00', '13:00'), ...weekdays('15:00', '19:00')],
  });
  // Fixed rather than drawn: one closed day and one short day, so both exception paths run.
  Object.assign(professional!, {
    bufferMinutes: 10,
    minNoticeHours: 12,
    exceptions: [
      { date: '2026-12-08', closed: true },
      { date: '2026-12-24', closed: false, start: '09:00', end: '13:00' },
    ],
  });
  const solo = professional!;
  await insertProfessionals(pool, [solo], place);
  const booked = pickAppointments(solo, soloService, {
    from,
    to,
    now,
    count: 40,
    random: seededRandom(11),
    patientId: 'bench-patient-000',
  });
  await insertAppointments(pool, booked, place);

  const span = coveringInstants(from, to);
  // Bare SQL: the three row sets the computation needs (settings of the professional are known here).
  const fetchRows = async () => ({
    weekly: (
      await pool.query(
        `SELECT weekday, start_time, end_time FROM availability.weekly_rules WHERE professional_id = $1`,
        [solo.id],
      )
    ).rows,
    exceptions: (
      await pool.query(
        `SELECT date::text AS date, closed, start_time, end_time FROM availability.exceptions WHERE professional_id = $1 AND date BETWEEN $2 AND $3`,
        [solo.id, from, to],
      )
    ).rows,
    held: (
      await pool.query(
        `SELECT start_at, end_at, buffer_minutes FROM appointments.appointments
          WHERE professional_id = $1 AND status IN ('requested', 'approved') AND hold_until > $2 AND start_at < $3`,
        [solo.id, span.from, span.to],
      )
    ).rows,
  });
  const fetched = await fetchRows();
  const query: SlotQuery = {
    profile: profileOf(solo, fetched.weekly, fetched.exceptions),
    serviceMinutes: soloService.minutes,
    from,
    to,
    now,
    busy: fetched.held.map(toBusy),
  };
  const url = `/api/v1/professionals/${solo.id}/slots?service=${soloService.id}&from=${from}&to=${to}`;
  const endpoint = async () => {
    const response = await test.app.inject({ method: 'GET', url });
    if (response.statusCode !== 200) throw new Error(`GET ${url}: ${response.statusCode} ${response.body}`);
    return response;
  };

  // The baseline must fetch what the endpoint used: same slots from both, or the comparison is void.
  const pure = computeSlots(query);
  const served = (await endpoint()).json().slots as Array<{ start: string }>;
  if (
    served.length !== pure.length ||
    served.some((slot, index) => Date.parse(slot.start) !== pure[index]!.start.getTime())
  )
    failures.push(
      `slots of one professional: endpoint gave ${served.length} slots, computeSlots on the bare rows ${pure.length}`,
    );

  const timings = await timeInterleaved(
    { compute: () => computeSlots(query), endpoint, fetch: fetchRows },
    { warmup: 20, iterations: 300, budgetMs: 10_000, minIterations: 30 },
  );
  return {
    rows: [
      perCallRow(
        'Slots, 1 professional × 30 days: `computeSlots` (pure)',
        timings.compute,
        timings.fetch,
        '≤ 1× fetch',
        true,
      ),
      perCallRow(
        'Slots, 1 professional × 30 days: `GET /professionals/{id}/slots`',
        timings.endpoint,
        timings.fetch,
        '—',
        false,
      ),
    ],
    note:
      `Slots: ${pure.length} slots offered out of a 30-day week grid with ${booked.length} booked appointments, 1 closed and 1 short day; ` +
      `baseline = the 3 bare SELECTs (weekly rules, exceptions, held appointments); ${timings.compute.count} timed rounds, interleaved.`,
  };
}
