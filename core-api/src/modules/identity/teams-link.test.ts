import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/test-app';

let test: TestApp;
let service: { authorization: string };
beforeAll(async () => {
  test = await createTestApp();
  const token = (await test.app.inject({ method: 'POST', url: '/api/v1/dev/token', payload: { userId: 'consulta-assistant', service: true, appRoles: ['Assistant.ActAs'] } })).json().token;
  service = { authorization: `Bearer ${token}` };
});
afterAll(() => test?.close());

const lopezObjectId = '0f6a1c1e-3b0d-4c55-9a43-6b1f6f1e2a01';
const link = (body: object, headers = service) => test.app.inject({ method: 'POST', url: '/api/v1/channel-identities/teams-links', headers, payload: body });

describe('linking a Teams user to the professional with that UPN', () => {
  it('binds the object id as a verified teams identity that token exchange then accepts', async () => {
    const response = await link({ objectId: lopezObjectId.toUpperCase(), userPrincipalName: 'Elena.Lopez@riverside.example' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ userId: 'dr-lopez' });
    const exchanged = await test.app.inject({ method: 'POST', url: '/api/v1/auth/token-exchange', headers: service, payload: { channel: 'teams', externalId: lopezObjectId } });
    expect(exchanged.statusCode).toBe(200);
    expect(exchanged.json().userId).toBe('dr-lopez');
    // Linking again is answered from the binding.
    expect((await link({ objectId: lopezObjectId, userPrincipalName: 'elena.lopez@riverside.example' })).json()).toEqual({ userId: 'dr-lopez' });
  });

  it('never takes over an account already bound to another object id, and knows no patients', async () => {
    const other = await link({ objectId: '0f6a1c1e-3b0d-4c55-9a43-6b1f6f1e2a02', userPrincipalName: 'elena.lopez@riverside.example' });
    expect(other.statusCode).toBe(404);
    expect((await link({ objectId: '0f6a1c1e-3b0d-4c55-9a43-6b1f6f1e2a03', userPrincipalName: 'ana.garcia@example.org' })).statusCode).toBe(404);
  });

  it('is for services with Assistant.ActAs only', async () => {
    expect((await link({ objectId: lopezObjectId, userPrincipalName: 'elena.lopez@riverside.example' }, await test.as('admin-sam'))).statusCode).toBe(403);
    expect((await test.app.inject({ method: 'POST', url: '/api/v1/channel-identities/teams-links', payload: { objectId: lopezObjectId, userPrincipalName: 'x@y.z' } })).statusCode).toBe(401);
  });
});
