import { createPatientFiles } from '../documents/patient-files';
import { createDocumentLinks, documentLinkRoutes } from './document-links';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { createCoreApiClient, unwrap } from '@consulta/core-api/client';
import { loadOrCreateSecret, type Config, type CoreRuntime } from '@consulta/core-api';
import { createWebchatChannel, type WebchatChannel } from '@consulta/channels';
import type { Assistant } from '../assistant/assistant';
import type { BotConfig } from '../bot-config';
import { webchatPageRoutes } from './webchat-page-routes';
import { webchatVerificationRoutes } from './webchat-verification-routes';

export const webchatPageDirectory = path.resolve(import.meta.dirname, '../../../channels/webchat-page/dist');

/**
 * Direct Line at `/v3/directline` with the assistant behind it, the
 * patient's page at `/`, and the page's "verify it's me" routes. In AUTH_MODE=dev the page offers the seed patients
 * and a Direct Line secret is made under DATA_DIR when none is configured.
 */
export async function mountWebchat(
  app: FastifyInstance,
  context: {
    config: Config; botConfig: BotConfig; runtime: CoreRuntime; assistant: Assistant; coreApi: { baseUrl: string; fetch?: typeof fetch };
    serviceToken: () => Promise<string>;
  },
): Promise<WebchatChannel> {
  const { config, botConfig, runtime, assistant } = context;
  const devMode = config.AUTH_MODE === 'dev';
  const secret =
    botConfig.DIRECTLINE_SECRET ??
    (devMode
      ? loadOrCreateSecret(config.NODE_ENV === 'test' ? undefined : path.join(config.DATA_DIR, 'directline-secret'))
      : missing('DIRECTLINE_SECRET'));
  // Files sent in the chat go to the patient's documents (a photo of an insurance card is read and its number offered).
  const files = createPatientFiles({ coreApi: context.coreApi, serviceToken: context.serviceToken, log: app.log });
  const links = createDocumentLinks({ secret });
  await app.register(documentLinkRoutes, { links, coreApi: context.coreApi, serviceToken: context.serviceToken });
  const channel = await createWebchatChannel({
    pool: runtime.database.pool,
    redis: runtime.redis,
    secret,
    tokenTtlSeconds: botConfig.DIRECTLINE_TOKEN_TTL_SECONDS,
    // The turn options carry onPartial: the reply grows in Web Chat's bubble as the model writes it.
    handleTurn: async (message, turnOptions) => (await files.answer(message)) ?? assistant.handleTurn(message, turnOptions),
    handleMedia: (media) => files.handleMedia(media),
    documentLink: (userId, documentId) => links.link(userId, documentId),
    welcome: (locale) => assistant.greeting(locale),
    log: app.log,
    limits: { activitiesPerMinute: botConfig.WEBCHAT_MESSAGES_PER_MINUTE },
    maxConcurrentTurns: botConfig.CHANNEL_MAX_CONCURRENT_TURNS,
  });
  await app.register(channel.routes, { prefix: '/v3/directline', ...channel.routeOptions });

  const coreApi = createCoreApiClient(context.coreApi);
  await app.register(webchatPageRoutes, {
    channel,
    organizationName: () => assistant.organizationName(),
    devPatients: devMode
      ? async () => (await unwrap(coreApi.GET('/api/v1/dev/users', { params: { query: { role: 'patient' } } }))).map(({ id, name }) => ({ id, name }))
      : undefined,
    pageDirectory: webchatPageDirectory,
  });
  await app.register(webchatVerificationRoutes, {
    channel,
    coreApi,
    serviceToken: context.serviceToken,
    onVerified: (userId) => assistant.forgetSender('webchat', userId),
  });
  app.addHook('onClose', async () => channel.close());
  return channel;
}

function missing(name: string): never {
  throw new Error(`${name} is required when AUTH_MODE is not dev`);
}
