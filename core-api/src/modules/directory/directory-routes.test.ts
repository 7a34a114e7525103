import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/test-app';

let test: TestApp;
beforeAll(async () => {
  test = await createTestApp();
});
afterAll(() => test?.close());

const get = (url: string) => test.app.inject({ url: `/api/v1${url}` });

describe('professional search', () => {
  it.each([
    ['lopez', ['dr-lopez']],
    ['LÓPEZ', ['dr-lopez']],
    ['Dr Lopez', ['dr-lopez']],
    ['elena lopez', ['dr-lopez']],
    ['okafor', ['pt-okafor']],
    ['nobody', []],
  ])('finds %s ignoring accents, case and titles', async (name, ids) => {
    const response = await get(`/professionals?name=${encodeURIComponent(name)}`);
    expect(response.statusCode).toBe(200);
    expect(response.json().map((professional: { id: string }) => professional.id)).toEqual(ids);
  });

  it('filters by domain, specialty, language and service', async () => {
    const ids = async (query: string) => (await get(`/professionals?${query}`)).json().map((p: { id: string }) => p.id);
    expect(await ids('domain=legal')).toEqual(['atty-martin']);
    expect(await ids('specialty=Dermatology')).toEqual(['dr-lopez']);
    expect(await ids('language=es')).toEqual(['dr-lopez']);
    expect(await ids('service=gp-visit')).toEqual(['dr-chen']);
    expect((await ids('domain=medical')).sort()).toEqual(['dr-chen', 'dr-lopez', 'pt-okafor']);
  });

  it('shows a professional without internal fields, and 404 for an unknown one', async () => {
    const response = await get('/professionals/dr-chen');
    expect(response.json()).toMatchObject({ id: 'dr-chen', timeZone: 'America/New_York', bufferMinutes: 0, serviceIds: ['gp-visit'] });
    expect(response.json()).not.toHaveProperty('teamsUser');
    expect((await get('/professionals/dr-nobody')).json().code).toBe('professional_not_found');
  });
});

describe('domains', () => {
  it('publishes each domain with its intake fields as JSON Schema', async () => {
    const response = await get('/domains/legal');
    expect(response.statusCode).toBe(200);
    expect(response.json().intakeSchema).toMatchObject({
      type: 'object',
      required: ['case_type', 'summary'],
      properties: { case_type: { enum: ['divorce', 'custody', 'inheritance', 'other'] } },
    });
  });

  it('lets an admin register a domain at run time, and nobody else', async () => {
    const body = {
      id: 'tax',
      name: 'Tax advice',
      approval: 'automatic',
      intakeFields: [{ key: 'tax_year', label: 'Tax year', type: 'string', required: true, pattern: '^20\\d\\d$' }],
    };
    const asPatient = await test.app.inject({ method: 'POST', url: '/api/v1/domains', headers: await test.as('patient-ana'), payload: body });
    expect(asPatient.statusCode).toBe(403);
    const created = await test.app.inject({ method: 'POST', url: '/api/v1/domains', headers: await test.as('admin-sam'), payload: body });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ id: 'tax', approval: 'automatic', requestExpiryHours: 48 });
    const again = await test.app.inject({ method: 'POST', url: '/api/v1/domains', headers: await test.as('admin-sam'), payload: body });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('domain_exists');
  });

  it('refuses broken intake fields, naming each', async () => {
    const response = await test.app.inject({
      method: 'PATCH',
      url: '/api/v1/domains/medical',
      headers: await test.as('admin-sam'),
      payload: { intakeFields: [{ key: 'kind', label: 'Kind', type: 'enum', required: true }, { key: 'kind', label: 'Again', type: 'text', required: false }] },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({
      code: 'invalid_intake_fields',
      details: [
        { field: 'intakeFields[0].options', message: 'An enum field needs options.' },
        { field: 'intakeFields[1].key', message: '"kind" appears twice.' },
      ],
    });
  });
});
