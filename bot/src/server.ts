import { randomUUID } from 'node:crypto';
import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { ConfigError, createTraceContext, coreApi, createNotificationSenderRegistry, healthRoutes, metricsRoutes, installErrorHandler, loggerOptions, type Config, type CoreRuntime, type ProcessKind, type Telemetry } from '@consulta/core-api';
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
  /**
   * What this process runs: `all` (the embedded default: everything), `api` (core-api serving
   * requests, no background work), `bot` (assistant and channels, with core-api at CORE_API_URL) or
   * `worker` (core-api's background work: outbox relay, sweeps, notification delivery, documents,
   * indexing). Kinds that mount core-api mount the channels too, because core-api sends through
   * them (one-time codes from `api`, notifications from `worker`); ingress routes each path to one kind.
   */
  kind?: ProcessKind;
  /** OpenTelemetry of the process (once per process, made by main), when an OTLP endpoint is configured. */
  telemetry?: Telemetry;
}

/**
 * The one server of every process kind (see `kind`): core-api in-process where
 * the kind has it, the assistant, and the channel routes (web chat and its
 * page; SMS, WhatsApp and Teams when configured; Teams without authentication
 * in dev mode).
 */
export async function buildServer({ config: given, runtime, botConfig = loadBotConfig(process.env), onChannels, kind = 'all', telemetry }: ServerDependencies): Promise<FastifyInstance> {
  if (kind === 'bot' && !given.CORE_API_URL) throw new ConfigError('CORE_API_URL', 'CORE_API_URL is required for the bot process (the URL of a core-api process).');
  const mountsCoreApi = kind !== 'bot' && (kind !== 'all' || !given.CORE_API_URL);
  // A process that mounts core-api talks to its own copy in-process, whatever CORE_API_URL says.
  const config: Config = mountsCoreApi ? { ...given, CORE_API_URL: undefined } : given;
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
  // Before every route, so that each request gets its span.
  if (telemetry) await app.register(telemetry.plugin);
  // First, so that every request (and every call to core-api it makes) runs in its trace.
  const tracing = createTraceContext();
  await app.register(tracing.plugin);
  await app.register(healthRoutes, { checks: runtime.readinessChecks });
  await app.register(metricsRoutes, { metrics: runtime.metrics, token: config.METRICS_TOKEN });
  // Filled as the channels mount below: core-api's notifications reach SMS, WhatsApp, web chat and Teams through it.
  const notificationSenders = createNotificationSenderRegistry();
  if (mountsCoreApi) {
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
      backgroundWork: kind === 'all' || kind === 'worker',
      devIssuerKeyFile: config.NODE_ENV === 'test' ? undefined : path.join(config.DATA_DIR, 'dev-issuer-key.json'),
    });
  }
  const direct = coreApiConnection(config, app);
  const connection = { baseUrl: direct.baseUrl, fetch: tracing.fetch(direct.fetch ?? fetch) };
  // One token provider (and its cache) for the assistant and the channels' own calls to core-api.
  const serviceToken = serviceTokenFromConfig(config, botConfig, connection);
  const assistant = await createAssistantFromConfig({ config, botConfig, pool: runtime.database.pool, clock: runtime.clock, app, serviceToken, metrics: runtime.metrics, coreApi: connection });
  const webchat = await mountWebchat(app, { config, botConfig, runtime, assistant, coreApi: connection, serviceToken });
  notificationSenders.register(createWebchatNotificationSender(webchat));
  await mountAdmin(app, {
    config, botConfig, coreApi: connection, pool: runtime.database.pool,
    playgroundAssistant: (promptOverride) =>
      createAssistantFromConfig({ config, botConfig, pool: runtime.database.pool, clock: runtime.clock, app, serviceToken, metrics: runtime.metrics, coreApi: connection, promptOverride }),
  });
  const channelContext = { botConfig, runtime, assistant, coreApi: connection, serviceToken, takesTurns: kind === 'all' || kind === 'worker' };
  const sms = await mountSms(app, channelContext);
  if (sms) notificationSenders.register(createSmsNotificationSender(sms));
  const whatsapp = await mountWhatsapp(app, channelContext);
  if (whatsapp) notificationSenders.register(createWhatsappNotificationSender(whatsapp, { templateConfigured: Boolean(botConfig.WHATSAPP_REMINDER_TEMPLATE) }));
  const teams = await mountTeams(app, { ...channelContext, config });
  if (teams) notificationSenders.register(teams.sender);
  onChannels?.({ teams });
  return app;
}
