import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { coreApi, type CoreServices } from '../../app';
import type { JobQueue } from '../../platform/queue/job-queue';
import { createTestRuntime, type TestRuntime } from '../../testing/test-runtime';
import { notificationWorkerConcurrency } from './notifications-module';

// What startWorkers asks of the queue: the engine's events and the deliveries, each with its concurrency.
let runtime: TestRuntime;
let app: ReturnType<typeof Fastify>;
let services: CoreServices;
const workers: Array<{ queue: string; concurrency: number | undefined }> = [];
beforeAll(async () => {
  runtime = await createTestRuntime();
  // Records the workers instead of starting them: nothing runs, only what was asked is kept.
  const queue: JobQueue = { ...runtime.queue, work: (name, _handler, options) => void workers.push({ queue: name, concurrency: options?.concurrency }) };
  app = Fastify({ logger: false });
  await app.register(coreApi, { prefix: '/api/v1', ...runtime, queue, onServices: (wired: CoreServices) => (services = wired) });
  await app.ready();
}, 60_000);
afterAll(async () => {
  await app?.close();
  await runtime?.close();
});

describe('notification workers', () => {
  it('run events and deliveries several at a time by default, and as many as they are told', () => {
    expect(notificationWorkerConcurrency.events).toBeGreaterThan(4);
    expect(notificationWorkerConcurrency.delivery).toBeGreaterThan(8);
    workers.length = 0;
    services.notifications.startWorkers();
    expect(workers).toEqual([
      { queue: 'events', concurrency: notificationWorkerConcurrency.events },
      { queue: 'notifications', concurrency: notificationWorkerConcurrency.delivery },
    ]);
    workers.length = 0;
    services.notifications.startWorkers({ concurrency: 3, eventConcurrency: 5 });
    expect(workers).toEqual([
      { queue: 'events', concurrency: 5 },
      { queue: 'notifications', concurrency: 3 },
    ]);
  });

  it('give the engine its own concurrency on its own queue when other subscribers share the events', () => {
    workers.length = 0;
    services.notifications.startWorkers({ eventConcurrency: 7, alongside: [{ name: 'documents', handle: async () => undefined, concurrency: 2 }] });
    expect(workers).toContainEqual({ queue: 'events-notifications', concurrency: 7 });
    expect(workers).toContainEqual({ queue: 'events-documents', concurrency: 2 });
  });
});
