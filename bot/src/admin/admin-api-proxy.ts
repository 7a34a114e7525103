import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { SessionCookies, StoredSession } from './admin-session';

export interface ApiProxyOptions {
  cookies: SessionCookies;
  coreApi: { baseUrl: string; fetch?: typeof fetch };
  /** Renews a session whose token is about to expire, when it can (dev tokens); otherwise the session ends with its token. */
  renew?: (session: StoredSession) => Promise<StoredSession | undefined>;
  now: () => number;
  bodyLimit?: number;
}

const reads = new Set(['GET', 'HEAD']);
const passedToCoreApi = ['content-type', 'accept', 'accept-language', 'idempotency-key'];
const passedBack = ['content-type', 'content-disposition', 'retry-after', 'cache-control', 'x-next-cursor'];

/**
 * `/admin/api/v1/*` → core-api's `/api/v1/*` with the session's token: the
 * browser holds only the sealed cookie, never the token. Changes need the
 * CSRF token; core-api decides every permission as for any other caller.
 */
export async function apiProxy(app: FastifyInstance, options: ApiProxyOptions): Promise<void> {
  const send = options.coreApi.fetch ?? fetch;
  const base = options.coreApi.baseUrl.replace(/\/$/, '');

  // Bodies pass through as bytes: core-api validates them, this layer only relays.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: options.bodyLimit ?? 256 * 1024 }, (_request, body, done) => done(null, body));

  app.route({
    method: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
    url: '/admin/api/v1/*',
    onRequest: (request, reply, done) => (reads.has(request.method) ? done() : app.csrfProtection(request, reply, done)),
    handler: async (request, reply) => {
      const session = await currentSession(request, reply);
      const headers = new Headers({ authorization: `Bearer ${session.token}`, 'x-request-id': request.id });
      for (const name of passedToCoreApi) {
        const value = request.headers[name];
        if (typeof value === 'string') headers.set(name, value);
      }
      const body = Buffer.isBuffer(request.body) && request.body.length > 0 ? new Uint8Array(request.body) : undefined;
      const response = await send(`${base}${request.url.replace(/^\/admin\/api\/v1/, '/api/v1')}`, { method: request.method, headers, body });
      // core-api no longer takes the token (revoked, or an account changed): the session is over.
      if (response.status === 401) options.cookies.clear(reply);
      reply.status(response.status);
      for (const name of passedBack) {
        const value = response.headers.get(name);
        if (value) reply.header(name, value);
      }
      return reply.send(Buffer.from(await response.arrayBuffer()));
    },
  });

  async function currentSession(request: FastifyRequest, reply: FastifyReply): Promise<StoredSession> {
    const session = options.cookies.require(request);
    // Renew a couple of minutes early, so a request never reaches core-api with a token that expires on the way.
    if (options.renew && session.expiresAt - options.now() < 120_000) {
      const renewed = await options.renew(session);
      if (renewed) {
        options.cookies.write(reply, renewed);
        return renewed;
      }
    }
    return session;
  }
}
