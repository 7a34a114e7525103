import { AzureChatOpenAI, ChatOpenAI } from '@langchain/openai';
import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import type { AIMessage, BaseMessage } from '@langchain/core/messages';
import type { Runnable } from '@langchain/core/runnables';
import type { BotConfig } from '../bot-config';

export interface ModelChainOptions {
  config: BotConfig;
  /** Tool definitions in OpenAI's function format (see tool-definitions.ts). */
  tools: Array<Record<string, unknown>>;
  /** The offline model, always last in the chain. */
  local: BaseChatModel;
}

/**
 * The models behind one factory: a configured OpenAI-compatible model (OpenAI,
 * Azure OpenAI or any base URL), an optional secondary, and last the local
 * model. A timeout or an error of one model passes the turn to the next.
 *
 * @example
 * const model = createModelChain({ config: loadBotConfig(process.env), tools, local: new LocalChatModel() });
 */
export function createModelChain({ config, tools, local }: ModelChainOptions): Runnable<BaseMessage[], AIMessage> {
  const remote = remoteModels(config).map((model) => model.bindTools!(tools) as Runnable<BaseMessage[], AIMessage>);
  const offline = local.bindTools!(tools) as Runnable<BaseMessage[], AIMessage>;
  const [first, ...rest] = [...remote, offline];
  return rest.length === 0 ? first! : first!.withFallbacks({ fallbacks: rest });
}

/** The configured remote models, primary first; empty when none is configured. */
export function remoteModels(config: BotConfig): BaseChatModel[] {
  const common = { timeout: config.OPENAI_TIMEOUT_MS, maxRetries: config.OPENAI_MAX_RETRIES, temperature: 0 };
  const models: BaseChatModel[] = [];
  if (config.AZURE_OPENAI_API_KEY && config.AZURE_OPENAI_ENDPOINT && config.AZURE_OPENAI_DEPLOYMENT) {
    models.push(
      new AzureChatOpenAI({
        ...common,
        azureOpenAIApiKey: config.AZURE_OPENAI_API_KEY,
        azureOpenAIEndpoint: config.AZURE_OPENAI_ENDPOINT,
        azureOpenAIApiDeploymentName: config.AZURE_OPENAI_DEPLOYMENT,
        azureOpenAIApiVersion: config.AZURE_OPENAI_API_VERSION,
      }),
    );
  } else if (config.OPENAI_API_KEY || config.OPENAI_BASE_URL) {
    models.push(
      new ChatOpenAI({
        ...common,
        model: config.OPENAI_MODEL,
        apiKey: config.OPENAI_API_KEY ?? 'not-needed',
        configuration: config.OPENAI_BASE_URL ? { baseURL: config.OPENAI_BASE_URL } : undefined,
      }),
    );
  }
  if (config.OPENAI_SECONDARY_MODEL) {
    models.push(
      new ChatOpenAI({
        ...common,
        model: config.OPENAI_SECONDARY_MODEL,
        apiKey: config.OPENAI_SECONDARY_API_KEY ?? config.OPENAI_API_KEY ?? 'not-needed',
        configuration: { baseURL: config.OPENAI_SECONDARY_BASE_URL ?? config.OPENAI_BASE_URL },
      }),
    );
  }
  return models;
}
