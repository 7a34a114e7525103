import { Queue, Worker, type ConnectionOptions } from 'bullmq';
import { Redis } from 'ioredis';
import { defaultAttempts, defaultBackoff, type JobQueue, type JobOptions, type JobHandler, type WorkOptions } from './job-queue';

export interface BullmqJobQueueOptions {
  redisUrl: string;
  /** Key prefix, so that tests and deployments sharing one Redis do not meet. */
  prefix?: string;
}

/**
 * The contract on BullMQ. Completed jobs are kept for a week so that a
 * replayed job id within that time is still recognised and ignored.
 *
 * @example
 * const queue = createBullmqJobQueue({ redisUrl: 'redis://127.0.0.1:6379' });
 */
export function createBullmqJobQueue(options: BullmqJobQueueOptions): JobQueue {
  const prefix = options.prefix ?? 'consulta';
  const connection = new Redis(options.redisUrl, { maxRetriesPerRequest: null, lazyConnect: false });
  const workerConnections: Redis[] = [];
  const queues = new Map<string, Queue>();
  const workers: Worker[] = [];

  const queueFor = (name: string): Queue => {
    let queue = queues.get(name);
    if (!queue) {
      queue = new Queue(name, { connection: connection as unknown as ConnectionOptions, prefix });
      queues.set(name, queue);
    }
    return queue;
  };

  return {
    kind: 'bullmq',
    async add<Data>(queue: string, name: string, data: Data, jobOptions: JobOptions = {}) {
      const backoff = jobOptions.backoff ?? defaultBackoff;
      const job = await queueFor(queue).add(name, data, {
        // BullMQ reserves ':' in ids.
        jobId: jobOptions.jobId?.replaceAll(':', '|'),
        delay: jobOptions.delayMs,
        attempts: jobOptions.attempts ?? defaultAttempts,
        backoff: { type: backoff.type, delay: backoff.delayMs },
        removeOnComplete: jobOptions.discardWhenDone ? true : { age: 7 * 24 * 3600 },
        removeOnFail: jobOptions.discardWhenDone ?? false,
      });
      return job.id!;
    },
    work<Data>(queue: string, handler: JobHandler<Data>, workOptions: WorkOptions = {}) {
      // Workers block on Redis, so each needs its own connection; BullMQ leaves a connection it was given open.
      const workerConnection = connection.duplicate();
      workerConnections.push(workerConnection);
      const worker = new Worker(
        queue,
        async (job) => handler({ id: job.id!, name: job.name, data: job.data as Data, attempt: job.attemptsMade + 1, maxAttempts: job.opts.attempts ?? 1 }),
        {
          connection: workerConnection as unknown as ConnectionOptions,
          prefix,
          concurrency: workOptions.concurrency ?? 1,
        },
      );
      worker.on('error', () => undefined);
      workers.push(worker);
    },
    async failed(queue: string) {
      const jobs = await queueFor(queue).getFailed();
      return jobs.map((job) => ({ id: job.id!, name: job.name, error: job.failedReason }));
    },
    async retry(queue: string, jobId: string) {
      const job = await queueFor(queue).getJob(jobId.replaceAll(':', '|'));
      if (!job || !(await job.isFailed())) return false;
      await job.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true });
      return true;
    },
    async counts(queue: string) {
      const counts = await queueFor(queue).getJobCounts('waiting', 'prioritized', 'delayed', 'active', 'failed');
      return { waiting: (counts.waiting ?? 0) + (counts.prioritized ?? 0), delayed: counts.delayed ?? 0, active: counts.active ?? 0, failed: counts.failed ?? 0 };
    },
    async close() {
      // Worker.close waits for the jobs it is running to finish.
      await Promise.all(workers.map((worker) => worker.close()));
      await Promise.all(workerConnections.map((workerConnection) => workerConnection.quit().catch(() => undefined)));
      await Promise.all([...queues.values()].map((queue) => queue.close()));
      await connection.quit().catch(() => undefined);
    },
  };
}
