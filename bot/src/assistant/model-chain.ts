import { AzureChatOpenAI, ChatOpenAI } from '@langchain/openai';
import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import type { AIMessage, BaseMessage } from '@langchain/core/messages';
import type { Runnable } from '@langchain/core/runnables';
import type { BotConfig } from '../bot-config';
import { breakerFetch, createBreaker, type Metrics } from '@consulta/core-api';

export interface ModelChainOptions {
  config: BotConfig;
  /** Tool definitions in OpenAI's function format (see tool-definitions.ts). */
  tools: Array<Record<string, unknown>>;
  /** The offline model, always last in the chain. */
  local: BaseChatModel;
  /** Circuit breakers around the remote models report here. */
  metrics?: Pick<Metrics, 'circuitState' | 'circuitEvents'>;
}

/**
 * The models behind one factory: a configured OpenAI-compatible model (OpenAI,
 * Azure OpenAI or any base URL), an optional secondary, and last the local
 * model. A timeout or an error of one model passes the turn to the next.
 *
 * @example
 * const model = createModelChain({ config: loadBotConfig(process.env), tools, local: new LocalChatModel() });
 */
export function createModelChain({ config, tools, local, metrics }: ModelChainOptions): Runnable<BaseMessage[], AIMessage> {
  const remote = remoteModels(config, metrics).map((model) => model.bindTools!(tools) as Runnable<BaseMessage[], AIMessage>);
  const offline = local.bindTools!(tools) as Runnable<BaseMessage[], AIMessage>;
  const [first, ...rest] = [...remote, offline];
  return rest.length === 0 ? first! : first!.withFallbacks({ fallbacks: rest });
}

/** Which remote models the settings configure; remoteModels builds exactly these. */
function configuredRemotes(config: BotConfig) {
  const azure = Boolean(config.AZURE_OPENAI_API_KEY && config.AZURE_OPENAI_ENDPOINT && config.AZURE_OPENAI_DEPLOYMENT);
  return {
    azure,
    openai: !azure && Boolean(config.OPENAI_API_KEY || config.OPENAI_BASE_URL),
    secondary: Boolean(config.OPENAI_SECONDARY_MODEL),
  };
}

/**
 * Whether the chain starts with a remote model, which writes its reply piece by piece. The local
 * model alone answers in one piece, so there is nothing to stream.
 */
export function streamsReplies(config: BotConfig): boolean {
  return Object.values(configuredRemotes(config)).some(Boolean);
}

/**
 * The configured remote models, primary first; empty when none is configured. Each calls through a
 * circuit breaker of its own: while one keeps failing, turns go to the next model at once.
 */
export function remoteModels(config: BotConfig, metrics?: ModelChainOptions['metrics']): BaseChatModel[] {
  const common = { timeout: config.OPENAI_TIMEOUT_MS, maxRetries: config.OPENAI_MAX_RETRIES, temperature: 0 };
  const guarded = (name: string) => breakerFetch(createBreaker(`model:${name}`, { metrics }));
  const configured = configuredRemotes(config);
  const models: BaseChatModel[] = [];
  if (configured.azure && config.AZURE_OPENAI_API_KEY && config.AZURE_OPENAI_ENDPOINT && config.AZURE_OPENAI_DEPLOYMENT) {
    models.push(
      new AzureChatOpenAI({
        ...common,
        azureOpenAIApiKey: config.AZURE_OPENAI_API_KEY,
        azureOpenAIEndpoint: config.AZURE_OPENAI_ENDPOINT,
        azureOpenAIApiDeploymentName: config.AZURE_OPENAI_DEPLOYMENT,
        azureOpenAIApiVersion: config.AZURE_OPENAI_API_VERSION,
        configuration: { fetch: guarded(config.AZURE_OPENAI_DEPLOYMENT) },
      }),
    );
  } else if (configured.openai) {
    models.push(
      new ChatOpenAI({
        ...common,
        model: config.OPENAI_MODEL,
        apiKey: config.OPENAI_API_KEY ?? 'not-needed',
        configuration: { ...(config.OPENAI_BASE_URL ? { baseURL: config.OPENAI_BASE_URL } : {}), fetch: guarded(config.OPENAI_MODEL) },
      }),
    );
  }
  if (configured.secondary && config.OPENAI_SECONDARY_MODEL) {
    models.push(
      new ChatOpenAI({
        ...common,
        model: config.OPENAI_SECONDARY_MODEL,
        apiKey: config.OPENAI_SECONDARY_API_KEY ?? config.OPENAI_API_KEY ?? 'not-needed',
        configuration: { baseURL: config.OPENAI_SECONDARY_BASE_URL ?? config.OPENAI_BASE_URL, fetch: guarded(config.OPENAI_SECONDARY_MODEL) },
      }),
    );
  }
  return models;
}
