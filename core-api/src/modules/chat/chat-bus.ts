import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { Redis } from 'ioredis';
import type { ChatEvent } from './chat-events';

export type ChatEventListener = (event: ChatEvent) => void;

/** Who is connected: counted per process, and across processes through Redis when there is one. */
export interface PresenceStore {
  /** Counts one more socket of the user; true when the user was connected nowhere before. */
  connect(userId: string): Promise<boolean>;
  /** Counts one socket less; true when the user is now connected nowhere. */
  disconnect(userId: string): Promise<boolean>;
  /** Which of these users have a socket open somewhere. */
  online(userIds: string[]): Promise<Set<string>>;
}

/**
 * Carries chat events to the sockets of every replica. Topics are
 * `conversation:<id>` (its participants' sockets) and `user:<id>` (one
 * person's sockets, e.g. to learn of a conversation they were added to). The
 * rows are in the database; the bus carries only the push.
 */
export interface ChatBus {
  publish(topic: string, event: ChatEvent): Promise<void>;
  subscribe(topic: string, listener: ChatEventListener): () => void;
  presence: PresenceStore;
  close(): Promise<void>;
}

export const conversationTopic = (conversationId: string) => `conversation:${conversationId}`;
export const userTopic = (userId: string) => `user:${userId}`;

function createLocalPresence(): PresenceStore & { counts: Map<string, number> } {
  const counts = new Map<string, number>();
  return {
    counts,
    async connect(userId) {
      const before = counts.get(userId) ?? 0;
      counts.set(userId, before + 1);
      return before === 0;
    },
    async disconnect(userId) {
      const left = (counts.get(userId) ?? 1) - 1;
      if (left > 0) counts.set(userId, left);
      else counts.delete(userId);
      return left <= 0;
    },
    async online(userIds) {
      return new Set(userIds.filter((userId) => counts.has(userId)));
    },
  };
}

/** One process: an event emitter and a count of sockets per user (the embedded default, and tests). */
export function createLocalChatBus(): ChatBus {
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  return {
    async publish(topic, event) {
      emitter.emit(topic, event);
    },
    subscribe(topic, listener) {
      emitter.on(topic, listener);
      return () => emitter.off(topic, listener);
    },
    presence: createLocalPresence(),
    async close() {
      emitter.removeAllListeners();
    },
  };
}

/** How long a replica's claim that a user is connected lasts without being renewed (a crashed replica's claims lapse). */
const presenceLeaseMs = 60_000;

/**
 * Redis pub/sub across replicas: one subscribed connection per process (a
 * duplicate of the host's, since a subscribed connection can do nothing
 * else), fanned out locally. Presence is a sorted set per user of the
 * replicas holding a socket of theirs, scored by when the claim lapses and
 * renewed while the socket lives.
 */
export async function createRedisChatBus(connection: Redis, options: { prefix: string; now?: () => number }): Promise<ChatBus> {
  const now = options.now ?? Date.now;
  const channel = `${options.prefix}:chat:events`;
  const presenceKey = (userId: string) => `${options.prefix}:chat:presence:${userId}`;
  const replicaId = randomBytes(8).toString('hex');
  const local = createLocalChatBus();
  const counts = createLocalPresence();

  const subscriber = connection.duplicate({ lazyConnect: true, enableOfflineQueue: true });
  subscriber.on('error', () => undefined);
  await subscriber.connect();
  subscriber.on('message', (_channel: string, message: string) => {
    const { topic, event } = JSON.parse(message) as { topic: string; event: ChatEvent };
    void local.publish(topic, event);
  });
  await subscriber.subscribe(channel);

  const claim = (userIds: string[]) => {
    if (userIds.length === 0) return Promise.resolve();
    const pipeline = connection.pipeline();
    for (const userId of userIds) pipeline.zadd(presenceKey(userId), now() + presenceLeaseMs, replicaId).pexpire(presenceKey(userId), presenceLeaseMs * 2);
    return pipeline.exec().then(() => undefined);
  };
  const renewal = setInterval(() => void claim([...counts.counts.keys()]).catch(() => undefined), presenceLeaseMs / 3);
  renewal.unref();
  const connectedElsewhere = async (userId: string) => (await connection.zcount(presenceKey(userId), now(), '+inf')) > 0;

  return {
    async publish(topic, event) {
      await connection.publish(channel, JSON.stringify({ topic, event }));
    },
    subscribe: local.subscribe,
    presence: {
      async connect(userId) {
        const first = await counts.connect(userId);
        if (!first) return false;
        const before = await connectedElsewhere(userId);
        await claim([userId]);
        return !before;
      },
      async disconnect(userId) {
        if (!(await counts.disconnect(userId))) return false;
        await connection.zrem(presenceKey(userId), replicaId);
        return !(await connectedElsewhere(userId));
      },
      async online(userIds) {
        if (userIds.length === 0) return new Set();
        const pipeline = connection.pipeline();
        for (const userId of userIds) pipeline.zcount(presenceKey(userId), now(), '+inf');
        const results = (await pipeline.exec()) ?? [];
        return new Set(userIds.filter((_, index) => Number(results[index]?.[1] ?? 0) > 0));
      },
    },
    async close() {
      clearInterval(renewal);
      const held = [...counts.counts.keys()];
      if (held.length > 0) {
        const pipeline = connection.pipeline();
        for (const userId of held) pipeline.zrem(presenceKey(userId), replicaId);
        await pipeline.exec().catch(() => undefined);
      }
      await local.close();
      subscriber.disconnect();
    },
  };
}
