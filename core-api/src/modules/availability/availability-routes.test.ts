import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/test-app';

let test: TestApp;
beforeAll(async () => {
  test = await createTestApp({ now: '2026-12-01T09:00:00Z' });
});
afterAll(() => test?.close());

const get = (url: string) => test.app.inject({ url: `/api/v1${url}` });
const startsOf = (body: { slots: Array<{ start: string }> }) => body.slots.map((slot) => slot.start);

describe('slots of one professional', () => {
  it('gives the reference day of dr-lopez exactly', async () => {
    const response = await get('/professionals/dr-lopez/slots?service=derm-consult&from=2026-12-08&to=2026-12-08');
    expect(response.statusCode).toBe(200);
    expect(startsOf(response.json())).toEqual(
      ['09:40', '10:20', '11:00', '11:40', '12:20', '15:00', '15:40', '16:20', '17:00'].map((time) => `2026-12-08T${time}:00+01:00`),
    );
    expect(response.json().slots[0].end).toBe('2026-12-08T10:10:00+01:00');
  });

  it('uses replacement hours and closed days', async () => {
    const short = (await get('/professionals/dr-chen/slots?service=gp-visit&from=2026-12-07&to=2026-12-07')).json();
    expect(startsOf(short)[0]).toBe('2026-12-07T10:00:00-05:00');
    expect(startsOf(short).at(-1)).toBe('2026-12-07T13:40:00-05:00');
    const christmas = (await get('/professionals/dr-lopez/slots?service=derm-consult&from=2026-12-25&to=2026-12-25')).json();
    expect(christmas.slots).toEqual([]);
  });

  it('answers clear errors for bad queries', async () => {
    const cases: Array<[string, number, string]> = [
      ['/professionals/dr-lopez/slots?service=gp-visit&from=2026-12-08&to=2026-12-08', 400, 'service_not_offered'],
      ['/professionals/dr-lopez/slots?service=derm-consult&from=2026-12-09&to=2026-12-08', 400, 'invalid_range'],
      ['/professionals/dr-lopez/slots?service=derm-consult&from=2026-12-01&to=2027-06-01', 400, 'range_too_long'],
      ['/professionals/dr-lopez/slots?service=derm-consult&from=next-week&to=2026-12-08', 400, 'invalid_request'],
      ['/professionals/dr-nobody/slots?service=derm-consult&from=2026-12-08&to=2026-12-08', 404, 'professional_not_found'],
    ];
    for (const [url, status, code] of cases) {
      const response = await get(url);
      expect({ url, status: response.statusCode, code: response.json().code }).toEqual({ url, status, code });
    }
  });
});

describe('earliest slots across professionals', () => {
  it('merges every matching professional, earliest first', async () => {
    const response = await get('/slots?specialty=general%20practice&from=2026-12-01&to=2026-12-03&limit=3');
    expect(response.statusCode).toBe(200);
    const slots = response.json().slots;
    // dr-chen: 2 h notice from 04:00 New York, his day starts at 08:00 but 08:00 on the 2nd is taken by appt-seed-2.
    expect(slots.map((slot: { start: string }) => slot.start)).toEqual([
      '2026-12-01T08:00:00-05:00',
      '2026-12-01T08:20:00-05:00',
      '2026-12-01T08:40:00-05:00',
    ]);
    expect(slots[0]).toMatchObject({ professionalId: 'dr-chen', professionalName: 'Dr. Wei Chen', serviceId: 'gp-visit' });
  });

  it('needs a specialty, a service or a professional', async () => {
    const response = await get('/slots?from=2026-12-01&to=2026-12-03');
    expect(response.statusCode).toBe(400);
    expect(response.json().code).toBe('missing_filter');
  });
});

describe('changing availability', () => {
  it('lets a professional replace their own rules, and the slots follow', async () => {
    const headers = await test.as('pt-okafor');
    const response = await test.app.inject({
      method: 'PUT',
      url: '/api/v1/professionals/pt-okafor/availability',
      headers,
      payload: { weekly: [{ weekday: 3, start: '09:00', end: '11:00' }], exceptions: [{ date: '2026-12-09', closed: true, reason: 'Training' }] },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ timeZone: 'Europe/London', weekly: [{ weekday: 3, start: '09:00', end: '11:00' }] });
    const wednesday = (await get('/professionals/pt-okafor/slots?service=physio-session&from=2026-12-09&to=2026-12-16')).json();
    // 45 minutes plus a 15-minute buffer: a start every hour, the 10:00 one ends at 10:45.
    expect(startsOf(wednesday)).toEqual(['2026-12-16T09:00:00+00:00', '2026-12-16T10:00:00+00:00']);
  });

  it("answers 404 to another professional's attempt, so ids do not leak", async () => {
    const response = await test.app.inject({
      method: 'PUT',
      url: '/api/v1/professionals/dr-lopez/availability',
      headers: await test.as('dr-chen'),
      payload: { weekly: [] },
    });
    expect(response.statusCode).toBe(404);
  });

  it('refuses overlapping windows, listing the problem', async () => {
    const response = await test.app.inject({
      method: 'PUT',
      url: '/api/v1/professionals/dr-chen/availability',
      headers: await test.as('dr-chen'),
      payload: { weekly: [{ weekday: 1, start: '08:00', end: '12:00' }, { weekday: 1, start: '11:00', end: '13:00' }] },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().details).toEqual([{ field: 'weekly[1]', message: 'overlaps another window on weekday 1.' }]);
  });

  it('applies a bulk update all or nothing', async () => {
    const headers = await test.as('admin-sam');
    const before = (await get('/professionals/atty-martin/availability')).json();
    const failing = await test.app.inject({
      method: 'PUT',
      url: '/api/v1/availability',
      headers,
      payload: {
        items: [
          { professionalId: 'atty-martin', weekly: [{ weekday: 2, start: '09:00', end: '12:00' }] },
          { professionalId: 'dr-chen', weekly: [{ weekday: 2, start: '12:00', end: '09:00' }] },
        ],
      },
    });
    expect(failing.statusCode).toBe(400);
    expect((await get('/professionals/atty-martin/availability')).json()).toEqual(before);

    const passing = await test.app.inject({
      method: 'PUT',
      url: '/api/v1/availability',
      headers,
      payload: { items: [{ professionalId: 'atty-martin', weekly: [{ weekday: 2, start: '09:00', end: '12:00' }] }] },
    });
    expect(passing.json()).toEqual({ updated: ['atty-martin'] });
    expect((await get('/professionals/atty-martin/availability')).json().weekly).toEqual([{ weekday: 2, start: '09:00', end: '12:00' }]);
    const notAdmin = await test.app.inject({ method: 'PUT', url: '/api/v1/availability', headers: await test.as('dr-chen'), payload: { items: [{ professionalId: 'dr-chen', weekly: [] }] } });
    expect(notAdmin.statusCode).toBe(403);
  });
});

describe('previewing draft availability', () => {
  const preview = async (who: string, professionalId: string, payload: object) =>
    test.app.inject({ method: 'POST', url: `/api/v1/professionals/${professionalId}/availability/preview`, headers: await test.as(who), payload });

  it('answers the slots the draft would offer, with bookings taken out, and saves nothing', async () => {
    const before = (await get('/professionals/dr-lopez/availability')).json();
    const draft = { weekly: [{ weekday: 2, start: '09:00', end: '11:00' }], exceptions: [], service: 'derm-consult', from: '2026-12-08', to: '2026-12-15' };
    const response = await preview('dr-lopez', 'dr-lopez', { ...draft, exceptions: [{ date: '2026-12-15', closed: true }] });
    expect(response.statusCode).toBe(200);
    // The seed's 09:00 appointment and its 10-minute buffer come first; the 15th is closed by the draft.
    expect(startsOf(response.json())).toEqual(['2026-12-08T09:40:00+01:00', '2026-12-08T10:20:00+01:00']);
    expect((await get('/professionals/dr-lopez/availability')).json()).toEqual(before);

    // A booking inside the draft hours takes its slot out of the preview too.
    const booked = await test.app.inject({
      method: 'POST', url: '/api/v1/appointments', headers: await test.as('patient-ben'),
      payload: { professionalId: 'dr-lopez', serviceId: 'derm-consult', start: '2026-12-08T09:40:00+01:00', intake: { reason: 'A rash on my arm', date_of_birth: '1988-04-02' } },
    });
    expect(booked.statusCode).toBe(201);
    expect(startsOf((await preview('admin-sam', 'dr-lopez', draft)).json())).toEqual([
      '2026-12-08T10:20:00+01:00', '2026-12-15T09:00:00+01:00', '2026-12-15T09:40:00+01:00', '2026-12-15T10:20:00+01:00',
    ]);
  });

  it('refuses bad drafts and strangers with the same errors as saving', async () => {
    const overlapping = await preview('dr-lopez', 'dr-lopez', {
      weekly: [{ weekday: 1, start: '08:00', end: '12:00' }, { weekday: 1, start: '11:00', end: '13:00' }], service: 'derm-consult', from: '2026-12-07', to: '2026-12-08',
    });
    expect(overlapping.statusCode).toBe(400);
    expect(overlapping.json().details).toEqual([{ field: 'weekly[1]', message: 'overlaps another window on weekday 1.' }]);
    const notOffered = await preview('dr-lopez', 'dr-lopez', { weekly: [], service: 'physio-session', from: '2026-12-07', to: '2026-12-08' });
    expect(notOffered.json().code).toBe('service_not_offered');
    expect((await preview('dr-chen', 'dr-lopez', { weekly: [], service: 'derm-consult', from: '2026-12-07', to: '2026-12-08' })).statusCode).toBe(404);
  });
});
