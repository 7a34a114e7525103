import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/test-app';

let test: TestApp;
beforeAll(async () => {
  test = await createTestApp();
});
afterAll(() => test?.close());

describe('iCalendar feed', () => {
  it('gives a professional a secret feed URL with their appointments', async () => {
    const link = await test.app.inject({ url: '/api/v1/professionals/dr-lopez/calendar-feed', headers: await test.as('dr-lopez') });
    expect(link.statusCode).toBe(200);
    const url = new URL(link.json().url);
    expect(url.pathname).toBe('/api/v1/professionals/dr-lopez/calendar.ics');
    const feed = await test.app.inject({ url: `${url.pathname}${url.search}` });
    expect(feed.statusCode).toBe(200);
    expect(feed.headers['content-type']).toMatch(/^text\/calendar/);
    expect(feed.body).toContain('BEGIN:VCALENDAR');
    expect(feed.body).toContain('UID:appt-seed-1');
    expect(feed.body).toContain('SUMMARY:Dermatology consultation: Ben Carter');
    expect(feed.body).toContain('STATUS:CONFIRMED');
    expect(feed.body).not.toContain('appt-seed-2'); // dr-chen's
    const { rows } = await test.runtime.database.pool.query(`SELECT actor_id FROM identity.audit_log WHERE resource_id = 'appt-seed-1' AND action = 'appointment.read'`);
    expect(rows.map((row) => row.actor_id)).toContain('dr-lopez');
  });

  it('refuses a wrong token or another professional’s request for the URL', async () => {
    expect((await test.app.inject({ url: '/api/v1/professionals/dr-lopez/calendar.ics?token=guess' })).statusCode).toBe(404);
    expect((await test.app.inject({ url: '/api/v1/professionals/dr-lopez/calendar.ics' })).statusCode).toBe(400);
    expect((await test.app.inject({ url: '/api/v1/professionals/dr-lopez/calendar-feed', headers: await test.as('dr-chen') })).statusCode).toBe(404);
    const chen = new URL((await test.app.inject({ url: '/api/v1/professionals/dr-chen/calendar-feed', headers: await test.as('dr-chen') })).json().url);
    const crossed = await test.app.inject({ url: `/api/v1/professionals/dr-lopez/calendar.ics${chen.search}` });
    expect(crossed.statusCode).toBe(404);
  });
});
