/**
 * Work that must not overlap per key (one conversation, one phone number):
 * each task starts when the key's previous one has settled, whatever its
 * outcome, and keys never wait for each other, up to `maxRunning` tasks at
 * once across keys. The cap keeps a burst from flooding the process with
 * turns, so webhooks are still acknowledged at once while the backlog waits
 * here. In process only: across replicas the order is the transport's.
 */
export function createKeyedQueue(options: { maxRunning?: number } = {}) {
  const maxRunning = options.maxRunning ?? Number.POSITIVE_INFINITY;
  const tails = new Map<string, Promise<void>>();
  const waiting: Array<() => void> = [];
  let running = 0;

  async function slot<T>(work: () => Promise<T>): Promise<T> {
    if (running >= maxRunning) await new Promise<void>((resolve) => waiting.push(resolve));
    running += 1;
    try {
      return await work();
    } finally {
      running -= 1;
      waiting.shift()?.();
    }
  }

  return {
    /** The work's own promise comes back; the queue itself never rejects, so one failure stops nothing. */
    enqueue<T>(key: string, work: () => Promise<T>): Promise<T> {
      const next = (tails.get(key) ?? Promise.resolve()).then(() => slot(work));
      const settled = next.then(
        () => undefined,
        () => undefined,
      );
      tails.set(key, settled);
      void settled.then(() => {
        if (tails.get(key) === settled) tails.delete(key);
      });
      return next;
    },
    /** Resolves when every key's current work is done (tests, shutdown). */
    async idle(): Promise<void> {
      while (tails.size > 0) await Promise.allSettled([...tails.values()]);
    },
  };
}
