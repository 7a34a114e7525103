import type { FastifyInstance } from 'fastify';

/**
 * A `fetch` that hands requests to a Fastify app in the same process, without
 * a socket. The embedded default uses it so the bot still talks to core-api
 * only through its HTTP contract, at in-process cost.
 */
export function createInjectFetch(app: FastifyInstance): typeof fetch {
  return (async (input: Parameters<typeof fetch>[0], init?: RequestInit) => {
    const request = new Request(input, init);
    const url = new URL(request.url);
    const body = request.body ? Buffer.from(await request.arrayBuffer()) : undefined;
    const response = await app.inject({
      method: request.method as 'GET',
      url: url.pathname + url.search,
      headers: Object.fromEntries(request.headers.entries()),
      ...(body ? { payload: body } : {}),
    });
    const headers = new Headers();
    for (const [name, value] of Object.entries(response.headers)) {
      if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : String(value));
    }
    const status = response.statusCode;
    return new Response(status === 204 || status === 304 ? null : new Uint8Array(response.rawPayload), { status, headers });
  }) as typeof fetch;
}
