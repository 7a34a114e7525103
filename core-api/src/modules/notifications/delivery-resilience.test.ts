import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJobQueue } from '../../platform/queue/create-job-queue';
import type { JobQueue } from '../../platform/queue/job-queue';
import { notificationsQueue, type DeliveryJob } from './notification-engine';
import { createNotificationsHarness, waitFor, type NotificationsHarness } from './notifications-test-harness';

// On BullMQ when REDIS_URL is set (CI), on the database queue otherwise: the same guarantee on both.
let test: NotificationsHarness;
beforeAll(async () => {
  test = await createNotificationsHarness();
}, 60_000);
afterAll(() => test?.close());

const workerProcess = (): JobQueue => {
  const queue = createJobQueue({ redisUrl: test.runtime.config.REDIS_URL, pool: test.runtime.database.pool, prefix: test.runtime.config.QUEUE_PREFIX });
  queue.work<DeliveryJob>(notificationsQueue, (job) => test.services.notifications.deliver(job), { concurrency: 4 });
  return queue;
};

describe('a delivery worker closed in the middle of a batch', () => {
  it('loses nothing and sends nothing twice once another worker takes over', async () => {
    const sends: string[] = [];
    // A provider that takes a moment, so the first worker is busy when it is told to stop.
    test.senders.webchat.send = async (notification) => {
      await new Promise((resolve) => setTimeout(resolve, 40));
      sends.push(notification.id);
      return { providerMessageId: `wc-${notification.id}` };
    };
    const count = 40;
    const ids: string[] = [];
    for (let index = 0; index < count; index += 1) {
      const record = await test.services.notifications.engine.notify({
        eventId: `batch-${index}`, eventType: 'waitlist.offered', templateEvent: 'waitlist.offered', recipient: { userId: 'patient-ben' }, appointmentId: null,
        data: { patientId: 'patient-ben', professionalId: 'dr-chen', start: '2026-12-03T14:00:00Z', expiresAt: '2026-12-01T09:30:00Z' },
      });
      ids.push(record!.id);
    }

    const first = workerProcess();
    await waitFor(async () => sends.length >= 8);
    await first.close(); // graceful: running jobs finish, nothing new starts
    const sentByFirst = sends.length;
    expect(sentByFirst).toBeLessThan(count);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(sends).toHaveLength(sentByFirst); // the closed worker took nothing more

    const second = workerProcess();
    try {
      await waitFor(async () => sends.length >= count, 20_000);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect([...sends].sort()).toEqual([...ids].sort()); // each exactly once
      const { rows } = await test.runtime.database.pool.query(
        `SELECT state, count(*)::int AS count FROM notifications.notifications WHERE event_id LIKE 'batch-%' GROUP BY state`,
      );
      expect(rows).toEqual([{ state: 'sent', count }]);
    } finally {
      await second.close();
    }
  }, 40_000);
});
