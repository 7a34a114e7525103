import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTraceContext, traceIdOf } from './trace-context';

// Two processes' worth of servers on loopback: the "bot" calls the "core-api" over real HTTP.
const core = Fastify({ logger: false, requestIdHeader: 'x-request-id' });
const bot = Fastify({ logger: false, requestIdHeader: 'x-request-id' });
let coreOrigin = '';

beforeAll(async () => {
  const coreTracing = createTraceContext();
  await core.register(coreTracing.plugin);
  core.get('/seen', async (request) => ({ traceId: request.traceId, requestId: request.id }));
  coreOrigin = await core.listen({ port: 0, host: '127.0.0.1' });

  const botTracing = createTraceContext();
  await bot.register(botTracing.plugin);
  const traced = botTracing.fetch();
  bot.get('/turn', async (request) => {
    // After an await, as a real turn would be: the scope must survive it.
    await new Promise((resolve) => setTimeout(resolve, 5));
    const seen = (await (await traced(`${coreOrigin}/seen`)).json()) as { traceId: string; requestId: string };
    return { mine: request.traceId, mineRequestId: request.id, seen };
  });
  await bot.ready();
});
afterAll(async () => {
  await bot.close();
  await core.close();
});

const walk = async (headers: Record<string, string> = {}) => (await bot.inject({ url: '/turn', headers })).json() as {
  mine: string; mineRequestId: string; seen: { traceId: string; requestId: string };
};

describe('trace context', () => {
  it('carries the caller’s trace and the request id from one process into the next', async () => {
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const result = await walk({ traceparent: `00-${traceId}-00f067aa0ba902b7-01`, 'x-request-id': 'req-abc' });
    expect(result.mine).toBe(traceId);
    expect(result.seen).toEqual({ traceId, requestId: 'req-abc' });
  });

  it('starts a trace when none comes in, answers it, and keeps concurrent requests apart', async () => {
    const [first, second] = await Promise.all([walk(), walk()]);
    expect(first.mine).toMatch(/^[0-9a-f]{32}$/);
    expect(first.seen.traceId).toBe(first.mine);
    expect(second.seen.traceId).toBe(second.mine);
    expect(first.mine).not.toBe(second.mine);
    const response = await bot.inject({ url: '/turn', headers: { traceparent: 'garbage' } });
    expect(traceIdOf(String(response.headers.traceparent))).toBe(response.json().mine);
  });

  it('refuses malformed and all-zero trace ids', () => {
    expect(traceIdOf('00-00000000000000000000000000000000-00f067aa0ba902b7-01')).toBeUndefined();
    expect(traceIdOf('00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01')).toBeUndefined();
    expect(traceIdOf(['00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01'])).toBeUndefined();
    expect(traceIdOf('00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01')).toBeUndefined();
  });
});
