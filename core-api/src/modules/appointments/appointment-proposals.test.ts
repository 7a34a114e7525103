import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/test-app';

let test: TestApp;
beforeAll(async () => {
  test = await createTestApp({ now: '2026-12-01T09:00:00Z' });
});
afterAll(() => test?.close());

const post = async (url: string, as: string, payload: unknown) =>
  test.app.inject({ method: 'POST', url: `/api/v1${url}`, headers: await test.as(as), payload: payload as object });
const get = async (url: string, as: string) => test.app.inject({ url: `/api/v1${url}`, headers: await test.as(as) });
const outbox = async (type: string) =>
  (await test.runtime.database.pool.query<{ payload: Record<string, unknown> }>('SELECT payload FROM platform.outbox WHERE type = $1 ORDER BY occurred_at', [type])).rows.map((row) => row.payload);

async function request(start: string, patient = 'patient-ana') {
  const response = await post('/appointments', patient, {
    professionalId: 'dr-lopez', serviceId: 'derm-consult', start, intake: { reason: 'A rash', date_of_birth: '1988-04-12' },
  });
  expect(response.statusCode).toBe(201);
  return response.json() as { id: string };
}

describe('proposing other times', () => {
  let requestId: string;
  let proposalId: string;

  beforeAll(async () => {
    requestId = (await request('2026-12-08T11:00:00+01:00')).id;
  });

  it('lets the professional propose free starts, writes appointment.proposed, and keeps the request holding its slot', async () => {
    const response = await post(`/appointments/${requestId}/proposals`, 'dr-lopez', {
      starts: ['2026-12-08T15:00:00+01:00', '2026-12-08T15:40:00+01:00'], message: 'Afternoons suit me better',
    });
    expect(response.statusCode).toBe(201);
    const proposal = response.json();
    proposalId = proposal.id;
    expect(proposal).toMatchObject({ appointmentId: requestId, status: 'open', proposedBy: 'dr-lopez', starts: ['2026-12-08T15:00:00+01:00', '2026-12-08T15:40:00+01:00'] });
    const events = await outbox('appointment.proposed');
    expect(events.at(-1)).toMatchObject({ appointmentId: requestId, proposalId, starts: ['2026-12-08T14:00:00.000Z', '2026-12-08T14:40:00.000Z'] });
    expect((await get(`/appointments/${requestId}`, 'patient-ana')).json().status).toBe('requested');
    expect((await get(`/appointments/${requestId}/proposals`, 'patient-ana')).json().map((p: { id: string }) => p.id)).toEqual([proposalId]);
  });

  it('refuses starts that are not free, a patient proposing, and another professional', async () => {
    const taken = await post(`/appointments/${requestId}/proposals`, 'dr-lopez', { starts: ['2026-12-08T14:00:00+01:00'] });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().code).toBe('slot_unavailable');
    expect((await post(`/appointments/${requestId}/proposals`, 'patient-ana', { starts: ['2026-12-08T16:20:00+01:00'] })).statusCode).toBe(403);
    expect((await post(`/appointments/${requestId}/proposals`, 'dr-chen', { starts: ['2026-12-08T16:20:00+01:00'] })).statusCode).toBe(404);
  });

  it('refuses a start that was not proposed and a professional accepting', async () => {
    const other = await post(`/appointments/${requestId}/proposals/${proposalId}/accept`, 'patient-ana', { start: '2026-12-08T16:20:00+01:00' });
    expect(other.statusCode).toBe(400);
    expect(other.json().code).toBe('start_not_proposed');
    expect((await post(`/appointments/${requestId}/proposals/${proposalId}/accept`, 'dr-lopez', { start: '2026-12-08T15:00:00+01:00' })).statusCode).toBe(403);
  });

  it('moves the request to the accepted start, approved, and closes the proposal', async () => {
    const response = await post(`/appointments/${requestId}/proposals/${proposalId}/accept`, 'patient-ana', { start: '2026-12-08T15:40:00+01:00' });
    expect(response.statusCode).toBe(200);
    const moved = response.json();
    expect(moved).toMatchObject({ status: 'approved', start: '2026-12-08T15:40:00+01:00', rescheduledFrom: requestId, intake: { reason: 'A rash' } });
    expect((await get(`/appointments/${requestId}`, 'patient-ana')).json().status).toBe('rescheduled');
    const history = (await get(`/appointments/${requestId}/history`, 'dr-lopez')).json();
    expect(history.at(-1)).toMatchObject({ fromStatus: 'requested', toStatus: 'rescheduled', actorId: 'patient-ana' });
    expect((await get(`/appointments/${requestId}/proposals`, 'dr-lopez')).json()[0]).toMatchObject({
      status: 'accepted', acceptedStart: '2026-12-08T15:40:00+01:00', newAppointmentId: moved.id,
    });
    // The new row is announced as approved: no second approval card for a time the professional already offered.
    expect((await outbox('appointment.approved')).some((event) => event.appointmentId === moved.id)).toBe(true);
    expect((await outbox('appointment.requested')).some((event) => event.appointmentId === moved.id)).toBe(false);
    // The old slot is free again, the new one held.
    const slots = (await test.app.inject({ url: '/api/v1/professionals/dr-lopez/slots?service=derm-consult&from=2026-12-08&to=2026-12-08' })).json();
    const starts = slots.slots.map((slot: { start: string }) => slot.start);
    expect(starts).toContain('2026-12-08T11:00:00+01:00');
    expect(starts).not.toContain('2026-12-08T15:40:00+01:00');
  });

  it('accepts only once', async () => {
    const again = await post(`/appointments/${requestId}/proposals/${proposalId}/accept`, 'patient-ana', { start: '2026-12-08T15:00:00+01:00' });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('invalid_transition');
  });

  it('supersedes an open proposal with a newer one, and refuses proposals once a request is decided', async () => {
    const { id } = await request('2026-12-10T10:20:00+01:00', 'patient-chloe');
    const first = (await post(`/appointments/${id}/proposals`, 'dr-lopez', { starts: ['2026-12-10T15:00:00+01:00'] })).json();
    const second = (await post(`/appointments/${id}/proposals`, 'dr-lopez', { starts: ['2026-12-10T15:40:00+01:00'] })).json();
    const closed = await post(`/appointments/${id}/proposals/${first.id}/accept`, 'patient-chloe', { start: '2026-12-10T15:00:00+01:00' });
    expect(closed.statusCode).toBe(409);
    expect(closed.json().code).toBe('proposal_closed');
    expect((await get(`/appointments/${id}/proposals`, 'patient-chloe')).json().map((p: { id: string; status: string }) => [p.id, p.status])).toEqual([
      [second.id, 'open'], [first.id, 'superseded'],
    ]);
    expect((await post(`/appointments/${id}/approve`, 'dr-lopez', {})).statusCode).toBe(200);
    const late = await post(`/appointments/${id}/proposals`, 'dr-lopez', { starts: ['2026-12-10T16:20:00+01:00'] });
    expect(late.statusCode).toBe(409);
    expect(late.json().code).toBe('invalid_transition');
  });
});
