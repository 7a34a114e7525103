import { botConnectorGuard } from '../provider-breakers';
import type { FastifyInstance } from 'fastify';
import { ConfigError, type Config, type CoreRuntime } from '@consulta/core-api';
import { createCoreApiClient } from '@consulta/core-api/client';
import { createTeamsChannel, type TeamsChannel } from '@consulta/channels';
import type { Assistant } from '../assistant/assistant';
import type { ServiceTokenProvider } from '../assistant/service-token';
import type { BotConfig } from '../bot-config';
import { createTeamsApprovals, type TeamsApprovals } from './teams-approvals';

export interface MountedTeams {
  channel: TeamsChannel;
  approvals: TeamsApprovals;
  /** The notifications engine's sender for channel `teams` (register it with the engine's sender registry). */
  sender: TeamsApprovals['sender'];
}

/**
 * Microsoft Teams at `/api/messages` when an app id is configured (authentication on), or
 * without one in AUTH_MODE=dev (authentication off: the Bot Framework Emulator and tests).
 * Professionals are linked by their UPN, decide requests on cards, and talk to the assistant.
 */
export async function mountTeams(
  app: FastifyInstance,
  context: { config: Config; botConfig: BotConfig; runtime: CoreRuntime; assistant: Assistant; coreApi: { baseUrl: string; fetch?: typeof fetch }; serviceToken: ServiceTokenProvider },
): Promise<MountedTeams | undefined> {
  const { botConfig } = context;
  const appId = botConfig.MICROSOFT_APP_ID;
  if (!appId && context.config.AUTH_MODE !== 'dev') return undefined;
  if (appId && !botConfig.MICROSOFT_APP_PASSWORD && !botConfig.MICROSOFT_APP_CERTIFICATE_KEY) {
    throw new ConfigError('MICROSOFT_APP_PASSWORD', 'Invalid configuration: MICROSOFT_APP_PASSWORD: set it (or MICROSOFT_APP_CERTIFICATE_THUMBPRINT and MICROSOFT_APP_CERTIFICATE_KEY) with MICROSOFT_APP_ID');
  }
  if (botConfig.MICROSOFT_APP_CERTIFICATE_KEY && !botConfig.MICROSOFT_APP_CERTIFICATE_THUMBPRINT) {
    throw new ConfigError('MICROSOFT_APP_CERTIFICATE_THUMBPRINT', 'Invalid configuration: MICROSOFT_APP_CERTIFICATE_THUMBPRINT: required with MICROSOFT_APP_CERTIFICATE_KEY');
  }
  const appType = botConfig.MICROSOFT_APP_TYPE ?? (botConfig.MICROSOFT_APP_TENANT_ID ? 'SingleTenant' : 'MultiTenant');
  if (appId && appType === 'SingleTenant' && !botConfig.MICROSOFT_APP_TENANT_ID) {
    throw new ConfigError('MICROSOFT_APP_TENANT_ID', 'Invalid configuration: MICROSOFT_APP_TENANT_ID: required for a SingleTenant bot');
  }

  // The channel and the approvals call each other, each only once a request arrives.
  const channel: TeamsChannel = await createTeamsChannel({
    pool: context.runtime.database.pool,
    guard: botConnectorGuard(context.runtime.metrics),
    log: app.log,
    handleTurn: (message, options) => context.assistant.handleTurn(message, options),
    async linkUser(input) {
      const client = createCoreApiClient({ ...context.coreApi, token: await context.serviceToken() });
      const { data, error, response } = await client.POST('/api/v1/channel-identities/teams-links', { body: input });
      if (response.status === 404) return null;
      if (!data) throw new Error(`linking the Teams user failed: ${(error as { code?: string } | undefined)?.code ?? response.status}`);
      return data.userId;
    },
    cardAction: (action) => approvals.cardAction(action),
    appId,
    appPassword: botConfig.MICROSOFT_APP_PASSWORD,
    certificate: botConfig.MICROSOFT_APP_CERTIFICATE_KEY
      ? { thumbprint: botConfig.MICROSOFT_APP_CERTIFICATE_THUMBPRINT!, privateKey: botConfig.MICROSOFT_APP_CERTIFICATE_KEY }
      : undefined,
    tenantId: botConfig.MICROSOFT_APP_TENANT_ID,
    appType,
    openIdMetadataUrl: botConfig.TEAMS_OPENID_METADATA_URL,
    maxConcurrentTurns: botConfig.CHANNEL_MAX_CONCURRENT_TURNS,
  });
  const approvals = createTeamsApprovals({
    coreApi: context.coreApi,
    serviceToken: context.serviceToken,
    channel: () => channel,
    publicUrl: botConfig.PUBLIC_URL,
    now: () => context.runtime.clock.now(),
  });
  await app.register(channel.routes, channel.routeOptions);

  let timer: NodeJS.Timeout | undefined;
  if (botConfig.TEAMS_APPROVAL_REMINDER_MINUTES > 0 && context.config.NODE_ENV !== 'test') {
    timer = setInterval(() => {
      approvals.remindPending(botConfig.TEAMS_APPROVAL_REMINDER_MINUTES).catch((error: Error) => app.log.error({ err: { name: error.name, message: error.message } }, 'teams: reminder sweep failed'));
    }, botConfig.TEAMS_REMINDER_SWEEP_SECONDS * 1000);
    timer.unref();
  }
  app.addHook('onClose', async () => {
    if (timer) clearInterval(timer);
    await channel.close();
  });
  return { channel, approvals, sender: approvals.sender };
}
