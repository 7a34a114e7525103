import { randomUUID } from 'node:crypto';
import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { coreApi, createNotificationSenderRegistry, healthRoutes, metricsRoutes, installErrorHandler, loggerOptions, type Config, type CoreRuntime } from '@consulta/core-api';
import { loadBotConfig, type BotConfig } from './bot-config';
import { coreApiConnection, createAssistantFromConfig, serviceTokenFromConfig } from './assistant/create-assistant-from-config';
import { mountSms } from './sms/mount-sms';
import { mountWhatsapp } from './whatsapp/mount-whatsapp';
import { mountWebchat } from './webchat/mount-webchat';
import { mountTeams, type MountedTeams } from './teams/mount-teams';
import { mountAdmin } from './admin/mount-admin';
import { createSmsNotificationSender, createWebchatNotificationSender, createWhatsappNotificationSender } from './notifications/channel-notification-senders';

export interface ServerDependencies {
  config: Config;
  runtime: CoreRuntime;
  /** The bot's own settings; read from the environment when not given. */
  botConfig?: BotConfig;
  /** Receives the mounted channels' handles (the Teams notification sender), for the host and tests. */
  onChannels?: (channels: { teams?: MountedTeams }) => void;
}

/**
 * The bot process: the one entry point of the embedded default. It mounts
 * core-api in-process (unless CORE_API_URL points elsewhere), the assistant,
 * and the channel routes (web chat and its page; SMS, WhatsApp and Teams when configured; Teams
 * without authentication in dev mode).
 */
export async function buildServer({ config, runtime, botConfig = loadBotConfig(process.env), onChannels }: ServerDependencies): Promise<FastifyInstance> {
  const app = Fastify({
    logger: loggerOptions(config.LOG_LEVEL),
    // Carry the caller's request id when it sends one, so logs line up across processes.
    requestIdHeader: 'x-request-id',
    genReqId: () => randomUUID(),
    bodyLimit: 1024 * 1024,
  });
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  installErrorHandler(app);
  await app.register(healthRoutes, { checks: runtime.readinessChecks });
  await app.register(metricsRoutes, { metrics: runtime.metrics, token: config.METRICS_TOKEN });
  // Filled as the channels mount below: core-api's notifications reach SMS, WhatsApp, web chat and Teams through it.
  const notificationSenders = createNotificationSenderRegistry();
  if (!config.CORE_API_URL) {
    await app.register(coreApi, {
      notificationSenders,
      prefix: '/api/v1',
      config,
      database: runtime.database,
      queue: runtime.queue,
      clock: runtime.clock,
      // Rate limits and chat events cross replicas through Redis when it is configured.
      redis: runtime.redis,
      metrics: runtime.metrics,
      backgroundWork: true,
      devIssuerKeyFile: config.NODE_ENV === 'test' ? undefined : path.join(config.DATA_DIR, 'dev-issuer-key.json'),
    });
  }
  const connection = coreApiConnection(config, app);
  // One token provider (and its cache) for the assistant and the channels' own calls to core-api.
  const serviceToken = serviceTokenFromConfig(config, botConfig, connection);
  const assistant = await createAssistantFromConfig({ config, botConfig, pool: runtime.database.pool, clock: runtime.clock, app, serviceToken, metrics: runtime.metrics });
  const webchat = await mountWebchat(app, { config, botConfig, runtime, assistant, coreApi: connection, serviceToken });
  notificationSenders.register(createWebchatNotificationSender(webchat));
  await mountAdmin(app, { config, botConfig, coreApi: connection });
  const channelContext = { botConfig, runtime, assistant, coreApi: connection, serviceToken };
  const sms = await mountSms(app, channelContext);
  if (sms) notificationSenders.register(createSmsNotificationSender(sms));
  const whatsapp = await mountWhatsapp(app, channelContext);
  if (whatsapp) notificationSenders.register(createWhatsappNotificationSender(whatsapp, { templateConfigured: Boolean(botConfig.WHATSAPP_REMINDER_TEMPLATE) }));
  const teams = await mountTeams(app, { ...channelContext, config });
  if (teams) notificationSenders.register(teams.sender);
  onChannels?.({ teams });
  return app;
}
