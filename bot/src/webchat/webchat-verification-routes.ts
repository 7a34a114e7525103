import type { FastifyPluginAsync } from 'fastify';
import rateLimit from '@fastify/rate-limit';
import { Type, type Static } from 'typebox';
import type { CoreApiClient } from '@consulta/core-api/client';
import { ChannelError, type WebchatChannel } from '@consulta/channels';

export interface WebchatVerificationOptions {
  channel: Pick<WebchatChannel, 'grantOf'>;
  /** core-api, called with the bot's service token: only a channel service may start and confirm verifications. */
  coreApi: CoreApiClient;
  serviceToken: () => Promise<string>;
  /** The visitor is now a verified patient: the assistant must stop treating them as a visitor. */
  onVerified: (webchatUserId: string) => void;
}

const StartBody = Type.Object({ contact: Type.String({ minLength: 3, maxLength: 320 }) }, { additionalProperties: false });
const ConfirmBody = Type.Object({ code: Type.String({ pattern: '^\\s*\\d{6}\\s*$' }) }, { additionalProperties: false });
const ConfirmParams = Type.Object({ id: Type.String({ maxLength: 100 }) });

/**
 * The page's "verify it's me": a visitor gives the e-mail or phone on their
 * patient record, gets a one-time code there, and types it back; their web
 * chat identity is then bound to that patient. The Direct Line token is the
 * credential: it names the web chat user being verified.
 */
export const webchatVerificationRoutes: FastifyPluginAsync<WebchatVerificationOptions> = async (app, options) => {
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_request, context) => new ChannelError(429, 'rate_limited', `Too many requests; try again in ${context.after}.`),
  });
  const userOf = async (authorization: string | undefined) => {
    const token = /^Bearer (.+)$/i.exec(authorization ?? '')?.[1];
    if (!token) throw new ChannelError(401, 'token_missing', 'Send the Direct Line token as a bearer token.');
    return (await options.channel.grantOf(token)).userId;
  };
  const forward = async <T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> => {
    const { data, error, response } = await call;
    if (data !== undefined && response.ok) return data;
    const body = (error ?? {}) as { code?: string; message?: string };
    throw new ChannelError(response.status, body.code ?? 'verification_failed', body.message ?? `core-api answered ${response.status}`);
  };

  app.post<{ Body: Static<typeof StartBody> }>(
    '/webchat/verifications',
    { schema: { body: StartBody }, config: { rateLimit: { max: 10, timeWindow: 60_000 } } },
    async (request, reply) => {
      const userId = await userOf(request.headers.authorization);
      const started = await forward(
        options.coreApi.POST('/api/v1/channel-identities/verifications', {
          body: { channel: 'webchat', externalId: userId, contact: request.body.contact },
          headers: { authorization: `Bearer ${await options.serviceToken()}` },
        }),
      );
      return reply.status(202).send(started);
    },
  );

  app.post<{ Body: Static<typeof ConfirmBody>; Params: Static<typeof ConfirmParams> }>(
    '/webchat/verifications/:id/confirm',
    { schema: { body: ConfirmBody, params: ConfirmParams }, config: { rateLimit: { max: 20, timeWindow: 60_000 } } },
    async (request) => {
      const userId = await userOf(request.headers.authorization);
      await forward(
        options.coreApi.POST('/api/v1/channel-identities/verifications/{id}/confirm', {
          params: { path: { id: request.params.id } },
          body: { code: request.body.code, channel: 'webchat', externalId: userId },
          headers: { authorization: `Bearer ${await options.serviceToken()}` },
        }),
      );
      options.onVerified(userId);
      return { verified: true };
    },
  );
};
