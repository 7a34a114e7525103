import { performance } from 'node:perf_hooks';
import { createAssistantHarness, type AssistantHarness, type AssistantHarnessOptions } from '../bot/src/testing/assistant-harness';

export interface CoreApiCall {
  method: string;
  path: string;
  /** performance.now() when the request was sent. */
  startedAt: number;
  ms: number;
}

/*
 * The bot's test harness, with core-api's environment (the benchmark raises the rate limits: every
 * turn may exchange the sender's identity at POST /auth/token-exchange, limited per calling service,
 * and a benchmark must measure the assistant, not that limit) and an observer of the assistant's
 * calls to core-api, to say where a turn's time goes.
 */
export function createBenchAssistantHarness(
  options: Omit<AssistantHarnessOptions, 'wrapFetch'> & {
    now: string;
    /** Told of every call the assistant makes to core-api, once answered. */
    observeCoreApi?: (call: CoreApiCall) => void;
  },
): Promise<AssistantHarness> {
  const { observeCoreApi: observe, ...harnessOptions } = options;
  const wrapFetch = observe
    ? (inject: typeof globalThis.fetch): typeof globalThis.fetch =>
        async (input, init) => {
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
    : undefined;
  return createAssistantHarness({ ...harnessOptions, wrapFetch });
}
