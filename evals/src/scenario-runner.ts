/** Everything one thread needs to play scenarios: its databases, the assistant's model, the prompts, the LLM user. */
import type { AIMessage, BaseMessage } from '@langchain/core/messages';
import type { Runnable } from '@langchain/core/runnables';
import { LocalChatModel, createModelChain, loadBotConfig, loadPromptLibrary, remoteModels, skillToolDefinitions } from '@consulta/bot';
import { createLlmUser, userModelFromEnvironment } from './llm-user';
import { withPromptOverride, type PromptOverride } from './prompt-override';
import { runScenario, type ScenarioResult } from './run-scenario';
import { createScenarioEnvironment, type TemplateSource } from './scenario-environment';
import type { Scenario } from './scenario-schema';
import type { SimulatedUser } from './simulated-user';

export type ModelName = 'local' | 'openai';

export interface RunnerOptions {
  model: ModelName;
  /** OPENAI_*, DATABASE_URL … (plain values: it crosses to worker threads). */
  env: Record<string, string | undefined>;
  /** A stored prompt version to play instead of the shipped file (plain data: it crosses to worker threads). */
  promptOverride?: PromptOverride;
}

export interface ScenarioRunner {
  readonly engine: 'pglite' | 'postgres';
  run(scenario: Scenario, attempt: number): Promise<ScenarioResult>;
  close(): Promise<void>;
}

/** The assistant's model: the built-in local model, or the configured OpenAI-compatible one alone (no silent fallback). */
export function assistantModelFactory(model: ModelName, env: Record<string, string | undefined>): () => Runnable<BaseMessage[], AIMessage> {
  const tools = skillToolDefinitions();
  if (model === 'local') {
    return () => createModelChain({ config: loadBotConfig({}), tools, local: new LocalChatModel() });
  }
  const [remote] = remoteModels(loadBotConfig(env));
  if (!remote) throw new Error('--model openai needs OPENAI_API_KEY or OPENAI_BASE_URL (or AZURE_OPENAI_*) to be set');
  const bound = remote.bindTools!(tools) as Runnable<BaseMessage[], AIMessage>;
  return () => bound;
}

export function createScenarioRunner(options: RunnerOptions, templates?: TemplateSource): ScenarioRunner {
  const environment = createScenarioEnvironment({ databaseUrl: options.env.DATABASE_URL || undefined, templates });
  const model = assistantModelFactory(options.model, options.env);
  const prompts = withPromptOverride(loadPromptLibrary(), options.promptOverride);
  let llmUser: ((scenario: Scenario) => SimulatedUser) | undefined;
  if (options.model === 'openai') {
    const userModel = userModelFromEnvironment(options.env);
    llmUser = (scenario) => createLlmUser({ goal: scenario.user.goal!, locale: scenario.user.locale, model: userModel });
  }
  return {
    engine: environment.engine,
    run: (scenario, attempt) => runScenario(scenario, { environment, model, prompts, llmUser, attempt }),
    close: () => environment.close(),
  };
}
