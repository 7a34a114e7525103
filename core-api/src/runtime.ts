import path from 'node:path';
import type { Logger } from 'pino';
import { Redis } from 'ioredis';
import { redactUrl, type Config } from './platform/config';
import { StartupError } from './platform/startup-error';
import { clockFromConfig, type Clock } from './platform/clock';
import { openDatabase, type Database } from './platform/database/open-database';
import { migrateDatabase } from './platform/database/migrate';
import { createJobQueue } from './platform/queue/create-job-queue';
import type { JobQueue } from './platform/queue/job-queue';
import { instrumentJobQueue } from './platform/queue/instrumented-job-queue';
import { createMetrics, type Metrics, type ProcessKind } from './platform/metrics';
import type { ReadinessCheck } from './modules/monitoring/health-routes';
import { allMigrations } from './migrations';
import { isDatabaseEmpty, loadSeed } from './seed/load-seed';
import { readSeedFile } from './seed/parse-seed';

/** The engines a core-api process runs on, opened once and shared by every module. */
export interface CoreRuntime {
  database: Database;
  queue: JobQueue;
  clock: Clock;
  readinessChecks: ReadinessCheck[];
  /** This process's Prometheus metrics; the queue above already reports into them. */
  metrics: Metrics;
  /** The Redis connection when REDIS_URL is set (rate-limit counters); the queue opens its own. */
  redis?: Redis;
  close(): Promise<void>;
}

export interface StartRuntimeOptions {
  config: Config;
  logger: Pick<Logger, 'info' | 'warn'>;
  /** Load the seed into an empty database (the default of `npm start`). */
  seedWhenEmpty?: boolean;
  /** What this process runs (its metrics are labelled with it); `all` for `npm start`. */
  kind?: ProcessKind;
}

/**
 * Opens the database (PGlite under DATA_DIR without DATABASE_URL), migrates
 * it, loads the seed on first start, and opens the job queue.
 */
export async function startCoreRuntime({ config, logger, seedWhenEmpty = true, kind = 'all' }: StartRuntimeOptions): Promise<CoreRuntime> {
  const database = await openDatabase({
    url: config.DATABASE_URL,
    dataDirectory: path.join(config.DATA_DIR, 'pglite'),
    poolSize: config.DATABASE_POOL_SIZE,
    poolWaitMs: config.DATABASE_POOL_WAIT_MS,
  });
  try {
    const applied = await migrateDatabase(database, allMigrations);
    if (applied.length > 0) logger.info({ migrations: applied.length }, 'database migrated');
    if (seedWhenEmpty && (await isDatabaseEmpty(database.pool))) {
      await loadSeed(database.pool, readSeedFile(config.SEED_FILE), { now: clockFromConfig(config.FIXED_NOW).now() });
      logger.info('seed loaded into the empty database');
    }
    if (!database.hasVector) logger.warn('pgvector is not installed: knowledge search runs without a vector index');
  } catch (error) {
    await database.close().catch(() => undefined);
    throw error;
  }

  try {
    return await attachRuntime(database, config, kind);
  } catch (error) {
    await database.close().catch(() => undefined);
    throw error;
  }
}

/**
 * Adds the queue, the clock and the readiness checks to an open, migrated
 * database. Tests call it on their own database.
 */
export async function attachRuntime(
  database: Database,
  config: Pick<Config, 'REDIS_URL' | 'FIXED_NOW' | 'QUEUE_PREFIX'>,
  kind: ProcessKind = 'all',
): Promise<CoreRuntime> {
  const metrics = createMetrics(kind);
  const readinessChecks: ReadinessCheck[] = [
    { name: 'database', check: async () => void (await database.pool.query('SELECT 1')) },
  ];
  let redis: Redis | undefined;
  if (config.REDIS_URL) {
    redis = new Redis(config.REDIS_URL, {
      lazyConnect: true,
      maxRetriesPerRequest: 1,
      enableOfflineQueue: false,
      connectTimeout: 5_000,
      retryStrategy: (times) => Math.min(times * 200, 2_000),
    });
    redis.on('error', () => undefined);
    try {
      await redis.connect();
    } catch (error) {
      redis.disconnect();
      throw new StartupError(`Cannot reach Redis at ${redactUrl(config.REDIS_URL)}: ${(error as Error).message}`);
    }
    const client = redis;
    readinessChecks.push({ name: 'redis', check: async () => void (await client.ping()) });
  }

  const queue = instrumentJobQueue(createJobQueue({ redisUrl: config.REDIS_URL, pool: database.pool, prefix: config.QUEUE_PREFIX }), metrics);
  return {
    database,
    queue,
    metrics,
    clock: clockFromConfig(config.FIXED_NOW),
    readinessChecks,
    redis,
    async close() {
      await queue.close();
      redis?.disconnect();
      await database.close();
    },
  };
}
