import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { breakerFetch, CircuitOpenError, createBreaker } from './circuit-breaker';
import { createMetrics } from './metrics';

let server: Server;
let origin = '';
let status = 200;
let calls = 0;
beforeAll(async () => {
  server = createServer((_request, response) => {
    calls += 1;
    response.statusCode = status;
    response.end('{}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

const gauge = async (metrics: ReturnType<typeof createMetrics>, name: string) =>
  (await metrics.circuitState.get()).values.find((value) => value.labels.breaker === name)?.value;

describe('circuit breaker', () => {
  it('opens after repeated 5xx answers, stops calling, and closes after a good trial call', async () => {
    const metrics = createMetrics('bot');
    const breaker = createBreaker('model', { metrics, volumeThreshold: 3, resetTimeoutMs: 200 });
    const guarded = breakerFetch(breaker);
    status = 503;
    calls = 0;
    for (let attempt = 0; attempt < 3; attempt += 1) expect((await guarded(origin)).status).toBe(503);
    expect(breaker.state()).toBe('open');
    expect(await gauge(metrics, 'model')).toBe(2);
    await expect(guarded(origin)).rejects.toBeInstanceOf(CircuitOpenError);
    expect(calls).toBe(3);

    status = 200;
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect((await guarded(origin)).status).toBe(200);
    expect(breaker.state()).toBe('closed');
    expect(await gauge(metrics, 'model')).toBe(0);
    const events = (await metrics.circuitEvents.get()).values.filter((value) => value.labels.breaker === 'model');
    expect(Object.fromEntries(events.map((value) => [value.labels.event, value.value]))).toMatchObject({ failure: 3, open: 1, reject: 1, halfOpen: 1, close: 1, success: 1 });
    breaker.shutdown();
  });

  it('does not count errors that say nothing about the service', async () => {
    const breaker = createBreaker('smtp', { volumeThreshold: 2, isHealthy: (error) => (error as { responseCode?: number }).responseCode === 550 });
    const refused = Object.assign(new Error('No such mailbox'), { responseCode: 550 });
    for (let attempt = 0; attempt < 4; attempt += 1) await expect(breaker.run(() => Promise.reject(refused))).rejects.toBe(refused);
    expect(breaker.state()).toBe('closed');
    const down = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    // The refusals count as answered calls: it takes a majority of real failures to open.
    for (let attempt = 0; attempt < 4; attempt += 1) await expect(breaker.run(() => Promise.reject(down))).rejects.toBe(down);
    expect(breaker.state()).toBe('closed');
    await expect(breaker.run(() => Promise.reject(down))).rejects.toBe(down);
    expect(breaker.state()).toBe('open');
    breaker.shutdown();
  });
});
