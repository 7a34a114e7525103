import { BaseCallbackHandler } from '@langchain/core/callbacks/base';
import type { Serialized } from '@langchain/core/load/serializable';
import type { BaseMessage } from '@langchain/core/messages';
import type { LLMResult } from '@langchain/core/outputs';
import type { Metrics } from '@consulta/core-api';

type ModelMetrics = Pick<Metrics, 'modelCalls' | 'modelTokens' | 'modelFallbacks'>;

/**
 * Counts every chat-model call of a turn by model and outcome, the tokens the
 * model reported, and the failures that passed the turn to the next model of
 * the chain. Given as a LangChain callback, it sees the calls inside the graph.
 */
export class ModelMetricsHandler extends BaseCallbackHandler {
  name = 'consulta-model-metrics';
  // Counted before the turn answers, so a scrape right after sees it.
  override awaitHandlers = true;
  private readonly models = new Map<string, string>();

  constructor(private readonly metrics: ModelMetrics) {
    super();
  }

  override handleChatModelStart(llm: Serialized, _messages: BaseMessage[][], runId: string, _parentRunId?: string, extraParams?: Record<string, unknown>) {
    const invocation = extraParams?.invocation_params as { model?: string; model_name?: string } | undefined;
    this.models.set(runId, invocation?.model ?? invocation?.model_name ?? llm.id.at(-1) ?? 'unknown');
  }

  override handleLLMEnd(output: LLMResult, runId: string) {
    const model = this.take(runId);
    this.metrics.modelCalls.inc({ model, outcome: 'ok' });
    const usage = tokensOf(output);
    if (usage.input > 0) this.metrics.modelTokens.inc({ model, kind: 'input' }, usage.input);
    if (usage.output > 0) this.metrics.modelTokens.inc({ model, kind: 'output' }, usage.output);
  }

  override handleLLMError(_error: unknown, runId: string) {
    const model = this.take(runId);
    this.metrics.modelCalls.inc({ model, outcome: 'error' });
    // The chain's last model is the offline one, which does not fail: every failure hands the turn on.
    this.metrics.modelFallbacks.inc({ from: model });
  }

  private take(runId: string): string {
    const model = this.models.get(runId) ?? 'unknown';
    this.models.delete(runId);
    return model;
  }
}

function tokensOf(output: LLMResult): { input: number; output: number } {
  const reported = output.llmOutput?.tokenUsage as { promptTokens?: number; completionTokens?: number } | undefined;
  if (reported?.promptTokens !== undefined || reported?.completionTokens !== undefined) {
    return { input: reported.promptTokens ?? 0, output: reported.completionTokens ?? 0 };
  }
  const message = (output.generations[0]?.[0] as { message?: { usage_metadata?: { input_tokens?: number; output_tokens?: number } } } | undefined)?.message;
  return { input: message?.usage_metadata?.input_tokens ?? 0, output: message?.usage_metadata?.output_tokens ?? 0 };
}
