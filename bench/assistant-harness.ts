import { performance } from 'node:perf_hooks';
import { MemorySaver } from '@langchain/langgraph';
import { createCoreApiClient, createInjectFetch } from '@consulta/core-api/client';
import { createTestApp } from '@consulta/core-api/testing';
import { createAssistant } from '../bot/src/assistant/assistant';
import { createModelChain } from '../bot/src/assistant/model-chain';
import { loadPromptLibrary } from '../bot/src/assistant/prompt-library';
import { devServiceToken } from '../bot/src/assistant/service-token';
import { skillToolDefinitions } from '../bot/src/assistant/tool-definitions';
import { loadBotConfig } from '../bot/src/bot-config';
import { LocalChatModel } from '../bot/src/local-model/local-chat-model';
import type { AssistantHarness } from '../bot/src/testing/assistant-harness';

export interface CoreApiCall {
  method: string;
  path: string;
  /** performance.now() when the request was sent. */
  startedAt: number;
  ms: number;
}

/*
 * bot/src/testing/assistant-harness.ts, line for line, with one difference: core-api gets an
 * environment too. The benchmark needs it for the rate limits: every assistant turn exchanges the
 * sender's identity for a user token at POST /auth/token-exchange, which is limited to
 * RATE_LIMIT_AUTH_MAX (default 100) per RATE_LIMIT_WINDOW_SECONDS (60) per calling service, so the
 * stock harness fails the 101st turn of any minute ("token exchange failed: rate_limited"). A
 * benchmark running back-to-back turns would measure that limit, not the assistant. It can also
 * observe the assistant's calls to core-api, to say where a turn's time goes.
 */
export async function createBenchAssistantHarness(options: {
  now: string;
  /** The bot's settings (OPENAI_BASE_URL, …), as createAssistantHarness takes them. */
  environment?: Record<string, string>;
  /** core-api's settings. */
  coreEnvironment?: Record<string, string>;
  /** Told of every call the assistant makes to core-api, once answered. */
  observeCoreApi?: (call: CoreApiCall) => void;
}): Promise<AssistantHarness> {
  const test = await createTestApp({ now: options.now, environment: options.coreEnvironment });
  const inject = createInjectFetch(test.app);
  const observe = options.observeCoreApi;
  const fetch: typeof globalThis.fetch = observe
    ? async (input, init) => {
        const startedAt = performance.now();
        const response = await inject(input, init);
        const request = input instanceof Request ? input : undefined;
        observe({
          method: init?.method ?? request?.method ?? 'GET',
          path: new URL(request?.url ?? String(input)).pathname,
          startedAt,
          ms: performance.now() - startedAt,
        });
        return response;
      }
    : inject;
  const coreApi = { baseUrl: 'http://core-api.internal', fetch };
  const assistant = createAssistant({
    coreApi,
    serviceToken: devServiceToken(createCoreApiClient(coreApi)),
    model: createModelChain({
      config: loadBotConfig(options.environment ?? {}),
      tools: skillToolDefinitions(),
      local: new LocalChatModel(),
    }),
    prompts: loadPromptLibrary(),
    checkpointer: new MemorySaver(),
    now: () => test.runtime.clock.now(),
  });
  return {
    test,
    assistant,
    say: (text, { as = 'patient-ana', conversation = 'conversation-1', channel = 'webchat' } = {}) =>
      assistant.handleTurn({ channel, conversationId: conversation, senderId: as, text }),
    close: () => test.close(),
  };
}
