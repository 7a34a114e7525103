import type { FastifyInstance } from 'fastify';
import { Type, type Static } from 'typebox';
import { AdminError, type SessionCookies } from './admin-session';
import type { EvalRunLauncher } from './eval-run-launcher';
import type { PromptVersionReader } from './prompt-version-reader';

const key = { minLength: 1, maxLength: 100, pattern: '^[a-z0-9-]+$' };
export const StartEvalRunBody = Type.Object(
  {
    tags: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 60, pattern: '^[a-z0-9-]+$' }), { maxItems: 20 })),
    prompt: Type.Optional(
      Type.Object(
        { promptId: Type.String(key), domain: Type.String(key), locale: Type.String({ pattern: '^[a-z]{2}(-[A-Z]{2})?$' }), version: Type.Integer({ minimum: 0 }) },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);

/** `GET|POST /admin/evals/runs`: the eval runs, and a new one with a chosen prompt version (admins). */
export function evalRunRoutes(app: FastifyInstance, options: { cookies: SessionCookies; launcher: EvalRunLauncher; readVersion: PromptVersionReader }): void {
  const requireAdmin = (request: Parameters<SessionCookies['require']>[0]) => {
    const session = options.cookies.require(request);
    if (session.user.role !== 'admin') throw new AdminError(403, 'admins_only', 'Only admins run the evals.');
    return session;
  };

  app.get('/admin/evals/runs', async (request) => {
    requireAdmin(request);
    return options.launcher.list();
  });

  app.post<{ Body: Static<typeof StartEvalRunBody> }>(
    '/admin/evals/runs',
    { schema: { body: StartEvalRunBody }, onRequest: app.csrfProtection },
    async (request, reply) => {
      const session = requireAdmin(request);
      const { tags, prompt } = request.body;
      const chosen = prompt ? await options.readVersion(session.token, prompt) : undefined;
      const started = options.launcher.start({ tags, prompt: prompt && chosen ? { ...prompt, ...chosen } : undefined });
      return reply.status(202).send(started);
    },
  );
}
