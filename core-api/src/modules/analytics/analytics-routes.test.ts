import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/test-app';

// One history, made through the API with the clock moved, then read back as exact figures.
// Seed rows count too: appt-seed-1..3 are created at the seed clock (1 Dec 09:00 UTC), through no channel.
let test: TestApp;
const ids: Record<string, string> = {};
const medical = { reason: 'Check', date_of_birth: '1990-01-01' };

beforeAll(async () => {
  test = await createTestApp({ now: '2026-12-01T09:00:00Z' });
  const viaAssistant = async (channel: string, externalId: string) => {
    const service = (await test.app.inject({ method: 'POST', url: '/api/v1/dev/token', payload: { userId: 'assistant-bot', service: true, appRoles: ['Assistant.ActAs'] } })).json();
    const exchanged = await post('/auth/token-exchange', { channel, externalId }, { authorization: `Bearer ${service.token}` });
    expect(exchanged.statusCode).toBe(200);
    return { authorization: `Bearer ${exchanged.json().token}` };
  };
  const book = async (headers: { authorization: string }, body: object) => {
    const response = await post('/appointments', body, headers);
    expect(response.statusCode).toBe(201);
    return response.json().id as string;
  };
  const lopez = (start: string, extra: object = {}) => ({ professionalId: 'dr-lopez', serviceId: 'derm-consult', start, intake: medical, ...extra });

  // 1 Dec 09:00 UTC: three bookings through the assistant (web chat, SMS, WhatsApp), one direct; Ana hands off.
  const ana = await viaAssistant('webchat', 'patient-ana');
  ids.a1 = await book(ana, lopez('2026-12-09T09:00:00+01:00'));
  expect((await post('/handoffs', { summary: 'Wants to talk about results' }, ana)).statusCode).toBe(201);
  ids.a2 = await book(await viaAssistant('sms', '+12125550100'), lopez('2026-12-09T09:40:00+01:00'));
  ids.a3 = await book(await test.as('patient-chloe'), lopez('2026-12-09T10:20:00+01:00'));
  ids.a4 = await book(await viaAssistant('whatsapp', '+33612345678'), {
    professionalId: 'atty-martin', serviceId: 'family-law-consult', start: '2026-12-09T16:00:00+01:00', intake: { case_type: 'custody', summary: 'Custody' },
  });
  // Decisions after 60, 120 and 240 minutes.
  await at('2026-12-01T10:00:00Z', () => decide('dr-lopez', ids.a1!, 'approve'));
  await at('2026-12-01T11:00:00Z', () => decide('dr-lopez', ids.a2!, 'decline', { reason: 'Not my specialty' }));
  await at('2026-12-01T13:00:00Z', () => decide('atty-martin', ids.a4!, 'approve'));
  // 1 Dec 23:30 UTC is already 2 Dec in Madrid: an admin books for Ben, approved 30 minutes later.
  ids.a5 = await at('2026-12-01T23:30:00Z', async () =>
    book(await test.as('admin-sam'), lopez('2026-12-10T09:00:00+01:00', { patientId: 'patient-ben' })));
  await at('2026-12-02T00:00:00Z', () => decide('dr-lopez', ids.a5!, 'approve'));
  // 2 Dec: Chloé cancels; Ana talks to the assistant again but books nothing.
  await at('2026-12-02T09:00:00Z', async () => {
    await decide('patient-chloe', ids.a3!, 'cancel', { reason: 'Feeling better' });
    await viaAssistant('webchat', 'patient-ana');
  });
  // 9 Dec, after the starts: Ana came, Chloé did not come to the lawyer.
  await at('2026-12-09T16:00:00Z', async () => {
    await decide('dr-lopez', ids.a1!, 'complete');
    await decide('atty-martin', ids.a4!, 'no-show');
  });
}, 60_000);
afterAll(() => test?.close());

const post = (url: string, payload: object, headers: { authorization: string }) =>
  test.app.inject({ method: 'POST', url: `/api/v1${url}`, headers, payload });
const decide = async (as: string, id: string, action: string, payload: object = {}) => {
  const response = await post(`/appointments/${id}/${action}`, payload, await test.as(as));
  expect(response.statusCode).toBe(200);
};
const get = async (as: string, url: string) => test.app.inject({ url: `/api/v1${url}`, headers: await test.as(as) });
const range = 'from=2026-12-01&to=2026-12-10';
const statuses = (counts: Partial<Record<string, number>>) => ({
  requested: 0, approved: 0, declined: 0, expired: 0, cancelled: 0, rescheduled: 0, completed: 0, no_show: 0, ...counts,
});

/** Runs `work` with the test app's clock moved to `instant`. */
async function at<T>(instant: string, work: () => Promise<T>): Promise<T> {
  const clock = test.runtime.clock as { now: () => Date };
  const original = clock.now;
  clock.now = () => new Date(instant);
  try {
    return await work();
  } finally {
    clock.now = original;
  }
}

describe('GET /analytics/summary', () => {
  it('answers the organisation’s figures to an admin', async () => {
    const response = await get('admin-sam', `/analytics/summary?${range}&timeZone=Europe/Madrid`);
    expect(response.statusCode).toBe(200);
    const summary = response.json();
    expect(summary).toMatchObject({ from: '2026-12-01', to: '2026-12-10', timeZone: 'Europe/Madrid', domainId: null, professionalId: null });
    expect(summary.bookings).toEqual({ total: 8, byStatus: statuses({ requested: 1, approved: 3, declined: 1, cancelled: 1, completed: 1, no_show: 1 }) });
    expect(summary.bookingsPerDay).toHaveLength(10);
    expect(summary.bookingsPerDay[0]).toEqual({
      date: '2026-12-01', total: 7, byStatus: statuses({ requested: 1, approved: 2, declined: 1, cancelled: 1, completed: 1, no_show: 1 }),
    });
    expect(summary.bookingsPerDay[1]).toEqual({ date: '2026-12-02', total: 1, byStatus: statuses({ approved: 1 }) });
    expect(summary.bookingsPerDay.slice(2).every((day: { total: number }) => day.total === 0)).toBe(true);
    // 30, 60, 120 and 240 minutes.
    expect(summary.timeToDecision).toEqual({ decided: 4, medianMinutes: 90, p90Minutes: 204 });
    expect(summary.attendance).toEqual({
      total: 8, byStatus: statuses({ requested: 1, approved: 3, declined: 1, cancelled: 1, completed: 1, no_show: 1 }),
      noShowRate: 0.5, cancellationRate: 0.1429,
    });
    expect(summary.channels).toEqual([
      { channel: 'unknown', bookings: 3 }, { channel: 'api', bookings: 2 },
      { channel: 'sms', bookings: 1 }, { channel: 'webchat', bookings: 1 }, { channel: 'whatsapp', bookings: 1 },
    ]);
    expect(summary.assistantBookings).toBe(3);
    expect(summary.assistant).toEqual({
      sessions: 4, sessionsWithBooking: 3, sessionsWithHandoff: 1, bookings: 3, handoffs: 1, completionRate: 0.75, handoffRate: 0.25,
    });
    expect(JSON.stringify(summary)).not.toMatch(/patient-/);
  });

  it('counts days in the zone asked for, and by default in the zone most professionals use', async () => {
    const utc = (await get('admin-sam', '/analytics/summary?from=2026-12-01&to=2026-12-01&timeZone=UTC')).json();
    expect(utc.bookings.total).toBe(8);
    expect(utc.assistant).toMatchObject({ sessions: 3, sessionsWithBooking: 3, sessionsWithHandoff: 1 });
    const madrid = (await get('admin-sam', '/analytics/summary?from=2026-12-01&to=2026-12-01&timeZone=Europe/Madrid')).json();
    expect(madrid.bookings.total).toBe(7);
    // The seed's four professionals each work in another zone: the tie goes to the first by name.
    expect((await get('admin-sam', `/analytics/summary?${range}`)).json().timeZone).toBe('America/New_York');
  });

  it('scopes a professional to themselves, in their zone, without the assistant’s sessions', async () => {
    const summary = (await get('dr-lopez', `/analytics/summary?${range}`)).json();
    expect(summary).toMatchObject({ professionalId: 'dr-lopez', timeZone: 'Europe/Madrid', assistant: null, assistantBookings: 2 });
    expect(summary.bookings).toEqual({ total: 5, byStatus: statuses({ approved: 2, declined: 1, cancelled: 1, completed: 1 }) });
    expect(summary.timeToDecision).toEqual({ decided: 3, medianMinutes: 60, p90Minutes: 108 });
    expect(summary.attendance).toMatchObject({ total: 5, noShowRate: 0, cancellationRate: 0.25 });
    expect(summary.channels).toEqual([
      { channel: 'api', bookings: 2 }, { channel: 'sms', bookings: 1 }, { channel: 'unknown', bookings: 1 }, { channel: 'webchat', bookings: 1 },
    ]);
    const same = (await get('dr-lopez', `/analytics/summary?${range}&professionalId=dr-lopez`)).json();
    expect(same.bookings.total).toBe(5);
    expect((await get('admin-sam', `/analytics/summary?${range}&professionalId=dr-lopez`)).json().bookings).toEqual(summary.bookings);
  });

  it('filters by domain', async () => {
    const legal = (await get('admin-sam', `/analytics/summary?${range}&domainId=legal`)).json();
    expect(legal).toMatchObject({ domainId: 'legal', assistant: null, timeToDecision: { decided: 1, medianMinutes: 240, p90Minutes: 240 } });
    expect(legal.attendance).toMatchObject({ total: 2, noShowRate: 1, cancellationRate: 0 });
  });

  it('refuses patients, services, another professional’s figures, anonymous callers and bad ranges', async () => {
    expect((await get('patient-ana', `/analytics/summary?${range}`)).statusCode).toBe(403);
    expect((await get('dr-lopez', `/analytics/summary?${range}&professionalId=dr-chen`)).statusCode).toBe(403);
    const service = (await test.app.inject({ method: 'POST', url: '/api/v1/dev/token', payload: { userId: 'assistant-bot', service: true, appRoles: ['Assistant.ActAs'] } })).json();
    expect((await test.app.inject({ url: `/api/v1/analytics/summary?${range}`, headers: { authorization: `Bearer ${service.token}` } })).statusCode).toBe(403);
    expect((await test.app.inject({ url: `/api/v1/analytics/summary?${range}` })).statusCode).toBe(401);
    expect((await get('admin-sam', `/analytics/summary?${range}&professionalId=dr-nobody`)).statusCode).toBe(404);
    expect((await get('admin-sam', `/analytics/summary?${range}&domainId=dentistry`)).statusCode).toBe(404);
    const backwards = await get('admin-sam', '/analytics/summary?from=2026-12-10&to=2026-12-01');
    expect([backwards.statusCode, backwards.json().code]).toEqual([400, 'invalid_range']);
    expect((await get('admin-sam', '/analytics/summary?from=2026-01-01&to=2027-12-31')).json().code).toBe('invalid_range');
    expect((await get('admin-sam', '/analytics/summary?from=2026-02-30&to=2026-03-01')).json().code).toBe('invalid_range');
    expect((await get('admin-sam', `/analytics/summary?${range}&timeZone=Mars/Olympus`)).json().code).toBe('invalid_time_zone');
    expect((await get('admin-sam', '/analytics/summary?from=12/01/2026&to=2026-12-10')).statusCode).toBe(400);
  });
});

describe('GET /analytics/by-professional and /analytics/by-domain', () => {
  it('gives every professional of the organisation a row, zeros included', async () => {
    const response = await get('admin-sam', `/analytics/by-professional?${range}&timeZone=Europe/Madrid`);
    expect(response.statusCode).toBe(200);
    const { rows, groupBy } = response.json();
    expect(groupBy).toBe('professional');
    expect(rows.map((row: { id: string; bookings: { total: number } }) => [row.id, row.bookings.total])).toEqual([
      ['atty-martin', 2], ['dr-chen', 1], ['dr-lopez', 5], ['pt-okafor', 0],
    ]);
    const okafor = rows[3];
    expect(okafor).toMatchObject({ name: expect.any(String), timeToDecision: { decided: 0, medianMinutes: null, p90Minutes: null }, channels: [] });
    expect(okafor.attendance).toMatchObject({ total: 0, noShowRate: null, cancellationRate: null });
    expect(rows[2].timeToDecision).toEqual({ decided: 3, medianMinutes: 60, p90Minutes: 108 });
  });

  it('shows a professional only their own row', async () => {
    const { rows } = (await get('dr-lopez', `/analytics/by-professional?${range}`)).json();
    expect(rows.map((row: { id: string }) => row.id)).toEqual(['dr-lopez']);
    expect((await get('dr-chen', `/analytics/by-domain?${range}&professionalId=dr-lopez`)).statusCode).toBe(403);
  });

  it('breaks the organisation down by domain', async () => {
    const { rows } = (await get('admin-sam', `/analytics/by-domain?${range}&timeZone=Europe/Madrid`)).json();
    expect(rows.map((row: { id: string; name: string; bookings: { total: number }; assistantBookings: number }) =>
      [row.id, row.name, row.bookings.total, row.assistantBookings])).toEqual([
      ['legal', 'Legal', 2, 1], ['medical', 'Medical', 6, 2],
    ]);
    expect(rows[0].channels).toEqual([{ channel: 'unknown', bookings: 1 }, { channel: 'whatsapp', bookings: 1 }]);
    expect(rows[1].timeToDecision).toEqual({ decided: 3, medianMinutes: 60, p90Minutes: 108 });
    expect((await get('patient-ben', `/analytics/by-domain?${range}`)).statusCode).toBe(403);
  });
});

describe('GET /analytics/export (CSV)', () => {
  it('gives bookings per day as CSV, a row per day with each status', async () => {
    const response = await get('admin-sam', `/analytics/export?table=per-day&${range}&timeZone=Europe/Madrid`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/csv/);
    expect(response.headers['content-disposition']).toBe('attachment; filename="analytics-per-day-2026-12-01-to-2026-12-10.csv"');
    const lines = response.body.trimEnd().split('\r\n');
    expect(lines[0]).toBe('date,bookings,requested,approved,declined,expired,cancelled,rescheduled,completed,no_show');
    expect(lines.slice(1, 3)).toEqual(['2026-12-01,7,1,2,1,0,1,0,1,1', '2026-12-02,1,0,1,0,0,0,0,0,0']);
    expect(lines).toHaveLength(11);
  });

  it('gives the figures per professional as CSV, and only their own row to a professional', async () => {
    const response = await get('admin-sam', `/analytics/export?table=by-professional&${range}&timeZone=Europe/Madrid`);
    const lines = response.body.trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'professional_id,name,bookings,decided,median_minutes_to_decision,p90_minutes_to_decision,appointments_in_range,no_show_rate,cancellation_rate,assistant_bookings',
    );
    expect(lines.map((line) => line.split(',')[0])).toEqual(['professional_id', 'atty-martin', 'dr-chen', 'dr-lopez', 'pt-okafor']);
    expect(lines[3]).toMatch(/^dr-lopez,Dr\. Elena López,5,3,60,108,/);
    // No appointments in range: empty rates, not zeros.
    expect(lines[4]).toMatch(/^pt-okafor,[^,]+,0,0,,,0,,,0$/);
    const own = await get('dr-lopez', `/analytics/export?table=by-professional&${range}`);
    expect(own.body.trimEnd().split('\r\n').slice(1).map((line) => line.split(',')[0])).toEqual(['dr-lopez']);
    expect((await get('patient-ben', `/analytics/export?table=per-day&${range}`)).statusCode).toBe(403);
    expect((await get('admin-sam', `/analytics/export?table=everything&${range}`)).statusCode).toBe(400);
  });
});
