import { afterAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { createLocalActivityBus, createRedisActivityBus, type ActivityBus } from './activity-bus';

// Two replicas' buses: a push published on one reaches a stream held by the other. In-process that
// is one bus; with Redis (when REDIS_URL is set) two buses on two connections, as two processes have.
const opened: Array<{ close(): Promise<void> } | Redis> = [];
const implementations: Array<[string, () => Promise<[ActivityBus, ActivityBus]>]> = [
  ['in-process', async () => {
    const bus = createLocalActivityBus();
    return [bus, bus];
  }],
];
const redisUrl = process.env.REDIS_URL;
if (redisUrl) {
  implementations.push(['Redis pub/sub', async () => {
    // Like the runtime's connection: connected up front, no offline queue.
    const connect = async () => {
      const connection = new Redis(redisUrl, { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 1 });
      await connection.connect();
      opened.push(connection);
      return connection;
    };
    const buses = [await createRedisActivityBus(await connect()), await createRedisActivityBus(await connect())] as [ActivityBus, ActivityBus];
    opened.push(...buses);
    return buses;
  }]);
}
afterAll(async () => {
  for (const item of opened) await ('disconnect' in item ? item.disconnect() : item.close());
});

describe.each(implementations)('activity bus: %s', (_kind, create) => {
  it('delivers a conversation pushes to its subscribers only, until they unsubscribe', async () => {
    const [publisher, subscriber] = await create();
    const conversation = `c-${Math.random().toString(36).slice(2)}`;
    const seen: string[] = [];
    const other: string[] = [];
    const stop = subscriber.subscribe(conversation, (set) => seen.push(set.watermark ?? 'typing'));
    subscriber.subscribe(`${conversation}-other`, (set) => other.push(set.watermark ?? ''));
    await publisher.publish(conversation, { activities: [], watermark: '1' });
    await publisher.publish(conversation, { activities: [] });
    await expect.poll(() => seen, { timeout: 5_000 }).toEqual(['1', 'typing']);
    stop();
    await publisher.publish(conversation, { activities: [], watermark: '2' });
    await publisher.publish(`${conversation}-other`, { activities: [], watermark: '9' });
    await expect.poll(() => other, { timeout: 5_000 }).toEqual(['9']);
    expect(seen).toEqual(['1', 'typing']);
  });
});
