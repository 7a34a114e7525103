import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { createTestRuntime, type TestRuntime } from '@consulta/core-api/testing';
import { buildServer } from './server';

let runtime: TestRuntime;
let app: FastifyInstance;

beforeAll(async () => {
  runtime = await createTestRuntime();
  app = await buildServer({ config: runtime.config, runtime });
});
afterAll(async () => {
  await app?.close();
  await runtime?.close();
});

describe('bot server', () => {
  it('answers liveness', async () => {
    const response = await app.inject({ method: 'GET', url: '/health' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok' });
  });

  it('is ready when its dependencies answer, naming each', async () => {
    const response = await app.inject({ method: 'GET', url: '/ready' });
    expect(response.statusCode).toBe(200);
    const expected = process.env.REDIS_URL ? { database: 'ok', redis: 'ok' } : { database: 'ok' };
    expect(response.json()).toEqual({ status: 'ready', dependencies: expected });
  });

  it('carries a request id, or makes one', async () => {
    const given = await app.inject({ method: 'GET', url: '/health', headers: { 'x-request-id': 'req-123' } });
    expect(given.headers['x-request-id']).toBe('req-123');
    const made = await app.inject({ method: 'GET', url: '/health' });
    expect(made.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('serves Prometheus metrics of its own routes and of core-api mounted inside it', async () => {
    await app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
    const response = await app.inject({ method: 'GET', url: '/metrics' });
    expect(response.statusCode).toBe(200);
    expect(response.body).toMatch(/^http_request_duration_seconds_count\{.*route="\/api\/v1\/openapi.json".*\} [1-9]/m);
    expect(response.body).toContain('# TYPE consulta_queue_depth gauge');
    expect(response.body).toContain('process="all"');
  });

  it('joins the caller’s W3C trace and answers it', async () => {
    const response = await app.inject({ method: 'GET', url: '/health', headers: { traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' } });
    expect(response.headers.traceparent).toMatch(/^00-4bf92f3577b34da6a3ce929d0e0e4736-[0-9a-f]{16}-01$/);
  });

  it('serves the OpenAPI 3.1 document of the API', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ openapi: '3.1.0', info: { title: 'Consulta core API' } });
  });

  it('answers unknown routes with a coded error', async () => {
    const response = await app.inject({ method: 'GET', url: '/nowhere?token=secret' });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toEqual({ code: 'route_not_found', message: 'No route GET /nowhere.' });
  });
});

describe('readiness when a dependency fails', () => {
  it('answers 503 naming the failing dependency', async () => {
    const failing = await buildServer({
      config: runtime.config,
      runtime: {
        ...runtime,
        readinessChecks: [
          { name: 'database', check: async () => undefined },
          { name: 'redis', check: async () => Promise.reject(new Error('ECONNREFUSED')) },
        ],
      },
    });
    const response = await failing.inject({ method: 'GET', url: '/ready' });
    expect(response.statusCode).toBe(503);
    expect(response.json()).toMatchObject({
      code: 'dependency_unavailable',
      message: 'Not ready: redis unreachable.',
      dependencies: { database: 'ok', redis: 'failing' },
    });
    await failing.close();
  });
});
