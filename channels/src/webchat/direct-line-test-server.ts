import Fastify, { type FastifyInstance } from 'fastify';
import type pg from 'pg';
import type { OutboundMessage, TurnHandler } from '../turn';
import { createWebchatChannel, type WebchatChannel, type WebchatChannelOptions } from './webchat-channel';

export interface DirectLineTestServer {
  app: FastifyInstance;
  channel: WebchatChannel;
  /** `http://127.0.0.1:port/v3/directline`, the client library's `domain`. */
  domain: string;
  secret: string;
  /** "METHOD /path" of every request, to tell which transport a client used. */
  requests: string[];
  close(): Promise<void>;
}

/** The channel on a real port, for Microsoft's client library and raw HTTP alike. */
export async function startDirectLineTestServer(options: {
  pool: pg.Pool;
  handleTurn: TurnHandler;
  welcome?: (locale: string | undefined) => Promise<OutboundMessage[]>;
  overrides?: Partial<WebchatChannelOptions>;
}): Promise<DirectLineTestServer> {
  const secret = 'test-directline-secret';
  const app = Fastify({ logger: false });
  const requests: string[] = [];
  app.addHook('onRequest', async (request) => {
    requests.push(`${request.method} ${request.url.split('?')[0]}`);
  });
  const channel = await createWebchatChannel({
    pool: options.pool,
    secret,
    handleTurn: options.handleTurn,
    welcome: options.welcome,
    log: app.log,
    typingEveryMs: 200,
    ...options.overrides,
  });
  await app.register(channel.routes, { prefix: '/v3/directline', ...channel.routeOptions });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address() as { port: number };
  return {
    app,
    channel,
    secret,
    requests,
    domain: `http://127.0.0.1:${address.port}/v3/directline`,
    async close() {
      await channel.close();
      await app.close();
    },
  };
}

/** A response body as the test expects it (untyped on purpose: the assertions check it). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const readJson = async (response: Response): Promise<any> => response.json();
