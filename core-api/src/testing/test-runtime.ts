import { randomBytes } from 'node:crypto';
import { loadConfig, type Config } from '../platform/config';
import { attachRuntime, type CoreRuntime } from '../runtime';
import { createTestDatabase, type TestDatabaseOptions } from './test-database';

export interface TestRuntime extends CoreRuntime {
  config: Config;
}

/**
 * A runtime on a fresh test database, with the queue on Redis when REDIS_URL
 * is set (under a key prefix of its own) and the clock frozen at `now`.
 *
 * @example
 * const runtime = await createTestRuntime({ now: '2026-12-01T09:00:00Z' });
 */
export async function createTestRuntime(
  options: TestDatabaseOptions & { now?: string; environment?: Record<string, string> } = {},
): Promise<TestRuntime> {
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    AUTH_MODE: 'dev',
    REDIS_URL: process.env.REDIS_URL ?? '',
    DATABASE_URL: process.env.DATABASE_URL ?? '',
    FIXED_NOW: options.now ?? '2026-12-01T09:00:00Z',
    QUEUE_PREFIX: `test-${randomBytes(5).toString('hex')}`,
    ...options.environment,
  });
  const database = await createTestDatabase({ ...options, now: config.FIXED_NOW });
  try {
    const runtime = await attachRuntime(database, config);
    return { ...runtime, config };
  } catch (error) {
    await database.close();
    throw error;
  }
}
