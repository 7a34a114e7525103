import { exportJWK, generateKeyPair, decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/test-app';
import { audience, otherTenantId, startFakeEntra, tenantId, unsignedToken, type FakeEntra } from './entra-test-fixtures';

const now = new Date('2026-12-01T09:00:00Z');
const weiChen = {
  sub: 'wei-subject', oid: 'aaaaaaaa-0000-0000-0000-00000000c4e2', scp: 'access_as_user',
  preferred_username: 'Wei.Chen@riverside.example', roles: ['Consulta.Professional'],
};
const assistant = { sub: 'bot-oid', oid: 'bot-oid', azp: 'assistant-client-id', idtyp: 'app', roles: ['Assistant.ActAs'] };
let entra: FakeEntra;
let test: TestApp;

beforeAll(async () => {
  entra = await startFakeEntra(now);
  const { privateKey } = await generateKeyPair('ES256', { extractable: true });
  test = await createTestApp({
    now: now.toISOString(),
    environment: {
      AUTH_MODE: 'entra',
      ENTRA_TENANT_IDS: tenantId,
      ENTRA_AUDIENCE: `${audience},another-client-id`,
      ENTRA_JWKS_URL: entra.jwksUrl,
      TOKEN_SIGNING_KEY: JSON.stringify({ ...(await exportJWK(privateKey)), kid: 'core-api-test' }),
    },
  });
});
afterAll(async () => {
  await test?.close();
  await entra?.close();
});

const me = (token: string) => test.app.inject({ url: '/api/v1/me', headers: { authorization: `Bearer ${token}` } });

describe('signing in with Entra ID (AUTH_MODE=entra)', () => {
  it('links the account on first sign-in by user principal name, then knows it by object id', async () => {
    const first = await me(await entra.sign(weiChen));
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ id: 'dr-chen', role: 'professional' });
    const { rows } = await test.runtime.database.pool.query(`SELECT entra_object_id FROM identity.users WHERE id = 'dr-chen'`);
    expect(rows[0].entra_object_id).toBe(weiChen.oid);
    const renamed = await me(await entra.sign({ ...weiChen, preferred_username: 'w.chen@renamed.example' }));
    expect(renamed.json()).toMatchObject({ id: 'dr-chen' });
  });

  it('refuses an account without the app role of its stored role (403) and an unknown account (401)', async () => {
    const withoutRole = await me(await entra.sign({ ...weiChen, roles: [] }));
    expect(withoutRole.statusCode).toBe(403);
    const stranger = await me(await entra.sign({ ...weiChen, oid: 'bbbbbbbb-0000-0000-0000-000000000000', preferred_username: 'nobody@x.example' }));
    expect(stranger.statusCode).toBe(401);
  });

  it.each([
    ['expired', () => entra.sign(weiChen, { issuedAt: new Date(now.getTime() - 7200_000), ttlSeconds: 3600 })],
    ['for another audience', () => entra.sign(weiChen, { audience: 'api://someone-else' })],
    ['from a tenant not allowed', () => entra.sign(weiChen, { tenant: otherTenantId })],
    ['with a wrong issuer', () => entra.sign(weiChen, { issuer: 'https://evil.example/v2.0' })],
    ['signed by an unknown key', () => entra.sign(weiChen, { key: 'stranger' })],
    ['unsigned (alg none)', async () => unsignedToken({ ...weiChen, tid: tenantId, aud: audience, iss: `https://login.microsoftonline.com/${tenantId}/v2.0`, exp: 1_900_000_000 })],
  ])('refuses a token %s with 401, without echoing it', async (_case, makeToken) => {
    const token = await makeToken();
    const response = await me(token);
    expect(response.statusCode).toBe(401);
    expect(response.json().code).toBe('unauthenticated');
    expect(response.body).not.toContain(token.split('.')[1]!);
  });

  it('has no dev token or dev users route', async () => {
    const response = await test.app.inject({ method: 'POST', url: '/api/v1/dev/token', payload: { userId: 'patient-ana' } });
    expect(response.statusCode).toBe(404);
    expect((await test.app.inject({ method: 'GET', url: '/api/v1/dev/users?role=patient' })).statusCode).toBe(404);
  });

  it('exchanges a channel identity for a five-minute token signed by core-api, which it accepts back', async () => {
    const serviceToken = await entra.sign(assistant);
    const response = await test.app.inject({
      method: 'POST',
      url: '/api/v1/auth/token-exchange',
      headers: { authorization: `Bearer ${serviceToken}` },
      payload: { channel: 'whatsapp', externalId: '+34600111222' },
    });
    expect(response.statusCode).toBe(200);
    const { token, expiresIn, userId } = response.json();
    expect({ expiresIn, userId }).toEqual({ expiresIn: 300, userId: 'patient-ana' });
    const claims = decodeJwt(token);
    expect(claims).toMatchObject({ iss: 'urn:consulta:core-api', sub: 'patient-ana', channel: 'whatsapp', act: { sub: 'assistant-client-id' } });
    expect(claims.exp! - claims.iat!).toBeLessThanOrEqual(300);
    const asAna = await me(token);
    expect(asAna.json()).toMatchObject({ id: 'patient-ana' });
    const { rows } = await test.runtime.database.pool.query(
      `SELECT actor_id, acting_service, channel FROM identity.audit_log WHERE action = 'user.read' ORDER BY id DESC LIMIT 1`,
    );
    expect(rows[0]).toEqual({ actor_id: 'patient-ana', acting_service: 'assistant-client-id', channel: 'whatsapp' });
  });
});
