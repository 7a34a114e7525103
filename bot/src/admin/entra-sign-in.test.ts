import { createHash } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import type { INetworkModule } from '@azure/msal-node';
import { afterEach, describe, expect, it } from 'vitest';
import { installErrorHandler } from '@consulta/core-api';
import { adminRoutes } from './admin-routes';
import { entraAppSettings, loadAdminConfig } from './admin-config';
import { createEntraSignIn } from './entra-sign-in';
import { sessionCookie, signInCookie } from './admin-session';

const tenantId = '11111111-2222-3333-4444-555555555555';
const authority = `https://login.microsoftonline.com/${tenantId}`;
const clientId = 'admin-ui-client-id';
const redirectUri = 'https://consulta.example.com/admin/auth/callback';

/**
 * Entra ID as MSAL reaches it (instance discovery, OpenID metadata, the v2
 * token endpoint), answered through MSAL's network hook: the real library
 * builds the authorisation URL and redeems the code.
 */
function fakeEntra(options: { accessToken: string }) {
  const tokenRequests: URLSearchParams[] = [];
  let nonce = '';
  const respond = <T>(body: unknown, status = 200) => ({ headers: { 'content-type': 'application/json' }, body: body as T, status });
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const client: INetworkModule = {
    async sendGetRequestAsync<T>(url: string) {
      if (url.includes('/discovery/instance')) {
        return respond<T>({
          tenant_discovery_endpoint: `${authority}/v2.0/.well-known/openid-configuration`,
          'api-version': '1.1',
          metadata: [{ preferred_network: 'login.microsoftonline.com', preferred_cache: 'login.windows.net', aliases: ['login.microsoftonline.com', 'login.windows.net'] }],
        });
      }
      if (url.includes('openid-configuration')) {
        return respond<T>({
          token_endpoint: `${authority}/oauth2/v2.0/token`,
          authorization_endpoint: `${authority}/oauth2/v2.0/authorize`,
          issuer: `https://login.microsoftonline.com/${tenantId}/v2.0`,
          jwks_uri: `${authority}/discovery/v2.0/keys`,
          end_session_endpoint: `${authority}/oauth2/v2.0/logout`,
        });
      }
      return respond<T>({ error: 'not_found' }, 404);
    },
    async sendPostRequestAsync<T>(url: string, request?: { body?: string }) {
      if (!url.startsWith(`${authority}/oauth2/v2.0/token`)) return respond<T>({ error: 'not_found' }, 404);
      const form = new URLSearchParams(request?.body ?? '');
      tokenRequests.push(form);
      if (form.get('code') !== 'good-code') return respond<T>({ error: 'invalid_grant', error_description: 'AADSTS70000: bad code' }, 400);
      const issuedAt = Math.floor(Date.now() / 1000);
      const idToken = `${part({ alg: 'none', typ: 'JWT' })}.${part({
        aud: clientId, iss: `https://login.microsoftonline.com/${tenantId}/v2.0`, tid: tenantId, oid: 'oid-wei', sub: 'sub-wei',
        preferred_username: 'wei.chen@riverside.example', name: 'Wei Chen', nonce, iat: issuedAt, nbf: issuedAt, exp: issuedAt + 3600,
      })}.`;
      return respond<T>({
        token_type: 'Bearer', scope: 'api://consulta/access_as_user', expires_in: 3599, ext_expires_in: 3599,
        access_token: options.accessToken, id_token: idToken, client_info: part({ uid: 'oid-wei', utid: tenantId }),
      });
    },
  };
  return { client, tokenRequests, expectNonce: (value: string) => (nonce = value) };
}

/** core-api's /me as it answers for the Entra token (the API's own token checks are tested in core-api). */
function fakeCoreApi(users: Record<string, { id: string; name: string; role: string }>) {
  const seen: Array<{ url: string; authorization: string | null }> = [];
  const fetchCoreApi = (async (input: Parameters<typeof fetch>[0], init?: RequestInit) => {
    const request = new Request(input, init);
    const authorization = request.headers.get('authorization');
    seen.push({ url: request.url, authorization });
    const user = users[authorization?.replace('Bearer ', '') ?? ''];
    if (!user) return Response.json({ code: 'unauthenticated', message: 'no' }, { status: 401 });
    return Response.json(new URL(request.url).pathname === '/api/v1/me' ? user : { path: new URL(request.url).pathname });
  }) as typeof fetch;
  return { fetch: fetchCoreApi, seen };
}

let app: FastifyInstance | undefined;
afterEach(async () => app?.close());

async function entraApp(accessToken: string) {
  const entra = fakeEntra({ accessToken });
  const coreApi = fakeCoreApi({
    'token-of-wei': { id: 'dr-chen', name: 'Dr. Wei Chen', role: 'professional' },
    'token-of-ben': { id: 'patient-ben', name: 'Ben Carter', role: 'patient' },
  });
  const settings = entraAppSettings(loadAdminConfig({
    ADMIN_ENTRA_CLIENT_ID: clientId, ADMIN_ENTRA_CLIENT_SECRET: 'client-secret', ADMIN_ENTRA_TENANT: tenantId, ADMIN_ENTRA_REDIRECT: redirectUri,
  }))!;
  app = Fastify({ logger: false });
  installErrorHandler(app);
  await app.register(adminRoutes, {
    sessionSecret: 'a-session-secret-of-at-least-32-characters',
    secureCookies: true,
    coreApi: { baseUrl: 'http://core-api.internal', fetch: coreApi.fetch },
    dev: false,
    entra: createEntraSignIn({ ...settings, networkClient: entra.client }),
    uiDirectory: mkdtempSync(path.join(tmpdir(), 'admin-ui-')),
    shippedPrompts: () => [],
  });
  return { app, entra, coreApi };
}

async function startSignIn(test: Awaited<ReturnType<typeof entraApp>>) {
  const started = await test.app.inject({ method: 'GET', url: '/admin/signin' });
  const location = new URL(started.headers.location as string);
  const pending = started.cookies.find((cookie: { name: string }) => cookie.name === signInCookie)!;
  test.entra.expectNonce(location.searchParams.get('nonce')!);
  return { started, location, pending };
}

describe('signing in to the admin with Entra ID', () => {
  it('sends the browser to the authority with PKCE, a state and a nonce', async () => {
    const test = await entraApp('token-of-wei');
    const { started, location, pending } = await startSignIn(test);
    expect(started.statusCode).toBe(302);
    expect(`${location.origin}${location.pathname}`).toBe(`${authority}/oauth2/v2.0/authorize`);
    const query = location.searchParams;
    expect(query.get('client_id')).toBe(clientId);
    expect(query.get('redirect_uri')).toBe(redirectUri);
    expect(query.get('response_type')).toBe('code');
    expect(query.get('response_mode')).toBe('query');
    expect(query.get('code_challenge_method')).toBe('S256');
    expect(query.get('scope')).toContain('api://consulta/access_as_user');
    expect(query.get('state')).toBeTruthy();
    // The verifier stays on the server side, sealed in an HttpOnly cookie only the callback path receives.
    expect(pending).toMatchObject({ httpOnly: true, secure: true, sameSite: 'Lax', path: '/admin/auth' });
    expect(pending.value).not.toContain(query.get('state'));
  });

  it('redeems the code with the PKCE verifier, keeps the token in the session and forwards with it', async () => {
    const test = await entraApp('token-of-wei');
    const { location, pending } = await startSignIn(test);
    const callback = await test.app.inject({
      method: 'GET', url: `/admin/auth/callback?code=good-code&state=${location.searchParams.get('state')}`, cookies: { [signInCookie]: pending.value },
    });
    expect(callback.statusCode).toBe(303);
    expect(callback.headers.location).toBe('/admin/');
    const form = test.entra.tokenRequests.at(-1)!;
    expect(form.get('grant_type')).toBe('authorization_code');
    expect(form.get('code')).toBe('good-code');
    const verifier = form.get('code_verifier')!;
    expect(createHash('sha256').update(verifier).digest('base64url')).toBe(location.searchParams.get('code_challenge'));
    const session = callback.cookies.find((cookie: { name: string }) => cookie.name === sessionCookie)!;
    expect(session).toMatchObject({ httpOnly: true, secure: true, sameSite: 'Lax' });
    expect(session.value).not.toContain('token-of-wei');

    const me = await test.app.inject({ method: 'GET', url: '/admin/session', cookies: { [sessionCookie]: session.value } });
    expect(me.json()).toMatchObject({ user: { id: 'dr-chen', role: 'professional' }, signIn: { devUsers: null, entra: true } });
    const forwarded = await test.app.inject({ method: 'GET', url: '/admin/api/v1/appointments?status=requested', cookies: { [sessionCookie]: session.value } });
    expect(forwarded.json()).toEqual({ path: '/api/v1/appointments' });
    expect(test.coreApi.seen.at(-1)).toEqual({ url: 'http://core-api.internal/api/v1/appointments?status=requested', authorization: 'Bearer token-of-wei' });
    // Dev sign-in does not exist outside dev mode.
    expect((await test.app.inject({ method: 'POST', url: '/admin/session/dev', payload: { userId: 'dr-chen' } })).statusCode).toBe(404);
  });

  it('refuses a patient’s account (403) and a callback with another state or without its cookie (400)', async () => {
    const patient = await entraApp('token-of-ben');
    const first = await startSignIn(patient);
    const refused = await patient.app.inject({
      method: 'GET', url: `/admin/auth/callback?code=good-code&state=${first.location.searchParams.get('state')}`, cookies: { [signInCookie]: first.pending.value },
    });
    expect(refused.statusCode).toBe(403);
    expect(refused.body).toContain('patients book');
    expect(refused.cookies.some((cookie: { name: string; value: string }) => cookie.name === sessionCookie && cookie.value)).toBe(false);

    const second = await startSignIn(patient);
    const wrongState = await patient.app.inject({ method: 'GET', url: '/admin/auth/callback?code=good-code&state=other', cookies: { [signInCookie]: second.pending.value } });
    expect(wrongState.statusCode).toBe(400);
    const noCookie = await patient.app.inject({ method: 'GET', url: `/admin/auth/callback?code=good-code&state=${second.location.searchParams.get('state')}` });
    expect(noCookie.statusCode).toBe(400);
    const denied = await patient.app.inject({ method: 'GET', url: '/admin/auth/callback?error=access_denied', cookies: { [signInCookie]: second.pending.value } });
    expect(denied.statusCode).toBe(400);
  });

  it('answers a bad code from the authority as a failed sign-in, not a crash', async () => {
    const test = await entraApp('token-of-wei');
    const { location, pending } = await startSignIn(test);
    const response = await test.app.inject({
      method: 'GET', url: `/admin/auth/callback?code=stale-code&state=${location.searchParams.get('state')}`, cookies: { [signInCookie]: pending.value },
    });
    expect(response.statusCode).toBe(502);
    expect(response.headers['content-type']).toContain('text/html');
  });
});

describe('the admin configuration', () => {
  it('wants all of the Entra app or none of it, and a long session key', () => {
    expect(() => loadAdminConfig({ ADMIN_ENTRA_CLIENT_ID: 'x' })).toThrow(/ADMIN_ENTRA_CLIENT_SECRET: required with ADMIN_ENTRA_CLIENT_ID/);
    expect(() => loadAdminConfig({ ADMIN_SESSION_SECRET: 'short' })).toThrow(/ADMIN_SESSION_SECRET/);
    expect(entraAppSettings(loadAdminConfig({}))).toBeUndefined();
  });
});
