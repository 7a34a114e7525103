import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { ChannelError } from '../channel-error';
import { parseNotification, type WebhookNotification } from './whatsapp-webhook-payload';

export interface VerificationQuery {
  mode: string | undefined;
  token: string | undefined;
  challenge: string | undefined;
}

export interface WhatsappRoutesOptions {
  /** Resolves with the challenge to echo, or throws a ChannelError. */
  verifySubscription: (query: VerificationQuery) => Promise<string>;
  /** Throws a ChannelError when the body was not signed by Meta with the app secret. */
  checkSignature: (rawBody: Buffer, header: string | string[] | undefined) => void;
  /** Stores the messages (deduplicating) and statuses, and queues the messages; must not wait for replies. */
  received: (notification: WebhookNotification) => Promise<void>;
  bodyLimit?: number;
}

const jsonType = 'application/json';

const queryValue = (query: unknown, name: string) => {
  const value = (query as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' && value.length > 0 ? value : undefined;
};

/**
 * The Cloud API webhook: `GET /channels/whatsapp` answers Meta's
 * subscription check, `POST /channels/whatsapp` takes messages and statuses.
 * Register without a prefix: this is the callback URL configured at Meta.
 */
export const whatsappRoutes: FastifyPluginAsync<WhatsappRoutesOptions> = async (app, options) => {
  const bodyLimit = options.bodyLimit ?? 256 * 1024;
  // The signature covers the bytes as sent, so this plugin's scope keeps JSON bodies raw;
  // the host's own JSON parser is untouched outside it.
  if (app.hasContentTypeParser(jsonType)) app.removeContentTypeParser(jsonType);
  app.addContentTypeParser(jsonType, { parseAs: 'buffer', bodyLimit }, (_request, body, done) =>
    done(null, body),
  );

  // The query holds the verify token: not logged at info like other requests.
  app.get('/channels/whatsapp', { logLevel: 'warn' }, async (request, reply) => {
    const challenge = await options.verifySubscription({
      mode: queryValue(request.query, 'hub.mode'),
      token: queryValue(request.query, 'hub.verify_token'),
      challenge: queryValue(request.query, 'hub.challenge'),
    });
    return reply.type('text/plain; charset=utf-8').send(challenge);
  });

  app.post(
    '/channels/whatsapp',
    {
      bodyLimit,
      preHandler: async (request: FastifyRequest) => {
        if (!request.headers['content-type']?.toLowerCase().startsWith(jsonType)) {
          throw new ChannelError(415, 'unsupported_media_type', `WhatsApp webhooks are ${jsonType}.`);
        }
        const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
        options.checkSignature(raw, request.headers['x-hub-signature-256']);
      },
    },
    async (request, reply) => {
      let body: unknown;
      try {
        body = JSON.parse((request.body as Buffer).toString('utf8'));
      } catch {
        throw new ChannelError(400, 'invalid_json', 'The webhook body is not valid JSON.');
      }
      await options.received(parseNotification(body));
      return reply.code(200).send();
    },
  );
};
