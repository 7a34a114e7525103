import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { createTestRuntime, type TestRuntime } from '@consulta/core-api/testing';
import { buildServer } from '../server';
import { loadBotConfig } from '../bot-config';
import { adminBrowserAgent } from '../testing/admin-browser-agent';
import { csrfCookie, sessionCookie } from './admin-session';

// The whole app as `npm start` builds it (dev mode, demo seed): sessions, CSRF and forwarding to the in-process core-api.
let runtime: TestRuntime;
let app: FastifyInstance;

beforeAll(async () => {
  runtime = await createTestRuntime();
  app = await buildServer({ config: runtime.config, runtime, botConfig: loadBotConfig({}) });
});
afterAll(async () => {
  await app?.close();
  await runtime?.close();
});

const browserAgent = () => adminBrowserAgent(app);

describe('admin sessions in dev mode', () => {
  it('offers the seed professionals and admins, and no patients', async () => {
    const body = (await browserAgent().request('GET', '/admin/session')).json();
    expect(body.user).toBeNull();
    expect(body.csrfToken).toEqual(expect.any(String));
    expect(body.signIn.entra).toBe(false);
    const ids = body.signIn.devUsers.map((user: { id: string }) => user.id);
    expect(ids).toEqual(expect.arrayContaining(['dr-lopez', 'dr-chen', 'admin-sam']));
    expect(ids.some((id: string) => id.startsWith('patient-'))).toBe(false);
  });

  it('signs a professional in with an HttpOnly, SameSite=Lax, signed cookie that does not show the token', async () => {
    const agent = browserAgent();
    const response = await agent.signIn('dr-lopez');
    expect(response.statusCode).toBe(200);
    expect(response.json().user).toEqual({ id: 'dr-lopez', name: 'Dr. Elena López', role: 'professional' });
    const cookie = (response.cookies as Array<{ name: string; value: string; httpOnly?: boolean; sameSite?: string; path?: string; secure?: boolean }>).find(
      (candidate) => candidate.name === sessionCookie,
    )!;
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/admin' });
    // Served over plain http in this test, so not Secure (mountAdmin marks it Secure behind https).
    expect(cookie.secure).toBeFalsy();
    // A JWT has two dots and starts with eyJ; the sealed cookie has neither.
    expect(cookie.value).not.toMatch(/eyJ/);
    expect((await agent.request('GET', '/admin/session')).json().user.id).toBe('dr-lopez');
  });

  it('refuses patients (403), unknown users (404) and a sign-in without the CSRF token (403)', async () => {
    const patient = await browserAgent().signIn('patient-ana');
    expect(patient.statusCode).toBe(403);
    expect(patient.json().code).toBe('not_staff');
    expect(patient.cookies.some((cookie: { name: string }) => cookie.name === sessionCookie)).toBe(false);
    expect((await browserAgent().signIn('nobody-here')).statusCode).toBe(404);
    const agent = browserAgent();
    await agent.csrf();
    const withoutToken = await agent.request('POST', '/admin/session/dev', { payload: { userId: 'dr-lopez' } });
    expect(withoutToken.statusCode).toBe(403);
    const wrongToken = await agent.request('POST', '/admin/session/dev', { payload: { userId: 'dr-lopez' }, csrf: 'forged' });
    expect(wrongToken.statusCode).toBe(403);
  });

  it('forwards /admin/api/v1 to core-api with the session’s token, and changes only with the CSRF token', async () => {
    const agent = browserAgent();
    expect((await agent.request('GET', '/admin/api/v1/me')).statusCode).toBe(401);
    await agent.signIn('dr-chen');
    const me = await agent.request('GET', '/admin/api/v1/me');
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ id: 'dr-chen', role: 'professional' });
    const inbox = await agent.request('GET', '/admin/api/v1/appointments?status=requested');
    expect(inbox.json().map((appointment: { id: string }) => appointment.id)).toContain('appt-seed-2');

    const forged = await agent.request('POST', '/admin/api/v1/appointments/appt-seed-2/approve', { payload: {} });
    expect(forged.statusCode).toBe(403);
    expect((await agent.request('GET', '/admin/api/v1/appointments/appt-seed-2')).json().status).toBe('requested');

    const csrf = await agent.csrf();
    const declined = await agent.request('POST', '/admin/api/v1/appointments/appt-seed-2/decline', { payload: { reason: '' }, csrf });
    // core-api's own validation answers through the proxy unchanged.
    expect(declined.statusCode).toBe(400);
    const approved = await agent.request('POST', '/admin/api/v1/appointments/appt-seed-2/approve', { payload: {}, csrf });
    expect(approved.statusCode).toBe(200);
    expect(approved.json().status).toBe('approved');
  });

  it('passes the audit CSV back whole: its type, file name and the cursor of the next page', async () => {
    const agent = browserAgent();
    await agent.signIn('admin-sam');
    const csv = await agent.request('GET', '/admin/api/v1/audit?format=csv&limit=1');
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.headers['content-disposition']).toBe('attachment; filename="audit-log.csv"');
    expect(csv.headers['x-next-cursor']).toEqual(expect.any(String));
  });

  it('keeps core-api’s permissions: a professional cannot read prompts or shipped prompts', async () => {
    const agent = browserAgent();
    await agent.signIn('dr-lopez');
    expect((await agent.request('GET', '/admin/api/v1/prompts/versions')).statusCode).toBe(403);
    expect((await agent.request('GET', '/admin/prompts/shipped')).statusCode).toBe(403);
    const admin = browserAgent();
    await admin.signIn('admin-sam');
    const shipped = (await admin.request('GET', '/admin/prompts/shipped')).json();
    expect(shipped.map((prompt: { promptId: string }) => prompt.promptId)).toContain('patient-system');
  });

  it('ignores a tampered cookie and signs out only with the CSRF token', async () => {
    const agent = browserAgent();
    await agent.signIn('admin-sam');
    const sealed = agent.jar.get(sessionCookie)!;
    agent.jar.set(sessionCookie, sealed.replace(/.(?=\.)/, (character) => (character === 'A' ? 'B' : 'A')));
    expect((await agent.request('GET', '/admin/session')).json().user).toBeNull();
    agent.jar.set(sessionCookie, sealed);
    expect((await agent.request('POST', '/admin/session/signout')).statusCode).toBe(403);
    const signedOut = await agent.request('POST', '/admin/session/signout', { csrf: await agent.csrf() });
    expect(signedOut.statusCode).toBe(204);
    expect(agent.jar.has(sessionCookie)).toBe(false);
    expect(agent.jar.has(csrfCookie)).toBe(true);
    expect((await agent.request('GET', '/admin/api/v1/me')).statusCode).toBe(401);
  });
});
