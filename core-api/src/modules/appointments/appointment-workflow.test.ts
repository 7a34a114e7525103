import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/test-app';

let test: TestApp;
beforeAll(async () => {
  test = await createTestApp({ now: '2026-12-01T09:00:00Z' });
});
afterAll(() => test?.close());

const call = async (method: 'GET' | 'POST' | 'DELETE', url: string, as: string, payload?: unknown) =>
  test.app.inject({ method, url: `/api/v1${url}`, headers: await test.as(as), ...(payload ? { payload: payload as object } : {}) });
const book = async (as: string, start: string, extra: Record<string, unknown> = {}) =>
  call('POST', '/appointments', as, { professionalId: 'dr-lopez', serviceId: 'derm-consult', start, intake: { reason: 'Check', date_of_birth: '1990-01-01' }, ...extra });

describe('deciding requests', () => {
  it('lets the professional approve, records who and when, and refuses a second decision', async () => {
    const { id } = (await book('patient-ana', '2026-12-09T09:00:00+01:00')).json();
    const approved = await call('POST', `/appointments/${id}/approve`, 'dr-lopez');
    expect(approved.statusCode).toBe(200);
    expect(approved.json().status).toBe('approved');
    const again = await call('POST', `/appointments/${id}/approve`, 'dr-lopez');
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('invalid_transition');
    const history = (await call('GET', `/appointments/${id}/history`, 'patient-ana')).json();
    expect(history.map((entry: { toStatus: string; actorId: string }) => [entry.toStatus, entry.actorId])).toEqual([
      ['requested', 'patient-ana'],
      ['approved', 'dr-lopez'],
    ]);
    expect(history[1].at).toBe('2026-12-01T09:00:00.000Z');
  });

  it('refuses a patient approving their own request, and another professional sees nothing', async () => {
    const { id } = (await book('patient-chloe', '2026-12-09T09:40:00+01:00')).json();
    const own = await call('POST', `/appointments/${id}/approve`, 'patient-chloe');
    expect(own.statusCode).toBe(403);
    expect((await call('POST', `/appointments/${id}/approve`, 'dr-chen')).statusCode).toBe(404);
  });

  it('needs a reason to decline, and frees the slot', async () => {
    const { id } = (await book('patient-ana', '2026-12-09T10:20:00+01:00')).json();
    expect((await call('POST', `/appointments/${id}/decline`, 'dr-lopez', {})).statusCode).toBe(400);
    const declined = await call('POST', `/appointments/${id}/decline`, 'dr-lopez', { reason: 'Not my specialty' });
    expect(declined.json().status).toBe('declined');
    expect((await book('patient-ben', '2026-12-09T10:20:00+01:00')).statusCode).toBe(201);
  });

  it('decides a batch with a result per item', async () => {
    const first = (await book('patient-ana', '2026-12-10T09:00:00+01:00')).json();
    const response = await call('POST', '/appointments/decisions', 'dr-lopez', {
      decisions: [
        { appointmentId: first.id, decision: 'approve' },
        { appointmentId: 'appt-seed-2', decision: 'approve' },
        { appointmentId: 'appt-missing', decision: 'decline', reason: 'x' },
      ],
    });
    expect(response.statusCode).toBe(200);
    expect(response.json().results.map((result: { ok: boolean; error?: { code: string } }) => result.ok || result.error!.code)).toEqual([
      true,
      'appointment_not_found', // appt-seed-2 is dr-chen's: not visible to dr-lopez
      'appointment_not_found',
    ]);
  });
});

describe('cancelling and moving', () => {
  it("lets a patient cancel before the cutoff but not after it, while the professional may", async () => {
    // dr-lopez's cutoff is 24 hours: Thursday 3 Dec 09:40 Madrid is 47 hours away on 1 Dec 09:00 UTC.
    const { id } = (await book('patient-ana', '2026-12-03T09:40:00+01:00')).json();
    const late = await createTestApp({ now: '2026-12-02T10:00:00Z' }); // 22 hours before 3 Dec 09:00 Madrid
    try {
      const lateId = (await late.app.inject({ method: 'POST', url: '/api/v1/appointments', headers: await late.as('patient-ana'), payload: { professionalId: 'dr-lopez', serviceId: 'derm-consult', start: '2026-12-03T09:00:00+01:00', intake: { reason: 'x', date_of_birth: '1990-01-01' } } })).json().id;
      const refused = await late.app.inject({ method: 'POST', url: `/api/v1/appointments/${lateId}/cancel`, headers: await late.as('patient-ana'), payload: { reason: 'Busy' } });
      expect(refused.statusCode).toBe(409);
      expect(refused.json().code).toBe('cutoff_passed');
      const byProfessional = await late.app.inject({ method: 'POST', url: `/api/v1/appointments/${lateId}/cancel`, headers: await late.as('dr-lopez'), payload: { reason: 'Ill' } });
      expect(byProfessional.json().status).toBe('cancelled');
    } finally {
      await late.close();
    }
    const cancelled = await call('POST', `/appointments/${id}/cancel`, 'patient-ana', { reason: 'Feeling better' });
    expect(cancelled.json().status).toBe('cancelled');
  });

  it('moves an appointment: the new row holds the new slot, the old one is released, history links them', async () => {
    const { id } = (await book('patient-ana', '2026-12-11T09:00:00+01:00', { intake: { reason: 'Mole', date_of_birth: '1988-04-12' } })).json();
    const moved = await call('POST', `/appointments/${id}/reschedule`, 'patient-ana', { start: '2026-12-11T10:20:00+01:00' });
    expect(moved.statusCode).toBe(200);
    expect(moved.json()).toMatchObject({ status: 'requested', rescheduledFrom: id, start: '2026-12-11T10:20:00+01:00', intake: { reason: 'Mole' } });
    expect((await call('GET', `/appointments/${id}`, 'patient-ana')).json().status).toBe('rescheduled');
    expect((await book('patient-ben', '2026-12-11T09:00:00+01:00')).statusCode).toBe(201);
    expect((await book('patient-ben', '2026-12-11T10:20:00+01:00')).statusCode).toBe(409);
    const events = await test.runtime.database.pool.query(`SELECT payload FROM platform.outbox WHERE type = 'appointment.rescheduled' AND payload->>'appointmentId' = $1`, [id]);
    expect(events.rows[0].payload.newAppointmentId).toBe(moved.json().id);
  });
});

describe('expiry and the waitlist', () => {
  it('expires requests not decided in time and offers the freed slot to the first waiting patient', async () => {
    const { id } = (await book('patient-ben', '2026-12-14T09:00:00+01:00')).json();
    const waiting = await call('POST', '/waitlist', 'patient-chloe', { professionalId: 'dr-lopez', from: '2026-12-14', to: '2026-12-14' });
    expect(waiting.statusCode).toBe(201);
    await call('POST', '/waitlist', 'patient-ana', { specialty: 'dermatology', from: '2026-12-14', to: '2026-12-15' });

    // 49 hours later on the same database: the periodic sweep runs.
    const services = test.services;
    const expired = await withClock('2026-12-03T10:00:00Z', () => services.appointments.expireDue());
    expect(expired).toContain(id);
    const entries = (await call('GET', '/waitlist', 'patient-chloe')).json();
    expect(entries[0]).toMatchObject({ status: 'offered', offer: { professionalId: 'dr-lopez', start: '2026-12-14T08:00:00.000Z' } });
    // The slot is held for Chloé: Ana cannot take it, Chloé can.
    expect((await book('patient-ana', '2026-12-14T09:00:00+01:00')).statusCode).toBe(409);
    expect((await book('patient-chloe', '2026-12-14T09:00:00+01:00')).statusCode).toBe(201);
    expect((await call('GET', '/waitlist', 'patient-chloe')).json()[0].status).toBe('booked');
  });

  it('passes an offer that ran out to the next patient only while the slot is still free', async () => {
    const start = '2026-12-30T10:20:00+01:00';
    const { id } = (await book('patient-ben', start)).json();
    const chloe = (await call('POST', '/waitlist', 'patient-chloe', { professionalId: 'dr-lopez', from: '2026-12-30', to: '2026-12-30' })).json();
    const ana = (await call('POST', '/waitlist', 'patient-ana', { professionalId: 'dr-lopez', from: '2026-12-30', to: '2026-12-30' })).json();
    expect((await call('POST', `/appointments/${id}/cancel`, 'patient-ben', { reason: 'Travelling' })).statusCode).toBe(200);
    const entries = async () => (await test.runtime.database.pool.query(`SELECT id, status FROM appointments.waitlist WHERE id = ANY($1) ORDER BY id`, [[chloe.id, ana.id]])).rows;
    expect(await entries()).toEqual(expect.arrayContaining([{ id: chloe.id, status: 'offered' }, { id: ana.id, status: 'waiting' }]));

    // Chloé's hold runs out; Ben takes the time back before the sweep passes the offer on.
    const later = '2026-12-01T12:00:00Z';
    expect((await withClock(later, () => book('patient-ben', start))).statusCode).toBe(201);
    expect(await withClock(later, () => test.services.waitlist.expireOffers())).toBe(1);
    // Ana is not offered a time she could not take; she keeps waiting.
    expect(await entries()).toEqual(expect.arrayContaining([{ id: chloe.id, status: 'expired' }, { id: ana.id, status: 'waiting' }]));
  });

  it('never offers one time to two patients, when a lapsed offer is passed on after the time was offered again', async () => {
    const start = '2026-12-18T10:20:00+01:00';
    const { id } = (await book('patient-ben', start)).json();
    const chloe = (await call('POST', '/waitlist', 'patient-chloe', { professionalId: 'dr-lopez', from: '2026-12-18', to: '2026-12-18' })).json();
    const ana = (await call('POST', '/waitlist', 'patient-ana', { professionalId: 'dr-lopez', from: '2026-12-18', to: '2026-12-18' })).json();
    // A third patient in line, written directly: the seed has three patients and Ben is booking.
    await test.runtime.database.pool.query(
      `INSERT INTO appointments.waitlist (id, organization_id, patient_id, professional_id, from_date, to_date, status, created_at, updated_at)
       VALUES ('wl-third-in-line', 'org-demo', 'patient-third', 'dr-lopez', '2026-12-18', '2026-12-18', 'waiting', $1, $1)`,
      [new Date('2026-12-01T09:30:00Z')],
    );
    expect((await call('POST', `/appointments/${id}/cancel`, 'patient-ben', { reason: 'Travelling' })).statusCode).toBe(200);
    // Chloé's hold runs out unswept; Ben books the time again and lets it go again: Ana is offered it.
    const later = '2026-12-01T12:00:00Z';
    const again = (await withClock(later, () => book('patient-ben', start))).json();
    expect((await withClock(later, () => call('POST', `/appointments/${again.id}/cancel`, 'patient-ben', { reason: 'Travelling after all' }))).statusCode).toBe(200);
    // The sweep ends Chloé's offer and must not pass the time on while Ana holds it.
    expect(await withClock(later, () => test.services.waitlist.expireOffers())).toBeGreaterThanOrEqual(1);
    const { rows } = await test.runtime.database.pool.query(`SELECT id, status FROM appointments.waitlist WHERE id = ANY($1) ORDER BY id`, [
      [chloe.id, ana.id, 'wl-third-in-line'],
    ]);
    expect(rows).toEqual(
      expect.arrayContaining([{ id: chloe.id, status: 'expired' }, { id: ana.id, status: 'offered' }, { id: 'wl-third-in-line', status: 'waiting' }]),
    );
  });
});

describe('racing for one slot', () => {
  it('gives exactly one of 200 concurrent requests the slot', async () => {
    const tokens = await Promise.all(['patient-ana', 'patient-ben', 'patient-chloe'].map((user) => test.tokenFor(user)));
    const responses = await Promise.all(
      Array.from({ length: 200 }, (_, index) =>
        test.app.inject({
          method: 'POST',
          url: '/api/v1/appointments',
          headers: { authorization: `Bearer ${tokens[index % 3]}` },
          payload: { professionalId: 'dr-lopez', serviceId: 'derm-consult', start: '2026-12-17T11:00:00+01:00', intake: { reason: `Race ${index}`, date_of_birth: '1990-01-01' } },
        }),
      ),
    );
    const outcomes: Record<string, number> = {};
    for (const response of responses) {
      const key = `${response.statusCode} ${response.json().code ?? 'booked'}`;
      outcomes[key] = (outcomes[key] ?? 0) + 1;
    }
    expect(outcomes).toEqual({ '201 booked': 1, '409 slot_unavailable': 199 });
  }, 120_000);
});

/** Runs `work` with the test app's clock moved to `instant`. */
async function withClock<T>(instant: string, work: () => Promise<T>): Promise<T> {
  const clock = test.runtime.clock as { now: () => Date };
  const original = clock.now;
  clock.now = () => new Date(instant);
  try {
    return await work();
  } finally {
    clock.now = original;
  }
}

describe('personal data', () => {
  it('offers the times held for an erased patient to the next one waiting, a lapsed hold the sweep has not passed on too', async () => {
    // Two days: on the first Chloé's hold is live, on the second it has run out but is still hers.
    const days = ['2027-01-05', '2027-01-06'];
    for (const day of days) {
      const { id } = (await book('patient-ana', `${day}T09:00:00+01:00`)).json();
      expect((await call('POST', '/waitlist', 'patient-chloe', { professionalId: 'dr-lopez', from: day, to: day })).statusCode).toBe(201);
      expect((await call('POST', '/waitlist', 'patient-ben', { professionalId: 'dr-lopez', from: day, to: day })).statusCode).toBe(201);
      expect((await call('POST', `/appointments/${id}/cancel`, 'patient-ana', { reason: 'Better now' })).statusCode).toBe(200);
    }
    const pool = test.runtime.database.pool;
    await pool.query(`UPDATE appointments.waitlist SET offer_expires_at = '2026-12-01T08:00:00Z' WHERE from_date = $1 AND status = 'offered'`, [days[1]]);
    const entries = async (day: string) =>
      (await pool.query(`SELECT patient_id, status, offered_hold_until FROM appointments.waitlist WHERE from_date = $1 ORDER BY created_at, seq`, [day])).rows;
    // The database keeps the professional's 10-minute buffer after the offered 30 minutes.
    expect(await entries(days[0]!)).toEqual([
      { patient_id: 'patient-chloe', status: 'offered', offered_hold_until: new Date(`${days[0]}T09:40:00+01:00`) },
      { patient_id: 'patient-ben', status: 'waiting', offered_hold_until: null },
    ]);

    expect((await call('POST', '/users/patient-chloe/erase', 'admin-sam')).statusCode).toBe(200);
    for (const day of days) {
      expect(await entries(day)).toEqual([{ patient_id: 'patient-ben', status: 'offered', offered_hold_until: new Date(`${day}T09:40:00+01:00`) }]);
      const { rows: offered } = await pool.query(
        `SELECT payload->>'patientId' AS patient FROM platform.outbox WHERE type = 'waitlist.offered' AND payload->>'start' = $1 ORDER BY patient`,
        [new Date(`${day}T09:00:00+01:00`).toISOString()],
      );
      expect(offered).toEqual([{ patient: 'patient-ben' }, { patient: 'patient-chloe' }]);
      // Held for Ben now: Ana, who cancelled it, cannot take it back before him.
      expect((await book('patient-ana', `${day}T09:00:00+01:00`)).statusCode).toBe(409);
    }
  });

  it('exports a patient’s appointments and erases what they told us, keeping the facts', async () => {
    const exported = (await call('GET', '/me/export', 'patient-ben')).json();
    const ids = exported.modules.appointments.appointments.map((appointment: { id: string }) => appointment.id);
    expect(ids).toEqual(expect.arrayContaining(['appt-seed-1', 'appt-seed-2']));
    expect((await call('POST', '/users/patient-ben/erase', 'admin-sam')).statusCode).toBe(200);
    const { rows } = await test.runtime.database.pool.query(`SELECT id, status, intake, message FROM appointments.appointments WHERE id = 'appt-seed-1'`);
    expect(rows[0]).toEqual({ id: 'appt-seed-1', status: 'approved', intake: {}, message: null });
  });
});
