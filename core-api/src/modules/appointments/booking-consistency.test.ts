import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/test-app';
import { onOneConnection } from '../../platform/database/transaction';
import type { AvailabilityService } from '../availability/availability-service';
import { createAppointmentsRepository } from './appointments-repository';
import { createAppointmentsService } from './appointments-service';

// Bookings reuse cached directory rows and rules, and write their rows in one statement: these
// tests fail if a change made through the API went unseen by the next booking, or if a refused
// booking left part of its rows behind.

let test: TestApp;
beforeAll(async () => {
  test = await createTestApp({ now: '2026-12-01T09:00:00Z' });
});
afterAll(() => test?.close());

const call = async (method: 'GET' | 'POST' | 'PUT' | 'PATCH', url: string, as: string, payload?: unknown) =>
  test.app.inject({ method, url: `/api/v1${url}`, headers: await test.as(as), ...(payload ? { payload: payload as object } : {}) });
const book = (as: string, start: string) =>
  call('POST', '/appointments', as, { professionalId: 'dr-lopez', serviceId: 'derm-consult', start, intake: { reason: 'Check', date_of_birth: '1990-01-01' } });
const rows = async (sql: string, values: unknown[]) => (await test.runtime.database.pool.query(sql, values)).rows;
// A statement expected to fail runs on a client released whole: `pool.query` ends its client on an
// error, and on PGlite that is the only connection.
const mayFail = (sql: string, values: unknown[]) =>
  onOneConnection(test.runtime.database.pool, async (client) => (await client.query(sql, values)).rows);

describe('what the next booking sees', () => {
  it('sees availability the professional has just changed', async () => {
    expect((await book('patient-ana', '2026-12-10T09:00:00+01:00')).statusCode).toBe(201);
    const current = (await call('GET', '/professionals/dr-lopez/availability', 'dr-lopez')).json();
    const closed = await call('PUT', '/professionals/dr-lopez/availability', 'dr-lopez', {
      weekly: current.weekly,
      exceptions: [...current.exceptions, { date: '2026-12-10', closed: true, reason: 'Congress' }],
    });
    expect(closed.statusCode).toBe(200);
    const refused = await book('patient-ben', '2026-12-10T09:40:00+01:00');
    expect(refused.statusCode).toBe(409);
    expect(refused.json().code).toBe('slot_unavailable');
  });

  it("sees a domain's approval setting an admin has just changed", async () => {
    expect((await book('patient-ana', '2026-12-11T09:00:00+01:00')).json().status).toBe('requested');
    expect((await call('PATCH', '/domains/medical', 'admin-sam', { approval: 'automatic' })).statusCode).toBe(200);
    try {
      expect((await book('patient-ben', '2026-12-11T09:40:00+01:00')).json().status).toBe('approved');
    } finally {
      await call('PATCH', '/domains/medical', 'admin-sam', { approval: 'required' });
    }
  });
});

describe('what a booking writes', () => {
  it('leaves no event or audit entry behind for a request refused by the database', async () => {
    const start = '2026-12-14T09:00:00+01:00';
    const patients = ['patient-ana', 'patient-ben', 'patient-chloe'];
    const statuses = await Promise.all(Array.from({ length: 12 }, (_, index) => book(patients[index % 3]!, start).then((r) => r.statusCode)));
    expect(statuses.filter((status) => status === 201)).toHaveLength(1);
    expect(statuses.filter((status) => status === 409)).toHaveLength(11);
    const held = await rows(`SELECT id FROM appointments.appointments WHERE professional_id = 'dr-lopez' AND start_at = $1`, [new Date(start)]);
    expect(held).toHaveLength(1);
    const events = await rows(`SELECT payload->>'appointmentId' AS id FROM platform.outbox WHERE type = 'appointment.requested' AND payload->>'start' = $1`, [
      new Date(start).toISOString(),
    ]);
    expect(events).toEqual([{ id: held[0].id }]);
    // Entries of the refused requests would name appointments that do not exist.
    const orphans = await rows(
      `SELECT resource_id FROM identity.audit_log a WHERE action = 'appointment.create'
          AND NOT EXISTS (SELECT 1 FROM appointments.appointments p WHERE p.id = a.resource_id)`,
      [],
    );
    expect(orphans).toEqual([]);
  });

  it('answers 409 when the database refuses the row, and the connection serves the next query at once', async () => {
    // A check that missed a concurrent booking, made certain: only the exclusion constraint stands.
    const { pool } = test.runtime.database;
    const missesEverything = { isBookable: async () => true, isOnGrid: async () => true } as unknown as AvailabilityService;
    const appointments = createAppointmentsService({
      pool, repository: createAppointmentsRepository(pool), directory: test.services.directory, availability: missesEverything,
      waitlist: test.services.waitlist, audit: test.services.audit, clock: test.runtime.clock,
    });
    const context = { principal: { kind: 'user' as const, userId: 'patient-ben', role: 'patient' as const, organizationId: 'org-demo', channel: 'api' as const }, requestId: 'req-refused' };
    const input = { professionalId: 'dr-lopez', serviceId: 'derm-consult', start: '2026-12-16T09:00:00+01:00', intake: { reason: 'Check', date_of_birth: '1990-01-01' } };
    await appointments.request(context, input);
    await expect(appointments.request(context, input)).rejects.toMatchObject({ code: 'slot_unavailable' });
    // On PGlite every client shares one connection: a refused statement must not have ended it.
    expect((await pool.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
    expect(await rows(`SELECT count(*)::int AS n FROM identity.audit_log WHERE request_id = 'req-refused'`, [])).toEqual([{ n: 1 }]);
    expect(await rows(`SELECT count(*)::int AS n FROM platform.outbox WHERE payload->>'start' = $1`, [new Date(input.start).toISOString()])).toEqual([{ n: 1 }]);
  });

  it('refuses a time held by a waitlist offer to another patient, in the database, until the offer expires', async () => {
    // The booking reads no busy time: the INSERT meets the offer or nothing does.
    const offer = (id: string, patientId: string, expires: string) =>
      rows(
        `INSERT INTO appointments.waitlist (id, organization_id, patient_id, professional_id, from_date, to_date, status,
           offered_professional_id, offered_service_id, offered_start, offered_end, offer_expires_at, created_at, updated_at)
         VALUES ($1, 'org-demo', $2, 'dr-lopez', '2026-12-17', '2026-12-17', 'offered', 'dr-lopez', 'derm-consult',
           '2026-12-17T09:40:00+01:00', '2026-12-17T10:10:00+01:00', $3, now(), now())`,
        [id, patientId, expires],
      );
    await offer('wl-held-for-chloe', 'patient-chloe', '2026-12-01T11:00:00Z');
    // 09:00 ends at 09:30 and its 10-minute buffer at 09:40, where the offer starts: no overlap.
    const anas = (await book('patient-ana', '2026-12-17T09:00:00+01:00')).json();
    expect(anas.status).toBe('requested');
    const refused = await book('patient-ana', '2026-12-17T09:40:00+01:00');
    expect(refused.statusCode).toBe(409);
    expect(refused.json().code).toBe('slot_unavailable');
    expect(await rows(`SELECT count(*)::int AS n FROM appointments.appointments WHERE professional_id = 'dr-lopez' AND start_at = '2026-12-17T08:40:00Z'`, [])).toEqual([{ n: 0 }]);
    // Chloé may take the time offered to her.
    expect((await book('patient-chloe', '2026-12-17T09:40:00+01:00')).statusCode).toBe(201);

    // An offer past its expiry (on the application's clock, which is frozen here) holds nothing.
    await rows(`UPDATE appointments.waitlist SET offered_start = '2026-12-17T10:20:00+01:00', offered_end = '2026-12-17T10:50:00+01:00',
      offer_expires_at = '2026-12-01T08:59:00Z', status = 'offered' WHERE id = 'wl-held-for-chloe'`, []);
    expect((await book('patient-ben', '2026-12-17T10:20:00+01:00')).statusCode).toBe(201);

    // A row written again under its own id (the seed loaded again: ON CONFLICT DO UPDATE) is not a
    // new booking, even where an offer now lies; under a new id the same row is refused.
    await rows(`UPDATE appointments.waitlist SET offered_start = '2026-12-17T09:00:00+01:00', offered_end = '2026-12-17T09:30:00+01:00',
      offer_expires_at = '2026-12-01T11:00:00Z' WHERE id = 'wl-held-for-chloe'`, []);
    const rewrite = (id: string) =>
      mayFail(
        `INSERT INTO appointments.appointments (id, organization_id, professional_id, patient_id, service_id, domain_id, start_at, end_at,
           buffer_minutes, hold_until, status, intake, created_at, updated_at)
         SELECT $2, organization_id, professional_id, patient_id, service_id, domain_id, start_at, end_at, buffer_minutes, hold_until,
           status, intake, created_at, updated_at FROM appointments.appointments WHERE id = $1
         ON CONFLICT (id) DO UPDATE SET updated_at = EXCLUDED.updated_at`,
        [anas.id, id],
      );
    await rewrite(anas.id);
    await expect(rewrite('appt-copy-of-anas')).rejects.toMatchObject({ code: '23P01', message: 'the slot is held for a waiting patient' });

    // The offer keeps the professional's buffer after it, as the booking it becomes will: a row
    // starting where the offered time ends would leave Chloé unable to book it.
    await rows(`UPDATE appointments.waitlist SET offered_start = '2026-12-17T11:40:00+01:00', offered_end = '2026-12-17T12:10:00+01:00'
      WHERE id = 'wl-held-for-chloe'`, []);
    const insertAt = (id: string, start: string) =>
      mayFail(
        `INSERT INTO appointments.appointments (id, organization_id, professional_id, patient_id, service_id, domain_id, start_at, end_at,
           buffer_minutes, hold_until, status, intake, created_at, updated_at)
         VALUES ($1, 'org-demo', 'dr-lopez', 'patient-ben', 'mole-check', 'medical', $2::timestamptz, $2::timestamptz + interval '15 minutes',
           10, $2::timestamptz + interval '25 minutes', 'requested', '{}', '2026-12-01T09:00:00Z', '2026-12-01T09:00:00Z')`,
        [id, start],
      );
    await expect(insertAt('appt-right-after-the-offer', '2026-12-17T12:10:00+01:00')).rejects.toMatchObject({ message: 'the slot is held for a waiting patient' });
    await insertAt('appt-after-the-offers-buffer', '2026-12-17T12:20:00+01:00');
  });

  it('never lets a booking racing with a cancellation take the slot the waitlist is offered', async () => {
    // Cancelling frees the slot and offers it to Chloé in one transaction; Ana books the same time
    // meanwhile. She meets either Ben's row or Chloé's offer, never the moment between the two.
    for (const day of ['2026-12-21', '2026-12-22', '2026-12-23', '2026-12-28', '2026-12-29']) {
      const start = `${day}T11:00:00+01:00`;
      const { id } = (await book('patient-ben', start)).json();
      expect((await call('POST', '/waitlist', 'patient-chloe', { professionalId: 'dr-lopez', from: day, to: day })).statusCode).toBe(201);
      const [cancelled, ...attempts] = await Promise.all([
        call('POST', `/appointments/${id}/cancel`, 'patient-ben', { reason: 'Travelling' }),
        ...Array.from({ length: 8 }, () => book('patient-ana', start)),
      ]);
      expect(cancelled.statusCode).toBe(200);
      expect(attempts.map((attempt) => attempt.statusCode)).toEqual(Array.from({ length: 8 }, () => 409));
      const offers = await rows(`SELECT patient_id FROM appointments.waitlist WHERE status = 'offered' AND offered_start = $1`, [new Date(start)]);
      expect(offers).toEqual([{ patient_id: 'patient-chloe' }]);
    }
  });

  it('lists no time that a held offer keeps free after it, and books every time it lists', async () => {
    // Ben's 09:00–09:30 consultation is cancelled and offered to Chloé: the offer holds 09:00–09:40
    // with Dr. López's buffer. A 20-minute mole check at 09:30 would end the buffer Chloé's booking
    // needs, so the list must not show it, as the database refuses it.
    const day = '2026-12-18';
    const { id } = (await book('patient-ben', `${day}T09:00:00+01:00`)).json();
    expect((await call('POST', '/waitlist', 'patient-chloe', { professionalId: 'dr-lopez', serviceId: 'derm-consult', from: day, to: day })).statusCode).toBe(201);
    expect((await call('POST', `/appointments/${id}/cancel`, 'patient-ben', { reason: 'Travelling' })).statusCode).toBe(200);
    expect(await rows(`SELECT patient_id FROM appointments.waitlist WHERE status = 'offered' AND offered_start = $1`, [new Date(`${day}T09:00:00+01:00`)]))
      .toEqual([{ patient_id: 'patient-chloe' }]);

    const listed = (await call('GET', `/professionals/dr-lopez/slots?service=mole-check&from=${day}&to=${day}`, 'patient-ana')).json().slots as Array<{ start: string }>;
    const morning = listed.map((slot) => slot.start).filter((start) => start < `${day}T13:00`);
    expect(morning[0]).toBe(`${day}T10:00:00+01:00`);
    const bookMole = (start: string) =>
      call('POST', '/appointments', 'patient-ana', { professionalId: 'dr-lopez', serviceId: 'mole-check', start, intake: { reason: 'Check', date_of_birth: '1990-01-01' } });
    expect((await bookMole(`${day}T09:30:00+01:00`)).statusCode).toBe(409);
    for (const start of morning) expect([start, (await bookMole(start)).statusCode]).toEqual([start, 201]);
    // And Chloé can still take the time offered to her.
    expect((await book('patient-chloe', `${day}T09:00:00+01:00`)).statusCode).toBe(201);
  });

  it('audits a refused change of an appointment the caller may not see', async () => {
    const { id } = (await book('patient-chloe', '2026-12-15T09:00:00+01:00')).json();
    expect((await call('POST', `/appointments/${id}/approve`, 'dr-chen')).statusCode).toBe(404);
    const audit = (await call('GET', `/audit?resourceId=${id}&action=appointment.read`, 'admin-sam')).json();
    expect(audit.items).toEqual([expect.objectContaining({ actorId: 'dr-chen', outcome: 'denied' })]);
  });
});
