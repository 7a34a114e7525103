import type { FastifyInstance } from 'fastify';
import type pg from 'pg';
import { createCoreApiClient, createInjectFetch } from '@consulta/core-api/client';
import type { Clock, Config, Metrics } from '@consulta/core-api';
import type { BotConfig } from '../bot-config';
import { LocalChatModel } from '../local-model/local-chat-model';
import { createAssistant, type Assistant, type AssistantDependencies } from './assistant';
import { createCheckpointer } from './checkpointer';
import { createModelChain, streamsReplies } from './model-chain';
import { loadPromptLibrary } from './prompt-library';
import { devServiceToken, entraServiceToken, type ServiceTokenProvider } from './service-token';
import { skillToolDefinitions } from './tool-definitions';

/**
 * Wires the assistant from configuration: core-api in-process (through
 * `inject`, still over its HTTP contract) unless CORE_API_URL is set, the
 * model chain, the prompt files and the PostgreSQL checkpointer.
 */
export async function createAssistantFromConfig(options: {
  config: Config;
  botConfig: BotConfig;
  pool: pg.Pool;
  clock: Clock;
  /** The app that mounts core-api, for the in-process path. */
  app?: FastifyInstance;
  /** The process's metrics: turn latency and model calls are counted into them. */
  metrics?: Metrics;
  /** The bot's token provider, when the host shares one with its channels; made from the configuration otherwise. */
  serviceToken?: ServiceTokenProvider;
  /** How the host reaches core-api (with its trace context); from the configuration otherwise. */
  coreApi?: { baseUrl: string; fetch?: typeof fetch };
  /** A prompt body per thread instead of the one in force (the admin playground's assistant). */
  promptOverride?: AssistantDependencies['promptOverride'];
}): Promise<Assistant> {
  const { config, botConfig } = options;
  const coreApi = options.coreApi ?? coreApiConnection(config, options.app);
  const serviceToken = options.serviceToken ?? serviceTokenFromConfig(config, botConfig, coreApi);
  return createAssistant({
    coreApi,
    serviceToken,
    model: createModelChain({ config: botConfig, tools: skillToolDefinitions(), local: new LocalChatModel(), metrics: options.metrics }),
    streamsReplies: streamsReplies(botConfig),
    prompts: loadPromptLibrary(),
    checkpointer: await createCheckpointer(options.pool),
    now: () => options.clock.now(),
    maxToolCallsPerTurn: botConfig.ASSISTANT_MAX_TOOL_CALLS,
    metrics: options.metrics,
    promptOverride: options.promptOverride,
  });
}

/** The bot's own token for core-api: the dev issuer in dev mode, else Entra client credentials (MSAL). */
export function serviceTokenFromConfig(config: Config, botConfig: BotConfig, coreApi: { baseUrl: string; fetch?: typeof fetch }): ServiceTokenProvider {
  return config.AUTH_MODE === 'dev'
    ? devServiceToken(createCoreApiClient(coreApi))
    : entraServiceToken({
        tenantId: required(botConfig.ASSISTANT_TENANT_ID, 'ASSISTANT_TENANT_ID'),
        clientId: required(botConfig.ASSISTANT_CLIENT_ID, 'ASSISTANT_CLIENT_ID'),
        clientSecret: required(botConfig.ASSISTANT_CLIENT_SECRET, 'ASSISTANT_CLIENT_SECRET'),
        scope: botConfig.ASSISTANT_SCOPE,
      });
}

/** core-api over HTTP when CORE_API_URL is set, else in-process through `inject` (still its HTTP contract). */
export function coreApiConnection(config: Config, app: FastifyInstance | undefined): { baseUrl: string; fetch?: typeof fetch } {
  if (config.CORE_API_URL) return { baseUrl: config.CORE_API_URL.replace(/\/api\/v1\/?$/, '') };
  if (!app) throw new Error('core-api runs in-process here: pass the app that mounts it');
  return { baseUrl: 'http://core-api.internal', fetch: createInjectFetch(app) };
}

function required(value: string | undefined, name: string): string {
  if (!value) throw new Error(`${name} is required when AUTH_MODE is not dev`);
  return value;
}
