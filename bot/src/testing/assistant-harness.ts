import { MemorySaver, type BaseCheckpointSaver } from '@langchain/langgraph';
import type pg from 'pg';
import { createCoreApiClient, createInjectFetch } from '@consulta/core-api/client';
import { createTestApp, type TestApp } from '@consulta/core-api/testing';
import type { ChannelName, OutboundMessage } from '@consulta/channels';
import { createAssistant, type Assistant } from '../assistant/assistant';
import { createModelChain, streamsReplies } from '../assistant/model-chain';
import { loadPromptLibrary } from '../assistant/prompt-library';
import { devServiceToken } from '../assistant/service-token';
import { skillToolDefinitions } from '../assistant/tool-definitions';
import { loadBotConfig } from '../bot-config';
import { LocalChatModel } from '../local-model/local-chat-model';

export interface AssistantHarness {
  test: TestApp;
  assistant: Assistant;
  /** Sends one message as a user and answers the replies. */
  say(text: string, options?: { as?: string; conversation?: string; channel?: ChannelName }): Promise<OutboundMessage[]>;
  close(): Promise<void>;
}

export interface AssistantHarnessOptions {
  now?: string;
  /** The bot's settings (OPENAI_BASE_URL, …). */
  environment?: Record<string, string>;
  /** core-api's settings (rate limits, …). */
  coreEnvironment?: Record<string, string>;
  /** Wraps the in-process fetch to core-api, e.g. to observe the assistant's calls. */
  wrapFetch?: (fetch: typeof globalThis.fetch) => typeof globalThis.fetch;
  /** Where conversation state is kept, on the harness's database; in memory unless given. */
  checkpointer?: (pool: pg.Pool) => Promise<BaseCheckpointSaver>;
}

/**
 * The assistant on the demo seed with a frozen clock and the local model,
 * talking to core-api in-process through its HTTP contract.
 */
export async function createAssistantHarness(options: AssistantHarnessOptions = {}): Promise<AssistantHarness> {
  const test = await createTestApp({ now: options.now ?? '2026-12-01T09:00:00Z', environment: options.coreEnvironment });
  const inject = createInjectFetch(test.app);
  const coreApi = { baseUrl: 'http://core-api.internal', fetch: options.wrapFetch ? options.wrapFetch(inject) : inject };
  const botConfig = loadBotConfig(options.environment ?? {});
  const assistant = createAssistant({
    coreApi,
    serviceToken: devServiceToken(createCoreApiClient(coreApi)),
    model: createModelChain({ config: botConfig, tools: skillToolDefinitions(), local: new LocalChatModel() }),
    streamsReplies: streamsReplies(botConfig),
    prompts: loadPromptLibrary(),
    checkpointer: options.checkpointer ? await options.checkpointer(test.runtime.database.pool) : new MemorySaver(),
    now: () => test.runtime.clock.now(),
    metrics: test.runtime.metrics,
  });
  return {
    test,
    assistant,
    say: (text, { as = 'patient-ana', conversation = 'conversation-1', channel = 'webchat' } = {}) =>
      assistant.handleTurn({ channel, conversationId: conversation, senderId: as, text }),
    close: () => test.close(),
  };
}
