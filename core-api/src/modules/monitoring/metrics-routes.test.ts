import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { coreApi } from '../../app';
import { createMetrics } from '../../platform/metrics';
import { installErrorHandler } from '../../platform/http-errors';
import { createTestRuntime, type TestRuntime } from '../../testing/test-runtime';
import { metricsRoutes } from './metrics-routes';

/** The value of the sample of `name` whose labels include all of `labels`, or undefined. */
function sample(text: string, name: string, labels: Record<string, string>): number | undefined {
  for (const line of text.split('\n')) {
    const match = /^([a-z_]+)\{(.*)\} (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const present = Object.fromEntries([...match[2]!.matchAll(/(\w+)="([^"]*)"/g)].map((pair) => [pair[1], pair[2]]));
    if (Object.entries(labels).every(([key, value]) => present[key] === value)) return Number(match[3]);
  }
  return undefined;
}

describe('GET /metrics', () => {
  it('times each route under its pattern, not its URL, and labels the process kind', async () => {
    const app = Fastify();
    await app.register(metricsRoutes, { metrics: createMetrics('api') });
    app.get('/things/:id', async () => ({ ok: true }));
    await app.inject('/things/1');
    await app.inject('/things/2');
    await app.inject('/nowhere');
    const response = await app.inject('/metrics');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(sample(response.body, 'http_request_duration_seconds_count', { method: 'GET', route: '/things/:id', status_code: '200', process: 'api' })).toBe(2);
    expect(response.body).not.toContain('route="/things/1"');
    expect(response.body).toContain('process_cpu_user_seconds_total');
    await app.close();
  });

  it('asks for the bearer token when METRICS_TOKEN is set', async () => {
    const app = Fastify();
    await app.register(metricsRoutes, { metrics: createMetrics('worker'), token: 'scrape-token-0123456789' });
    expect((await app.inject('/metrics')).statusCode).toBe(401);
    expect((await app.inject({ url: '/metrics', headers: { authorization: 'Bearer wrong-token-0123456789' } })).json().code).toBe('unauthenticated');
    expect((await app.inject({ url: '/metrics', headers: { authorization: 'Bearer scrape-token-0123456789' } })).statusCode).toBe(200);
    await app.close();
  });
});

describe('metrics of core-api', () => {
  let runtime: TestRuntime;
  const app = Fastify();
  beforeAll(async () => {
    runtime = await createTestRuntime();
    installErrorHandler(app);
    await app.register(metricsRoutes, { metrics: runtime.metrics });
    await app.register(coreApi, { prefix: '/api/v1', ...runtime });
  });
  afterAll(async () => {
    await app.close();
    await runtime.close();
  });
  const tokenFor = async (userId: string) => (await app.inject({ method: 'POST', url: '/api/v1/dev/token', payload: { userId } })).json().token as string;
  const scrape = async () => (await app.inject('/metrics')).body;

  it('counts booking outcomes and decisions, and times the booking route', async () => {
    const book = async (userId: string) =>
      app.inject({
        method: 'POST',
        url: '/api/v1/appointments',
        headers: { authorization: `Bearer ${await tokenFor(userId)}` },
        payload: { professionalId: 'dr-lopez', serviceId: 'derm-consult', start: '2026-12-10T09:00:00+01:00', intake: { reason: 'Check', date_of_birth: '1990-01-01' } },
      });
    const booked = await book('patient-ana');
    expect(booked.statusCode).toBe(201);
    expect((await book('patient-ben')).statusCode).toBe(409);
    const approved = await app.inject({ method: 'POST', url: `/api/v1/appointments/${booked.json().id}/approve`, headers: { authorization: `Bearer ${await tokenFor('dr-lopez')}` } });
    expect(approved.statusCode).toBe(200);
    const text = await scrape();
    expect(sample(text, 'consulta_bookings_total', { outcome: 'requested' })).toBe(1);
    expect(sample(text, 'consulta_bookings_total', { outcome: 'slot_unavailable' })).toBe(1);
    expect(sample(text, 'consulta_appointment_transitions_total', { status: 'approved' })).toBe(1);
    expect(sample(text, 'http_request_duration_seconds_count', { route: '/api/v1/appointments', method: 'POST', status_code: '409' })).toBe(1);
  });

  it('reports queue depth at scrape time and counts jobs by outcome', async () => {
    const queue = `metrics-${Date.now()}`;
    await runtime.queue.add(queue, 'ok', {});
    await runtime.queue.add(queue, 'broken', {}, { attempts: 1 });
    expect(sample(await scrape(), 'consulta_queue_depth', { queue, state: 'waiting' })).toBe(2);
    runtime.queue.work(queue, async (job) => {
      if (job.name === 'broken') throw new Error('broken on purpose');
    });
    await expect.poll(async () => sample(await scrape(), 'consulta_jobs_total', { queue, outcome: 'completed' }), { timeout: 10_000 }).toBe(1);
    await expect.poll(async () => sample(await scrape(), 'consulta_jobs_total', { queue, outcome: 'dead' }), { timeout: 10_000 }).toBe(1);
    const text = await scrape();
    expect(sample(text, 'consulta_queue_depth', { queue, state: 'waiting' })).toBe(0);
    expect(sample(text, 'consulta_queue_depth', { queue, state: 'failed' })).toBe(1);
  });
});
