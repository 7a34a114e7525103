import { randomBytes } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installErrorHandler } from './http-errors';
import { httpHardening, routeRateLimit } from './http-hardening';

// With REDIS_URL the counters live in Redis, as in a deployment with several replicas.
const redis = process.env.REDIS_URL ? new Redis(process.env.REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 }) : undefined;
const nameSpace = `test-${randomBytes(5).toString('hex')}`;
let app: FastifyInstance;

beforeAll(async () => {
  await redis?.connect();
  app = Fastify({ logger: false });
  installErrorHandler(app);
  await app.register(async (api) => {
    await api.register(httpHardening, {
      corsOrigins: ['https://admin.example.org'],
      bodyLimitBytes: 1_024,
      rateLimit: {
        windowSeconds: 60,
        publicMax: 3,
        userMax: 5,
        redis,
        nameSpace,
        callerOf: (request) => {
          const token = request.headers.authorization;
          if (token === 'Bearer service') return { kind: 'service' };
          return token?.startsWith('Bearer user-') ? { kind: 'user', userId: token.slice('Bearer user-'.length) } : { kind: 'anonymous' };
        },
      },
    });
    api.get('/public', async () => ({ ok: true }));
    api.get('/other', async () => ({ ok: true }));
    api.post('/echo', async (request) => ({ size: JSON.stringify(request.body).length }));
    api.post(
      '/auth',
      { config: { rateLimit: routeRateLimit({ max: 2, windowSeconds: 60, keyOf: (request) => request.headers['x-service'] as string | undefined }) } },
      async () => ({ ok: true }),
    );
    api.get('/boom', async () => {
      throw new Error('connection to 10.0.0.7 refused, token=eyJhbGciOi');
    });
  }, { prefix: '/api/v1' });
  await app.ready();
});
afterAll(async () => {
  await app?.close();
  redis?.disconnect();
});

describe('http hardening', () => {
  it('sends security headers', async () => {
    const response = await app.inject({ url: '/api/v1/other', headers: { authorization: 'Bearer user-good' } });
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(response.headers['strict-transport-security']).toContain('max-age=');
    expect(response.headers['x-powered-by']).toBeUndefined();
    expect(response.headers['cross-origin-resource-policy']).toBe('same-site');
  });

  it('sends the same security headers on an error', async () => {
    const headers = { authorization: 'Bearer user-headers' };
    const ok = await app.inject({ url: '/api/v1/other', headers });
    const failed = await app.inject({ url: '/api/v1/boom', headers });
    expect(failed.statusCode).toBe(500);
    for (const header of ['content-security-policy', 'strict-transport-security', 'x-frame-options', 'cross-origin-resource-policy']) {
      expect(failed.headers[header], header).toBe(ok.headers[header]);
    }
  });

  it('answers CORS only for allowed origins', async () => {
    const preflight = (origin: string) =>
      app.inject({
        method: 'OPTIONS',
        url: '/api/v1/echo',
        headers: { origin, 'access-control-request-method': 'POST', authorization: 'Bearer user-good' },
      });
    const allowed = await preflight('https://admin.example.org');
    expect(allowed.headers['access-control-allow-origin']).toBe('https://admin.example.org');
    const refused = await preflight('https://evil.example.com');
    expect(refused.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('refuses bodies over the limit with 413', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/echo',
      headers: { authorization: 'Bearer user-good' },
      payload: { text: 'x'.repeat(2_000) },
    });
    expect(response.statusCode).toBe(413);
    const small = await app.inject({ method: 'POST', url: '/api/v1/echo', headers: { authorization: 'Bearer user-good' }, payload: { text: 'x' } });
    expect(small.statusCode).toBe(200);
  });

  it('limits each signed-in user on their own, wherever they call from, and never our services', async () => {
    const call = (token: string, ip: string) => app.inject({ url: '/api/v1/other', headers: { authorization: `Bearer ${token}` }, remoteAddress: ip });
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 6; attempt += 1) statuses.push((await call('user-busy', `10.0.0.${attempt}`)).statusCode);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
    expect((await call('user-calm', '10.0.0.1')).statusCode).toBe(200);
    for (let attempt = 0; attempt < 8; attempt += 1) expect((await call('service', '10.0.0.9')).statusCode).toBe(200);
  });

  it('limits anonymous callers on public routes, not authenticated ones', async () => {
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 4; attempt += 1) statuses.push((await app.inject({ url: '/api/v1/public' })).statusCode);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const limited = await app.inject({ url: '/api/v1/public' });
    expect(limited.json()).toMatchObject({ code: 'rate_limited' });
    expect(limited.headers['retry-after']).toBeDefined();
    expect((await app.inject({ url: '/api/v1/public', headers: { authorization: 'Bearer user-good' } })).statusCode).toBe(200);
    if (redis) expect(await redis.keys(`${nameSpace}-rate-limit-*`)).not.toHaveLength(0);
  });

  it('limits authentication routes per caller key, authenticated or not', async () => {
    const call = (service: string) =>
      app.inject({ method: 'POST', url: '/api/v1/auth', headers: { authorization: 'Bearer user-good', 'x-service': service }, payload: {} });
    const statuses = [(await call('bot')).statusCode, (await call('bot')).statusCode, (await call('bot')).statusCode];
    expect(statuses).toEqual([200, 200, 429]);
    expect((await call('other-service')).statusCode).toBe(200);
  });

  it('never echoes internals or tokens in a 500', async () => {
    const response = await app.inject({ url: '/api/v1/boom', headers: { authorization: 'Bearer user-good' } });
    expect(response.statusCode).toBe(500);
    expect(response.json()).toEqual({ code: 'internal_error', message: 'Something went wrong on our side.' });
    expect(response.body).not.toContain('10.0.0.7');
    expect(response.body).not.toContain('eyJ');
  });
});
