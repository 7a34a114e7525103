import type pg from 'pg';
import type { TestApp } from '@consulta/core-api/testing';
import { generateProfessionals, insertProfessionals, longWeek } from '../generate-professionals';
import { elapsedSince, timestamp } from '../measure';
import { formatMs } from '../report';
import { bookingService, intake, place, raceRequests } from './setup';

/*
 * 200 concurrent requests for one slot, each from another patient: exactly one may win, every other
 * must get 409, and one row must hold the slot. A correctness check, timed only for the record.
 */

export async function oneSlotRace(test: TestApp, pool: pg.Pool, tokens: string[], failures: string[]) {
  const [professional] = generateProfessionals({
    count: 1,
    idPrefix: 'bench-race',
    specialty: bookingService.specialty,
    services: [bookingService],
    from: '2026-12-02',
    to: '2026-12-02',
    seed: 4,
    weekly: longWeek,
    zones: ['Europe/Madrid'],
  });
  await insertProfessionals(pool, [professional!], place);
  const slots = (
    await test.app.inject({
      method: 'GET',
      url: `/api/v1/professionals/${professional!.id}/slots?service=${bookingService.id}&from=2026-12-03&to=2026-12-03`,
    })
  ).json().slots;
  const start = slots[0].start as string;
  const startedAt = timestamp();
  const statuses = await Promise.all(
    tokens.slice(0, raceRequests).map(
      async (token) =>
        (
          await test.app.inject({
            method: 'POST',
            url: '/api/v1/appointments',
            headers: { authorization: `Bearer ${token}` },
            payload: { professionalId: professional!.id, serviceId: bookingService.id, start, intake },
          })
        ).statusCode,
    ),
  );
  const elapsedMs = elapsedSince(startedAt);
  const count = (status: number) => statuses.filter((candidate) => candidate === status).length;
  const others = statuses.filter((status) => status !== 201 && status !== 409);
  const held = Number(
    (
      await pool.query(
        `SELECT count(*) FROM appointments.appointments WHERE professional_id = $1 AND start_at = $2 AND status IN ('requested', 'approved')`,
        [professional!.id, new Date(start)],
      )
    ).rows[0].count,
  );
  const met = count(201) === 1 && count(409) === raceRequests - 1 && held === 1;
  if (!met)
    failures.push(
      `one-slot race: ${count(201)}× 201, ${count(409)}× 409, others ${others.join(',') || 'none'}, ${held} held rows`,
    );
  return {
    rows: [
      {
        measure: `${raceRequests} concurrent \`POST /appointments\` for one slot`,
        value: `${count(201)}× 201, ${count(409)}× 409, ${others.length} other; ${held} held row`,
        baseline: '—',
        ratio: '—',
        target: 'exactly one 201, the rest 409',
        met,
      },
    ],
    note: `Race: ${raceRequests} distinct patients, all requests in flight at once; the burst took ${formatMs(elapsedMs)}.`,
  };
}
