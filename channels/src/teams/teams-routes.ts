import type { FastifyPluginAsync } from 'fastify';
import type { CloudAdapter, TurnContext } from 'botbuilder';

export interface TeamsRoutesOptions {
  adapter: CloudAdapter;
  logic: (context: TurnContext) => Promise<void>;
  bodyLimit?: number;
}

/**
 * What CloudAdapter.process writes its answer to, captured so Fastify sends it:
 * the adapter expects an Express/restify response (status, header, send, end).
 */
function capturedResponse() {
  const captured: { status: number; body: unknown; headers: Record<string, unknown> } = { status: 200, body: undefined, headers: {} };
  return {
    captured,
    response: {
      socket: undefined,
      status(code: number) {
        captured.status = code;
      },
      header(name: string, value: unknown) {
        captured.headers[name] = value;
      },
      send(body: unknown) {
        captured.body = body;
      },
      end() {},
    },
  };
}

/**
 * `POST /api/messages`, the Bot Framework messaging endpoint: the body as
 * Fastify parsed it goes to CloudAdapter, which authenticates it and runs the
 * bot's logic; its answer (an invoke's body, or 401 for a bad token) goes back.
 */
export const teamsRoutes: FastifyPluginAsync<TeamsRoutesOptions> = async (app, options) => {
  app.post('/api/messages', { bodyLimit: options.bodyLimit ?? 256 * 1024 }, async (request, reply) => {
    const { captured, response } = capturedResponse();
    await options.adapter.process(
      { body: request.body as Record<string, unknown>, headers: request.headers as Record<string, string>, method: request.method },
      response,
      options.logic,
    );
    if (captured.status === 401) return reply.code(401).send({ code: 'unauthorized', message: 'The Bot Framework token is missing or not valid.' });
    // The adapter answers a failed turn with the error's message; the caller learns nothing of the internals.
    if (captured.status >= 500) return reply.code(captured.status).send({ code: 'internal_error', message: 'The bot could not handle this activity.' });
    if (captured.body === undefined) return reply.code(captured.status).send();
    return reply.code(captured.status).send(captured.body);
  });
};
