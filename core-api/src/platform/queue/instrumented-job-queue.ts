import type { Metrics } from '../metrics';
import type { JobHandler, JobQueue, WorkOptions } from './job-queue';

/**
 * The same queue, counting every try of every job by outcome and timing it,
 * and reporting the depth of each queue this process adds to or works on.
 */
export function instrumentJobQueue(queue: JobQueue, metrics: Metrics): JobQueue {
  const known = new Set<string>();
  metrics.watchQueues(async () => {
    const rows: Array<{ queue: string; state: string; count: number }> = [];
    for (const name of known) {
      const counts = await queue.counts(name);
      for (const [state, count] of Object.entries(counts)) rows.push({ queue: name, state, count });
    }
    return rows;
  });
  return {
    kind: queue.kind,
    add(name, jobName, data, options) {
      known.add(name);
      return queue.add(name, jobName, data, options);
    },
    work<Data>(name: string, handler: JobHandler<Data>, options?: WorkOptions) {
      known.add(name);
      queue.work<Data>(
        name,
        async (job) => {
          const stop = metrics.jobDuration.startTimer({ queue: name });
          try {
            await handler(job);
            metrics.jobs.inc({ queue: name, outcome: 'completed' });
          } catch (error) {
            metrics.jobs.inc({ queue: name, outcome: job.attempt >= job.maxAttempts ? 'dead' : 'failed' });
            throw error;
          } finally {
            stop();
          }
        },
        options,
      );
    },
    failed: (name) => queue.failed(name),
    retry: (name, jobId) => queue.retry(name, jobId),
    counts: (name) => queue.counts(name),
    close: () => queue.close(),
  };
}
