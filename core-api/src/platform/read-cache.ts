import { performance } from 'node:perf_hooks';

export interface ReadCacheOptions {
  /** How long a value read from the database is reused. */
  ttlMs: number;
  /** Monotonic milliseconds; not the application clock, which FIXED_NOW freezes. */
  now?: () => number;
}

export interface ReadCache<V> {
  /** The cached value of `key`, or what `load` reads (kept only when found). */
  get(key: string, load: () => Promise<V | null>): Promise<V | null>;
  /** Drops one key, or everything; loads already running are not kept afterwards. */
  forget(key?: string): void;
}

/**
 * A short-lived cache of rows that change rarely and are read on every
 * booking (professionals, services, domains, weekly rules). The module that
 * writes them calls `forget` after its commit, so this process sees its own
 * changes at once; changes made elsewhere (another replica, `npm run seed`, a
 * DBA) are seen once `ttlMs` has passed. "Not found" is never cached, so a row
 * created elsewhere is found by the next read. Values are frozen: callers share
 * them, and a caller that changed one would change it for every later reader.
 */
export function createReadCache<V>(options: ReadCacheOptions): ReadCache<V> {
  const now = options.now ?? (() => performance.now());
  const entries = new Map<string, { value: V; expiresAt: number }>();
  // Bumped by every forget: a load that started before it may hold the old row and is not kept.
  let generation = 0;
  return {
    async get(key, load) {
      const entry = entries.get(key);
      if (entry && entry.expiresAt > now()) return entry.value;
      const startedIn = generation;
      const startedAt = now();
      const value = await load();
      if (value === null) entries.delete(key);
      else if (startedIn === generation) entries.set(key, { value: deepFreeze(value), expiresAt: startedAt + options.ttlMs });
      return value;
    },
    forget(key) {
      generation++;
      if (key === undefined) entries.clear();
      else entries.delete(key);
    },
  };
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}
