import { EventEmitter } from 'node:events';
import type { Redis } from 'ioredis';
import type { ActivitySet } from './activity';

export type ActivityListener = (set: ActivitySet) => void;

/**
 * Tells open streams that a conversation has news. The transcript itself is
 * in the database; the bus only carries the push, so a stream held by one
 * replica sees a reply written by another.
 */
export interface ActivityBus {
  publish(conversationId: string, set: ActivitySet): Promise<void>;
  subscribe(conversationId: string, listener: ActivityListener): () => void;
  close(): Promise<void>;
}

export function createLocalActivityBus(): ActivityBus {
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  return {
    async publish(conversationId, set) {
      emitter.emit(conversationId, set);
    },
    subscribe(conversationId, listener) {
      emitter.on(conversationId, listener);
      return () => emitter.off(conversationId, listener);
    },
    async close() {
      emitter.removeAllListeners();
    },
  };
}

const channel = 'consulta:webchat:activities';

/**
 * Redis pub/sub across replicas: one subscribed connection per process, fanned
 * out locally. `connection` is duplicated, because a subscribed connection can
 * do nothing else.
 */
export async function createRedisActivityBus(connection: Redis): Promise<ActivityBus> {
  const local = createLocalActivityBus();
  // Its own connection, connected before it subscribes: the host's may refuse to queue commands offline.
  const subscriber = connection.duplicate({ lazyConnect: true, enableOfflineQueue: true });
  subscriber.on('error', () => undefined);
  await subscriber.connect();
  subscriber.on('message', (_channel: string, message: string) => {
    const { conversationId, set } = JSON.parse(message) as { conversationId: string; set: ActivitySet };
    void local.publish(conversationId, set);
  });
  await subscriber.subscribe(channel);
  return {
    async publish(conversationId, set) {
      await connection.publish(channel, JSON.stringify({ conversationId, set }));
    },
    subscribe: local.subscribe,
    async close() {
      await local.close();
      subscriber.disconnect();
    },
  };
}
