/**
 * Work that must not overlap per key (one conversation, one phone number):
 * each task starts when the key's previous one has settled, whatever its
 * outcome, and keys never wait for each other. In process only: across
 * replicas the order is the transport's.
 */
export function createKeyedQueue() {
  const tails = new Map<string, Promise<void>>();
  return {
    /** The work's own promise comes back; the queue itself never rejects, so one failure stops nothing. */
    enqueue(key: string, work: () => Promise<void>): Promise<void> {
      const next = (tails.get(key) ?? Promise.resolve()).then(work);
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
