import type pg from 'pg';
import { createBullmqJobQueue } from './bullmq-job-queue';
import { createDatabaseJobQueue } from './database-job-queue';
import type { JobQueue } from './job-queue';

/** BullMQ when Redis is configured, otherwise the database-backed queue. */
export function createJobQueue(options: { redisUrl?: string; pool: pg.Pool; prefix?: string }): JobQueue {
  return options.redisUrl
    ? createBullmqJobQueue({ redisUrl: options.redisUrl, prefix: options.prefix })
    : createDatabaseJobQueue({ pool: options.pool });
}
