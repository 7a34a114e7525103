import Fastify, { type FastifyInstance } from 'fastify';
import { coreApi, type CoreServices } from '../app';
import { installErrorHandler } from '../platform/http-errors';
import { createTestRuntime, type TestRuntime } from './test-runtime';

export interface TestApp {
  app: FastifyInstance;
  runtime: TestRuntime;
  /** The module services of this app, to drive sweeps and checks directly. */
  services: CoreServices;
  /** A dev-issuer token for a seed user. */
  tokenFor(userId: string): Promise<string>;
  /** Headers that authenticate as a seed user. */
  as(userId: string): Promise<{ authorization: string }>;
  close(): Promise<void>;
}

/**
 * core-api mounted at `/api/v1` on a fresh seeded database, for `inject` tests.
 *
 * @example
 * const test = await createTestApp();
 * const response = await test.app.inject({ url: '/api/v1/me', headers: await test.as('patient-ana') });
 */
export async function createTestApp(
  options: { now?: string; seed?: boolean; environment?: Record<string, string> } = {},
): Promise<TestApp> {
  const runtime = await createTestRuntime(options);
  const app = Fastify({ logger: false });
  installErrorHandler(app);
  let services: CoreServices | undefined;
  await app.register(coreApi, { prefix: '/api/v1', ...runtime, onServices: (wired) => (services = wired) });
  await app.ready();
  const tokenFor = async (userId: string) => {
    const response = await app.inject({ method: 'POST', url: '/api/v1/dev/token', payload: { userId } });
    if (response.statusCode !== 200) throw new Error(`no dev token for ${userId}: ${response.body}`);
    return response.json().token as string;
  };
  return {
    app,
    runtime,
    services: services!,
    tokenFor,
    as: async (userId) => ({ authorization: `Bearer ${await tokenFor(userId)}` }),
    async close() {
      await app.close();
      await runtime.close();
    },
  };
}
