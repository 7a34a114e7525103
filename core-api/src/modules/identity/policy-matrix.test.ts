import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/test-app';

// One test per row of the permission matrix in docs/identity.md.
let test: TestApp;
type Headers = Record<string, string>;
const callers: Record<string, Headers> = {};

beforeAll(async () => {
  test = await createTestApp();
  await test.runtime.database.pool.query(
    `INSERT INTO identity.users (id, organization_id, role, name) VALUES ('admin-elsewhere', 'org-elsewhere', 'admin', 'Other Admin')`,
  );
  for (const id of ['patient-ana', 'patient-ben', 'dr-lopez', 'admin-sam', 'admin-elsewhere']) callers[id] = await test.as(id);
  callers.assistant = await serviceHeaders(['Assistant.ActAs']);
  callers.otherService = await serviceHeaders([]);
  callers.anonymous = {};
});
afterAll(() => test?.close());

async function serviceHeaders(appRoles: string[]): Promise<Headers> {
  const response = await test.app.inject({ method: 'POST', url: '/api/v1/dev/token', payload: { userId: 'assistant-bot', service: true, appRoles } });
  return { authorization: `Bearer ${response.json().token}` };
}

const call = async (caller: string, method: 'GET' | 'POST' | 'PATCH' | 'PUT', url: string, payload?: object) =>
  test.app.inject({ method, url: `/api/v1${url}`, headers: callers[caller], ...(payload ? { payload } : {}) });
const status = async (caller: string, method: 'GET' | 'POST' | 'PATCH' | 'PUT', url: string, payload?: object) =>
  (await call(caller, method, url, payload)).statusCode;

let registered = 0;
async function registerPatient(): Promise<{ userId: string; phone: string }> {
  registered += 1;
  const phone = `+4477009001${String(registered).padStart(2, '0')}`;
  const response = await call('assistant', 'POST', '/channel-identities/registrations', {
    channel: 'sms', externalId: phone, name: 'Matrix Person', dateOfBirth: '1990-02-03', locale: 'en', organizationId: 'org-demo',
  });
  expect(response.statusCode).toBe(201);
  return { userId: response.json().userId, phone };
}

describe('permission matrix', () => {
  it('GET and PATCH /me: every user for themself; services 403; anonymous 401', async () => {
    for (const caller of ['patient-ana', 'dr-lopez', 'admin-sam']) expect(await status(caller, 'GET', '/me')).toBe(200);
    expect(await status('patient-ben', 'PATCH', '/me', { locale: 'en' })).toBe(200);
    expect(await status('dr-lopez', 'PATCH', '/me', { professional: { title: 'Dermatologist' } })).toBe(200);
    expect(await status('assistant', 'GET', '/me')).toBe(403);
    expect(await status('anonymous', 'PATCH', '/me', { locale: 'en' })).toBe(401);
  });

  it('GET /users/{id}: self, or admins within their organisation; anything else 404', async () => {
    expect(await status('patient-ana', 'GET', '/users/patient-ana')).toBe(200);
    expect(await status('patient-ana', 'GET', '/users/patient-ben')).toBe(404);
    expect(await status('dr-lopez', 'GET', '/users/dr-lopez')).toBe(200);
    expect(await status('dr-lopez', 'GET', '/users/patient-ben')).toBe(404);
    expect(await status('admin-sam', 'GET', '/users/patient-ben')).toBe(200);
    expect(await status('admin-elsewhere', 'GET', '/users/patient-ben')).toBe(404);
    expect(await status('assistant', 'GET', '/users/patient-ben')).toBe(403);
    expect(await status('anonymous', 'GET', '/users/patient-ben')).toBe(401);
  });

  it('PATCH /users/{id}: self without verification, admins of the organisation with it; others 404', async () => {
    expect(await status('patient-ana', 'PATCH', '/users/patient-ana', { locale: 'es' })).toBe(200);
    expect(await status('patient-ana', 'PATCH', '/users/patient-ben', { locale: 'es' })).toBe(404);
    expect(await status('dr-lopez', 'PATCH', '/users/dr-lopez', { verified: true })).toBe(403);
    const verified = await call('admin-sam', 'PATCH', '/users/dr-lopez', { verified: true });
    expect(verified.statusCode).toBe(200);
    expect(verified.json().professional).toMatchObject({ verified: true });
    expect(await status('admin-elsewhere', 'PATCH', '/users/patient-ana', { locale: 'es' })).toBe(404);
    expect(await status('assistant', 'PATCH', '/users/patient-ana', { locale: 'es' })).toBe(403);
    expect(await status('anonymous', 'PATCH', '/users/patient-ana', { locale: 'es' })).toBe(401);
  });

  it('POST /users/{id}/erase: self, or admins of the organisation; others 404', async () => {
    expect(await status('patient-ben', 'POST', '/users/patient-ana/erase')).toBe(404);
    expect(await status('dr-lopez', 'POST', '/users/patient-ana/erase')).toBe(404);
    expect(await status('admin-elsewhere', 'POST', '/users/patient-ana/erase')).toBe(404);
    expect(await status('assistant', 'POST', '/users/patient-ana/erase')).toBe(403);
    expect(await status('anonymous', 'POST', '/users/patient-ana/erase')).toBe(401);
    const byAdmin = await registerPatient();
    expect(await status('admin-sam', 'POST', `/users/${byAdmin.userId}/erase`)).toBe(200);
    const self = await registerPatient();
    const exchanged = await call('assistant', 'POST', '/auth/token-exchange', { channel: 'sms', externalId: self.phone });
    const own = await test.app.inject({
      method: 'POST', url: `/api/v1/users/${self.userId}/erase`, headers: { authorization: `Bearer ${exchanged.json().token}` },
    });
    expect(own.statusCode).toBe(200);
    expect(await status('patient-ana', 'GET', '/me')).toBe(200);
  });

  it('GET /me/export: every user for themself; services 403; anonymous 401', async () => {
    for (const caller of ['patient-ana', 'dr-lopez', 'admin-sam']) expect(await status(caller, 'GET', '/me/export')).toBe(200);
    expect(await status('assistant', 'GET', '/me/export')).toBe(403);
    expect(await status('anonymous', 'GET', '/me/export')).toBe(401);
  });

  it('GET /users/{id}/export: self, or admins of the organisation for its patients; others (staff too) 404; services 403', async () => {
    expect(await status('patient-ana', 'GET', '/users/patient-ana/export')).toBe(200);
    expect(await status('admin-sam', 'GET', '/users/patient-ana/export')).toBe(200);
    expect(await status('patient-ben', 'GET', '/users/patient-ana/export')).toBe(404);
    expect(await status('dr-lopez', 'GET', '/users/patient-ana/export')).toBe(404);
    expect(await status('admin-elsewhere', 'GET', '/users/patient-ana/export')).toBe(404);
    expect(await status('admin-sam', 'GET', '/users/nobody-at-all/export')).toBe(404);
    expect(await status('admin-sam', 'GET', '/users/dr-lopez/export')).toBe(404);
    expect(await status('dr-lopez', 'GET', '/users/dr-lopez/export')).toBe(200);
    expect(await status('assistant', 'GET', '/users/patient-ana/export')).toBe(403);
    expect(await status('anonymous', 'GET', '/users/patient-ana/export')).toBe(401);
  });

  it('GET and POST /me/consents: every user for themself; services 403; anonymous 401', async () => {
    expect(await status('patient-ana', 'GET', '/me/consents')).toBe(200);
    expect(await status('patient-ben', 'POST', '/me/consents', { channel: 'sms', granted: true })).toBe(201);
    expect(await status('dr-lopez', 'GET', '/me/consents')).toBe(200);
    expect(await status('assistant', 'GET', '/me/consents')).toBe(403);
    expect(await status('anonymous', 'POST', '/me/consents', { channel: 'sms', granted: true })).toBe(401);
  });

  it('GET /consents/status: services with Assistant.ActAs only', async () => {
    const url = '/consents/status?channel=sms&externalId=%2B34600111222';
    expect(await status('assistant', 'GET', url)).toBe(200);
    for (const caller of ['patient-ben', 'dr-lopez', 'admin-sam', 'otherService']) expect(await status(caller, 'GET', url)).toBe(403);
    expect(await status('anonymous', 'GET', url)).toBe(401);
  });

  it('POST /consents: services with Assistant.ActAs only', async () => {
    const body = { channel: 'sms', phone: '+12125550100', granted: true, source: 'keyword' };
    expect(await status('assistant', 'POST', '/consents', body)).toBe(201);
    for (const caller of ['patient-ben', 'dr-lopez', 'admin-sam', 'otherService']) expect(await status(caller, 'POST', '/consents', body)).toBe(403);
    expect(await status('anonymous', 'POST', '/consents', body)).toBe(401);
  });

  it('GET /me/channel-identities: every user for themself; services 403; anonymous 401', async () => {
    const own = await call('patient-ana', 'GET', '/me/channel-identities');
    expect(own.json()).toContainEqual({ channel: 'sms', externalId: '+34600111222', verified: true });
    expect(await status('admin-sam', 'GET', '/me/channel-identities')).toBe(200);
    expect(await status('assistant', 'GET', '/me/channel-identities')).toBe(403);
    expect(await status('anonymous', 'GET', '/me/channel-identities')).toBe(401);
  });

  it('PUT /users/{id}/channel-identities: admins of the organisation; self 403; others 404', async () => {
    const body = { channel: 'webchat', externalId: 'session-ben-2' };
    expect(await status('patient-ben', 'PUT', '/users/patient-ben/channel-identities', body)).toBe(403);
    expect(await status('patient-ana', 'PUT', '/users/patient-ben/channel-identities', body)).toBe(404);
    expect(await status('dr-lopez', 'PUT', '/users/dr-lopez/channel-identities', body)).toBe(403);
    expect(await status('admin-elsewhere', 'PUT', '/users/patient-ben/channel-identities', body)).toBe(404);
    expect(await status('admin-sam', 'PUT', '/users/patient-ben/channel-identities', body)).toBe(200);
    expect(await status('assistant', 'PUT', '/users/patient-ben/channel-identities', body)).toBe(403);
    expect(await status('anonymous', 'PUT', '/users/patient-ben/channel-identities', body)).toBe(401);
  });

  it('POST /channel-identities/registrations: services with Assistant.ActAs only', async () => {
    const body = { channel: 'sms', externalId: '+447700900999', name: 'Nobody', dateOfBirth: null, locale: 'en', organizationId: 'org-demo' };
    for (const caller of ['patient-ana', 'dr-lopez', 'admin-sam', 'otherService']) {
      expect(await status(caller, 'POST', '/channel-identities/registrations', body)).toBe(403);
    }
    expect(await status('anonymous', 'POST', '/channel-identities/registrations', body)).toBe(401);
    expect(await status('assistant', 'POST', '/channel-identities/registrations', body)).toBe(201);
  });

  it('POST /auth/token-exchange: services with Assistant.ActAs only', async () => {
    const body = { channel: 'sms', externalId: '+12125550100' };
    expect(await status('assistant', 'POST', '/auth/token-exchange', body)).toBe(200);
    for (const caller of ['patient-ben', 'dr-lopez', 'admin-sam', 'otherService']) {
      expect(await status(caller, 'POST', '/auth/token-exchange', body)).toBe(403);
    }
    expect(await status('anonymous', 'POST', '/auth/token-exchange', body)).toBe(401);
  });

  it('GET /audit: admins, for their own organisation; everyone else 403', async () => {
    for (const caller of ['patient-ana', 'dr-lopez', 'assistant']) expect(await status(caller, 'GET', '/audit')).toBe(403);
    expect(await status('anonymous', 'GET', '/audit')).toBe(401);
    const own = await call('admin-sam', 'GET', '/audit?resourceId=patient-ana');
    expect(own.statusCode).toBe(200);
    expect(own.json().items.length).toBeGreaterThan(0);
    expect(own.json().items.map((item: { actorId: string }) => item.actorId)).not.toContain('admin-elsewhere');
    // The other organisation sees only what its own people did (here: refused attempts on patient-ana).
    const elsewhere = await call('admin-elsewhere', 'GET', '/audit?resourceId=patient-ana');
    const actors = new Set(elsewhere.json().items.map((item: { actorId: string }) => item.actorId));
    expect([...actors]).toEqual(['admin-elsewhere']);
  });

  it('POST /dev/token: anyone, in dev mode', async () => {
    expect(await status('anonymous', 'POST', '/dev/token', { userId: 'patient-chloe' })).toBe(200);
  });

  it('GET /dev/users: anyone, in dev mode', async () => {
    expect(await status('anonymous', 'GET', '/dev/users?role=professional')).toBe(200);
  });
});
