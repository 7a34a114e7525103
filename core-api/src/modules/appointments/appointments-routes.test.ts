import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/test-app';

let test: TestApp;
beforeAll(async () => {
  test = await createTestApp({ now: '2026-12-01T09:00:00Z' });
});
afterAll(() => test?.close());

const booking = {
  professionalId: 'dr-lopez',
  serviceId: 'derm-consult',
  start: '2026-12-08T10:20:00+01:00',
  intake: { reason: 'A rash on my arm', date_of_birth: '1988-04-12' },
};
const post = async (url: string, as: string, payload: unknown, headers: Record<string, string> = {}) =>
  test.app.inject({ method: 'POST', url: `/api/v1${url}`, headers: { ...(await test.as(as)), ...headers }, payload: payload as object });
const get = async (url: string, as: string) => test.app.inject({ url: `/api/v1${url}`, headers: await test.as(as) });

describe('requesting an appointment', () => {
  let created: { id: string };

  it('creates a request that holds its slot', async () => {
    const response = await post('/appointments', 'patient-ana', booking);
    expect(response.statusCode).toBe(201);
    created = response.json();
    expect(response.json()).toMatchObject({
      professionalId: 'dr-lopez', patientId: 'patient-ana', serviceId: 'derm-consult', status: 'requested',
      start: '2026-12-08T10:20:00+01:00', end: '2026-12-08T10:50:00+01:00', intake: booking.intake,
    });
    const slots = (await test.app.inject({ url: '/api/v1/professionals/dr-lopez/slots?service=derm-consult&from=2026-12-08&to=2026-12-08' })).json();
    expect(slots.slots.map((slot: { start: string }) => slot.start)).not.toContain('2026-12-08T10:20:00+01:00');
  });

  it('refuses the same slot to another patient with 409 slot_unavailable', async () => {
    const response = await post('/appointments', 'patient-ben', booking);
    expect(response.statusCode).toBe(409);
    expect(response.json().code).toBe('slot_unavailable');
  });

  it.each([
    ['outside opening hours', { start: '2026-12-08T14:00:00+01:00' }],
    ['off the slot grid', { start: '2026-12-08T10:25:00+01:00' }],
    ['too soon (12 h notice)', { start: '2026-12-01T15:00:00+01:00' }],
    ['on a closed day', { start: '2026-12-25T10:20:00+01:00' }],
    ['overlapping the buffer of appt-seed-1', { start: '2026-12-08T09:20:00+01:00' }],
  ])('refuses a start %s', async (_case, change) => {
    const response = await post('/appointments', 'patient-chloe', { ...booking, ...change });
    expect(response.statusCode).toBe(409);
    expect(response.json().code).toBe('slot_unavailable');
  });

  it('lists every bad intake answer', async () => {
    const response = await post('/appointments', 'patient-chloe', {
      ...booking, start: '2026-12-08T11:00:00+01:00', intake: { date_of_birth: '12/04/1992', insurance_number: 'x' },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().code).toBe('invalid_intake');
    expect(response.json().details.map((problem: { field: string }) => problem.field).sort()).toEqual(['date_of_birth', 'insurance_number', 'reason']);
  });

  it('refuses a patient booking for someone else, a professional booking at all, and anonymous callers', async () => {
    expect((await post('/appointments', 'patient-ben', { ...booking, start: '2026-12-08T11:00:00+01:00', patientId: 'patient-ana' })).statusCode).toBe(403);
    expect((await post('/appointments', 'dr-chen', { ...booking, start: '2026-12-08T11:00:00+01:00' })).statusCode).toBe(400);
    expect((await test.app.inject({ method: 'POST', url: '/api/v1/appointments', payload: booking })).statusCode).toBe(401);
  });

  it('refuses malformed bodies with the failing field', async () => {
    const response = await post('/appointments', 'patient-ana', { professionalId: 'dr-lopez', serviceId: 'derm-consult', start: 'tuesday', intake: {} });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 'invalid_request', details: [{ field: 'body/start' }] });
  });

  it('replays the first answer for a repeated Idempotency-Key, and refuses it with another body', async () => {
    const body = { ...booking, start: '2026-12-08T11:40:00+01:00' };
    const first = await post('/appointments', 'patient-chloe', body, { 'idempotency-key': 'k-1' });
    const second = await post('/appointments', 'patient-chloe', body, { 'idempotency-key': 'k-1' });
    expect(first.statusCode).toBe(201);
    expect(second.statusCode).toBe(201);
    expect(second.json()).toEqual(first.json());
    const other = await post('/appointments', 'patient-chloe', { ...body, start: '2026-12-08T12:20:00+01:00' }, { 'idempotency-key': 'k-1' });
    expect(other.statusCode).toBe(422);
    expect(other.json().code).toBe('idempotency_key_reused');
    const mine = (await get('/appointments', 'patient-chloe')).json();
    expect(mine.filter((appointment: { start: string }) => appointment.start === body.start)).toHaveLength(1);
  });

  it('reads its own appointment, and answers 404 to another patient', async () => {
    expect((await get(`/appointments/${created.id}`, 'patient-ana')).statusCode).toBe(200);
    expect((await get(`/appointments/${created.id}`, 'dr-lopez')).statusCode).toBe(200);
    const other = await get(`/appointments/${created.id}`, 'patient-ben');
    expect(other.statusCode).toBe(404);
    expect(other.json().code).toBe('appointment_not_found');
    expect((await get(`/appointments/${created.id}`, 'dr-chen')).statusCode).toBe(404);
  });

  it('lists only the caller’s own appointments, and the professional inbox', async () => {
    const ben = (await get('/appointments', 'patient-ben')).json();
    expect(ben.map((appointment: { id: string }) => appointment.id).sort()).toEqual(['appt-seed-1', 'appt-seed-2']);
    const inbox = (await get('/appointments?status=requested', 'dr-lopez')).json();
    expect(inbox.map((appointment: { id: string }) => appointment.id)).toContain(created.id);
    expect(inbox.every((appointment: { professionalId: string; status: string }) => appointment.professionalId === 'dr-lopez' && appointment.status === 'requested')).toBe(true);
  });

  it("gives admins one professional's calendar, and never another's to a professional", async () => {
    const ids = (response: { json(): Array<{ id: string }> }) => response.json().map((appointment) => appointment.id).sort();
    expect(ids(await get('/appointments?professionalId=atty-martin', 'admin-sam'))).toEqual(['appt-seed-3']);
    // Staff lists name the patient.
    expect((await get('/appointments?professionalId=atty-martin', 'admin-sam')).json()[0].patientName).toBe('Chloé Dubois');
    expect(ids(await get('/appointments?professionalId=dr-lopez&status=approved', 'admin-sam'))).toEqual(['appt-seed-1']);
    // A professional asking for a colleague still gets only their own.
    const own = (await get('/appointments?professionalId=atty-martin', 'dr-lopez')).json() as Array<{ professionalId: string }>;
    expect(own.length).toBeGreaterThan(0);
    expect(own.every((appointment) => appointment.professionalId === 'dr-lopez')).toBe(true);
  });

  it('writes the event in the outbox with the change', async () => {
    const { rows } = await test.runtime.database.pool.query(`SELECT type, payload FROM platform.outbox WHERE payload->>'appointmentId' = $1`, [created.id]);
    expect(rows).toEqual([{ type: 'appointment.requested', payload: expect.objectContaining({ patientId: 'patient-ana', status: 'requested' }) }]);
    expect(JSON.stringify(rows)).not.toContain('rash');
  });

  it('audits the reads of appointments', async () => {
    const { rows } = await test.runtime.database.pool.query(
      `SELECT actor_id, outcome FROM identity.audit_log WHERE resource_id = $1 AND action = 'appointment.read' ORDER BY id`,
      [created.id],
    );
    expect(rows).toEqual(expect.arrayContaining([{ actor_id: 'patient-ana', outcome: 'allowed' }, { actor_id: 'patient-ben', outcome: 'denied' }]));
  });
});
