import fp from 'fastify-plugin';

export interface ReadinessCheck {
  name: string;
  check: () => Promise<void>;
}

/**
 * Liveness and readiness. `/health` says the process answers; `/ready` says
 * every dependency it needs answers too, and names the ones that do not.
 */
export const healthRoutes = fp<{ checks: ReadinessCheck[] }>(
  async (app, { checks }) => {
    app.get('/health', { schema: { hide: true } }, async () => ({ status: 'ok' }));
    app.get('/ready', { schema: { hide: true } }, async (_request, reply) => {
      const results = await Promise.all(
        checks.map(async ({ name, check }) => {
          try {
            await withTimeout(check(), 2_000);
            return { name, ok: true as const };
          } catch (error) {
            return { name, ok: false as const, error: error instanceof Error ? error.message : String(error) };
          }
        }),
      );
      const failing = results.filter((result) => !result.ok);
      const dependencies = Object.fromEntries(results.map((result) => [result.name, result.ok ? 'ok' : 'failing']));
      if (failing.length > 0) {
        return reply.status(503).send({
          status: 'unavailable',
          code: 'dependency_unavailable',
          message: `Not ready: ${failing.map((result) => result.name).join(', ')} unreachable.`,
          dependencies,
        });
      }
      return { status: 'ready', dependencies };
    });
  },
  { name: 'health-routes' },
);

function withTimeout<T>(promise: Promise<T>, milliseconds: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer within ${milliseconds} ms`)), milliseconds);
    promise.then(
      (value) => (clearTimeout(timer), resolve(value)),
      (error) => (clearTimeout(timer), reject(error)),
    );
  });
}
