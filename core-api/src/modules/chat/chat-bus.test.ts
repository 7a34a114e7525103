import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalChatBus, createRedisChatBus, type ChatBus } from './chat-bus';
import type { ChatEvent } from './chat-events';

// One contract, two buses: on Redis when REDIS_URL is set (two buses stand for two replicas), else in process.
let redis: Redis | undefined;
let replicas: [ChatBus, ChatBus];
let shared: ChatBus | undefined;

beforeAll(async () => {
  if (process.env.REDIS_URL) {
    redis = new Redis(process.env.REDIS_URL, { lazyConnect: true });
    await redis.connect();
    const prefix = `test-${randomBytes(5).toString('hex')}`;
    replicas = [await createRedisChatBus(redis, { prefix }), await createRedisChatBus(redis, { prefix })];
  } else {
    shared = createLocalChatBus();
    replicas = [shared, shared];
  }
});
afterAll(async () => {
  if (shared) await shared.close();
  else for (const bus of replicas ?? []) await bus.close();
  redis?.disconnect();
});

const typing = (conversationId: string): ChatEvent => ({ type: 'typing', conversationId, userId: 'dr-lopez', typing: true });
const received = (bus: ChatBus, topic: string) => {
  const events: ChatEvent[] = [];
  const unsubscribe = bus.subscribe(topic, (event) => events.push(event));
  return { events, unsubscribe };
};
const settle = () => new Promise((resolve) => setTimeout(resolve, 100));

describe('the chat bus', () => {
  it('carries an event published on one replica to the subscribers of its topic on every replica, and only those', async () => {
    const [first, second] = replicas;
    const here = received(first, 'conversation:a');
    const there = received(second, 'conversation:a');
    const elsewhere = received(second, 'conversation:b');
    await first.publish('conversation:a', typing('a'));
    await settle();
    expect(here.events).toEqual([typing('a')]);
    expect(there.events).toEqual([typing('a')]);
    expect(elsewhere.events).toEqual([]);
    there.unsubscribe();
    await first.publish('conversation:a', typing('a'));
    await settle();
    expect(there.events).toHaveLength(1);
    here.unsubscribe();
    elsewhere.unsubscribe();
  });

  it('counts a user online from the first socket anywhere until the last one closes', async () => {
    const [first, second] = replicas;
    const userId = `user-${randomBytes(4).toString('hex')}`;
    expect(await first.presence.connect(userId)).toBe(true);
    expect(await second.presence.connect(userId)).toBe(false);
    expect(await first.presence.connect(userId)).toBe(false);
    expect(await second.presence.online([userId, 'nobody'])).toEqual(new Set([userId]));
    expect(await first.presence.disconnect(userId)).toBe(false);
    expect(await first.presence.disconnect(userId)).toBe(false);
    expect(await second.presence.disconnect(userId)).toBe(true);
    expect(await first.presence.online([userId])).toEqual(new Set());
  });
});
