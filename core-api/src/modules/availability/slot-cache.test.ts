import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { coreApi } from '../../app';
import { installErrorHandler } from '../../platform/http-errors';
import { createTestRuntime, type TestRuntime } from '../../testing/test-runtime';
import { createRedisSlotCache, type SlotCache } from './slot-cache';

/*
 * The slot cache never shows a taken slot as free: after each change made
 * through one replica, the other replica's cached answer equals a fresh
 * computation. Redis when REDIS_URL is set (CI), else a map with the same contract.
 */
let runtime: TestRuntime;
const keyDirectory = mkdtempSync(path.join(tmpdir(), 'consulta-slot-cache-'));
const keyFile = path.join(keyDirectory, 'dev-issuer-key.json');
let cache: SlotCache & { hits: number };
const replicas: FastifyInstance[] = [];
let cachedA: FastifyInstance;
let cachedB: FastifyInstance;
let uncached: FastifyInstance;

function counting(inner: SlotCache): SlotCache & { hits: number } {
  const counted = {
    hits: 0,
    async get(key: string) {
      const value = await inner.get(key);
      if (value) counted.hits += 1;
      return value;
    },
    set: (key: string, value: string) => inner.set(key, value),
  };
  return counted;
}

function memoryCache(): SlotCache {
  const entries = new Map<string, string>();
  return { get: async (key) => entries.get(key) ?? null, set: async (key, value) => void entries.set(key, value) };
}

async function replica(slotCache: SlotCache | null) {
  const app = Fastify({ logger: false });
  installErrorHandler(app);
  // One dev signing key for the replicas, as processes sharing DATA_DIR have.
  await app.register(coreApi, { prefix: '/api/v1', ...runtime, slotCache, devIssuerKeyFile: keyFile });
  await app.ready();
  replicas.push(app);
  return app;
}

beforeAll(async () => {
  // Keys from the environment, as replicas have them (tests otherwise make one per app).
  const key = randomBytes(32).toString('base64');
  runtime = await createTestRuntime({ environment: { FIELD_ENCRYPTION_KEYS: `k1:${key}`, DOCUMENT_MASTER_KEYS: `d1:${key}` } });
  cache = counting(runtime.redis ? createRedisSlotCache(runtime.redis, { prefix: runtime.config.QUEUE_PREFIX }) : memoryCache());
  cachedA = await replica(cache);
  cachedB = await replica(cache);
  uncached = await replica(null);
});
afterAll(async () => {
  for (const app of replicas) await app.close();
  await runtime?.close();
  rmSync(keyDirectory, { recursive: true, force: true });
});

const tokens = new WeakMap<FastifyInstance, Map<string, string>>();
async function call(app: FastifyInstance, method: 'GET' | 'POST' | 'PUT', url: string, as?: string, payload?: object) {
  const mine = tokens.get(app) ?? new Map<string, string>();
  tokens.set(app, mine);
  if (as && !mine.has(as)) mine.set(as, (await app.inject({ method: 'POST', url: '/api/v1/dev/token', payload: { userId: as } })).json().token);
  return app.inject({ method, url: `/api/v1${url}`, headers: as ? { authorization: `Bearer ${mine.get(as)}` } : {}, ...(payload ? { payload } : {}) });
}
const slotsUrl = '/professionals/dr-lopez/slots?service=derm-consult&from=2026-12-14&to=2026-12-16';
const starts = async (app: FastifyInstance) => ((await call(app, 'GET', slotsUrl)).json().slots as Array<{ start: string }>).map((slot) => slot.start);

// A fixed sequence of pseudo-random choices, so a failure replays.
let seed = 7;
const random = (below: number) => {
  seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
  return seed % below;
};

describe('the slot cache', () => {
  it('answers as a fresh computation after every booking, cancellation, decision and rule change made on another replica', async () => {
    const patients = ['patient-ana', 'patient-ben', 'patient-chloe'];
    const booked: string[] = [];
    for (let step = 0; step < 24; step += 1) {
      const before = await starts(cachedA);
      expect(await starts(cachedA)).toEqual(before); // served from the cache now
      const action = random(4);
      if (action <= 1 || booked.length === 0) {
        const start = before[random(before.length)]!;
        const response = await call(cachedB, 'POST', '/appointments', patients[random(3)], {
          professionalId: 'dr-lopez', serviceId: 'derm-consult', start, intake: { reason: `Step ${step}`, date_of_birth: '1990-01-01' },
        });
        expect(response.statusCode, response.body).toBe(201);
        booked.push(response.json().id);
        expect(await starts(cachedA)).not.toContain(start);
      } else if (action === 2) {
        const id = booked.splice(random(booked.length), 1)[0]!;
        const decision = random(2) === 0 ? 'decline' : 'approve';
        expect((await call(cachedB, 'POST', `/appointments/${id}/${decision}`, 'dr-lopez', decision === 'decline' ? { reason: 'Full' } : {})).statusCode).toBe(200);
        if (decision === 'approve') booked.push(id);
      } else {
        // Close or reopen a day through the availability editor.
        const current = (await call(cachedB, 'GET', '/professionals/dr-lopez/availability')).json();
        const closed = current.exceptions.some((exception: { date: string }) => exception.date === '2026-12-15');
        const exceptions = closed ? [] : [{ date: '2026-12-15', closed: true, reason: 'Training' }];
        expect((await call(cachedB, 'PUT', '/professionals/dr-lopez/availability', 'admin-sam', { weekly: current.weekly, exceptions })).statusCode).toBe(200);
      }
      expect(await starts(cachedA)).toEqual(await starts(uncached));
    }
    // The cache was really used, not bypassed.
    expect(cache.hits).toBeGreaterThan(24);
  });
});
