import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { installErrorHandler } from '@consulta/core-api';
import { createTestRuntime, type TestRuntime } from '@consulta/core-api/testing';
import { buildServer } from '../server';
import { loadBotConfig } from '../bot-config';
import { webchatPageRoutes } from './webchat-page-routes';

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

const token = (payload: object) => app.inject({ method: 'POST', url: '/webchat/token', payload });

describe('the page routes in dev mode', () => {
  it('names the clinic and offers the seed patients', async () => {
    const response = await app.inject({ method: 'GET', url: '/webchat/config' });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({ organizationName: 'Riverside Care & Counsel', devMode: true });
    expect(body.patients).toContainEqual({ id: 'patient-ana', name: 'Ana García' });
  });

  it('gives a Direct Line token bound to the chosen patient, which starts a conversation', async () => {
    const response = await token({ locale: 'es', patientId: 'patient-ana' });
    expect(response.statusCode).toBe(200);
    const issued = response.json();
    expect(issued.userId).toBe('patient-ana');
    const started = await app.inject({ method: 'POST', url: '/v3/directline/conversations', headers: { authorization: `Bearer ${issued.token}` } });
    expect(started.statusCode).toBe(201);
    expect(started.json().conversationId).toBe(issued.conversationId);
    // The token carries the user's id and language, nothing personal.
    const claims = JSON.parse(Buffer.from(issued.token.split('.')[1], 'base64url').toString());
    expect(Object.keys(claims).sort()).toEqual(['aud', 'conv', 'exp', 'iat', 'jti', 'locale', 'sub']);
  });

  it('makes a visitor of whoever picks nobody, and refuses unknown patients and bad requests', async () => {
    const visitor = await token({ locale: 'en' });
    expect(visitor.json().userId).toMatch(/^visitor-/);
    const unknown = await token({ locale: 'en', patientId: 'patient-zed' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().code).toBe('patient_not_found');
    const badLocale = await token({ locale: 'de' });
    expect(badLocale.statusCode).toBe(400);
    expect(badLocale.json().code).toBe('invalid_request');
  });
});

describe('the page routes outside dev mode', () => {
  async function pageApp(pageDirectory: string) {
    const bare = Fastify({ logger: false });
    installErrorHandler(bare);
    await bare.register(webchatPageRoutes, {
      channel: { issueToken: async (grant) => ({ conversationId: 'c-1', token: `token-for-${grant.userId}`, expiresIn: 1800 }) },
      organizationName: async () => 'Clinic',
      pageDirectory,
    });
    return bare;
  }

  it('has no picker: only visitors, and a patient id is refused', async () => {
    const bare = await pageApp(mkdtempSync(path.join(tmpdir(), 'page-')));
    expect((await bare.inject({ method: 'GET', url: '/webchat/config' })).json()).toEqual({ organizationName: 'Clinic', devMode: false, patients: [] });
    const refused = await bare.inject({ method: 'POST', url: '/webchat/token', payload: { locale: 'en', patientId: 'patient-ana' } });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().code).toBe('dev_mode_only');
    const visitor = await bare.inject({ method: 'POST', url: '/webchat/token', payload: { locale: 'en' } });
    expect(visitor.json().token).toMatch(/^token-for-visitor-/);
    await bare.close();
  });

  it('serves the built page with a content security policy, or says it is not built', async () => {
    const missing = await pageApp(mkdtempSync(path.join(tmpdir(), 'page-')));
    const notBuilt = await missing.inject({ method: 'GET', url: '/' });
    expect(notBuilt.statusCode).toBe(503);
    expect(notBuilt.json().code).toBe('page_not_built');
    await missing.close();

    const directory = mkdtempSync(path.join(tmpdir(), 'page-'));
    writeFileSync(path.join(directory, 'index.html'), '<!doctype html><title>Chat</title>');
    const built = await pageApp(directory);
    const page = await built.inject({ method: 'GET', url: '/' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<title>Chat</title>');
    expect(page.headers['content-security-policy']).toContain("connect-src 'self' ws: wss:");
    await built.close();
  });
});
