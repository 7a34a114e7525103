import type { Redis } from 'ioredis';

/** Cached slot lists, keyed by everything that decides them (see `slotsFor`). */
export interface SlotCache {
  get(key: string): Promise<string | null>;
  set(key: string, value: string): Promise<void>;
}

/**
 * Slot lists in Redis for `ttlSeconds`, shared by every replica. Keys carry the
 * professional's slot version, so nothing is ever deleted to invalidate: a
 * change bumps the version and the old entries expire unread.
 */
export function createRedisSlotCache(redis: Redis, options: { prefix: string; ttlSeconds?: number }): SlotCache {
  const ttl = options.ttlSeconds ?? 60;
  const keyOf = (key: string) => `${options.prefix}:slots:${key}`;
  return {
    async get(key) {
      // A cache that cannot answer is a miss, never an error: the database still can.
      return redis.get(keyOf(key)).catch(() => null);
    },
    async set(key, value) {
      await redis.set(keyOf(key), value, 'EX', ttl).catch(() => undefined);
    },
  };
}
