import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testing/test-app';
import { buildOpenApiDocument, generateClientTypes } from './openapi-document';
import { CoreApiError, createCoreApiClient, createInjectFetch, unwrap } from './index';

let test: TestApp;
beforeAll(async () => {
  test = await createTestApp();
});
afterAll(() => test?.close());

describe('the typed client', () => {
  it('is generated from the current OpenAPI document (run `npm run openapi:generate` after changing a route)', async () => {
    const committed = readFileSync(fileURLToPath(new URL('./openapi.d.ts', import.meta.url)), 'utf8');
    expect(committed).toBe(await generateClientTypes(await buildOpenApiDocument()));
  }, 60_000);

  it('calls core-api with the served user’s token and gives typed data', async () => {
    const api = createCoreApiClient({ baseUrl: 'http://core-api.internal', token: () => test.tokenFor('patient-ben'), fetch: createInjectFetch(test.app) });
    const appointments = await unwrap(api.GET('/api/v1/appointments'));
    expect(appointments.map((appointment) => appointment.id).sort()).toEqual(['appt-seed-1', 'appt-seed-2']);
    const slots = await unwrap(
      api.GET('/api/v1/professionals/{id}/slots', { params: { path: { id: 'dr-lopez' }, query: { service: 'derm-consult', from: '2026-12-08', to: '2026-12-08' } } }),
    );
    expect(slots.slots[0]?.start).toBe('2026-12-08T09:40:00+01:00');
  });

  it('turns an error answer into a CoreApiError with its code', async () => {
    const api = createCoreApiClient({ baseUrl: 'http://core-api.internal', token: await test.tokenFor('patient-ben'), fetch: createInjectFetch(test.app) });
    const failure = await unwrap(api.GET('/api/v1/users/{id}', { params: { path: { id: 'patient-ana' } } })).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(CoreApiError);
    expect(failure).toMatchObject({ status: 404, code: 'user_not_found' });
  });
});
