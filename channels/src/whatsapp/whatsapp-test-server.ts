import Fastify, { type FastifyInstance } from 'fastify';
import type pg from 'pg';
import type { TurnHandler } from '../turn';
import { startFakeGraphApi, type FakeGraphApi, type FakeWhatsappMessage } from './fake-graph-api';
import {
  createWhatsappChannel,
  type WhatsappChannel,
  type WhatsappChannelOptions,
  type WhatsappConsent,
} from './whatsapp-channel';
import { whatsappSignature } from './whatsapp-webhook-auth';
import { notification, testWhatsappApp, textMessage, type MessageOptions } from './whatsapp-test-payloads';

/** Consent as the identity module would keep it, in memory, with what was recorded. */
export function createFakeConsent(): WhatsappConsent & {
  optedOut: Set<string>;
  recorded: Array<{ phone: string; keyword: 'stop' | 'start' }>;
} {
  const optedOut = new Set<string>();
  const recorded: Array<{ phone: string; keyword: 'stop' | 'start' }> = [];
  return {
    optedOut,
    recorded,
    async record(phone, keyword) {
      recorded.push({ phone, keyword });
      if (keyword === 'stop') optedOut.add(phone);
      else optedOut.delete(phone);
    },
    async isOptedOut(phone) {
      return optedOut.has(phone);
    },
  };
}

export interface WhatsappTestServer {
  app: FastifyInstance;
  channel: WhatsappChannel;
  graph: FakeGraphApi;
  consent: ReturnType<typeof createFakeConsent>;
  /** Where the server listens: `http://127.0.0.1:port`. */
  local: string;
  /** Every log line the channel and Fastify wrote. */
  logs: string[];
  /**
   * Posts a webhook body (an object is serialised; a string or Buffer goes as is), signed with the
   * app secret over exactly those bytes unless `signature` says otherwise (`null` for none).
   */
  post(body: unknown, options?: { signature?: string | null; contentType?: string }): Promise<Response>;
  /** A notification around these messages; resolves once the channel has acknowledged it. */
  deliver(...messages: Array<Record<string, unknown>>): Promise<Response>;
  /** A text from a number, then waits until the channel has answered it. */
  say(phone: string, text: string, options?: MessageOptions): Promise<void>;
  verify(query: Record<string, string>): Promise<Response>;
  /** What the Cloud API was asked to send to a number. */
  sentTo(phone: string): FakeWhatsappMessage[];
  /** The words of each message sent to a number: text body, interactive body or template name. */
  wordsTo(phone: string): string[];
  close(): Promise<void>;
}

/** The channel on a real port, with the Graph API faked on another. */
export async function startWhatsappTestServer(options: {
  pool: pg.Pool;
  handleTurn: TurnHandler;
  overrides?: Partial<WhatsappChannelOptions>;
}): Promise<WhatsappTestServer> {
  const graph = await startFakeGraphApi(testWhatsappApp);
  const consent = createFakeConsent();
  const logs: string[] = [];
  const app = Fastify({
    logger: { level: 'debug', stream: { write: (line: string) => void logs.push(line) } },
  });
  const channel = await createWhatsappChannel({
    pool: options.pool,
    handleTurn: options.handleTurn,
    consent,
    log: app.log,
    ...testWhatsappApp,
    graphBaseUrl: graph.baseUrl,
    apiVersion: 'v23.0',
    retryDelaysMs: [10, 20],
    ...options.overrides,
  });
  await app.register(channel.routes, channel.routeOptions);
  // Another JSON route of the host: the channel's raw-body parser must not reach it.
  app.post('/host/echo', async (request) => request.body);
  await app.listen({ host: '127.0.0.1', port: 0 });
  const local = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;

  const post: WhatsappTestServer['post'] = (body, postOptions = {}) => {
    const raw = typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body);
    const signature =
      postOptions.signature === undefined
        ? whatsappSignature(testWhatsappApp.appSecret, raw)
        : postOptions.signature;
    return fetch(`${local}/channels/whatsapp`, {
      method: 'POST',
      headers: {
        'content-type': postOptions.contentType ?? 'application/json',
        ...(signature === null ? {} : { 'x-hub-signature-256': signature }),
      },
      body: raw,
    });
  };
  const deliver: WhatsappTestServer['deliver'] = (...messages) => post(notification({ messages }));
  const sentTo = (phone: string) =>
    graph.messages.filter((message) => message.to === phone.replace(/^\+/, ''));

  return {
    app,
    channel,
    graph,
    consent,
    local,
    logs,
    post,
    deliver,
    async say(phone, text, messageOptions) {
      const response = await deliver(textMessage(phone, text, messageOptions));
      if (response.status !== 200) throw new Error(`webhook answered ${response.status}`);
      await channel.idle();
    },
    verify: (query) => fetch(`${local}/channels/whatsapp?${new URLSearchParams(query).toString()}`),
    sentTo,
    wordsTo: (phone) => sentTo(phone).map(words),
    async close() {
      await channel.close();
      await app.close();
      await graph.close();
    },
  };
}

function words(message: FakeWhatsappMessage): string {
  const body = message.body as {
    text?: { body: string };
    interactive?: { body: { text: string } };
    template?: { name: string };
  };
  return body.text?.body ?? body.interactive?.body.text ?? `template:${body.template?.name ?? ''}`;
}
