/**
 * Plays one scenario: core-api on a fresh seeded database with the clock
 * frozen at the scenario's `now`, the assistant wired as the channels use it
 * (`handleTurn` with the user's channel identity), a simulated user, and the
 * judge over the appointment rows before and after.
 */
import { performance } from 'node:perf_hooks';
import type pg from 'pg';
import { MemorySaver } from '@langchain/langgraph';
import { ToolMessage, type AIMessage, type BaseMessage } from '@langchain/core/messages';
import type { Runnable } from '@langchain/core/runnables';
import { createAssistant, devServiceToken, type PromptLibrary } from '@consulta/bot';
import { createCoreApiClient, createInjectFetch } from '@consulta/core-api/client';
import type { InboundMessage } from '@consulta/channels';
import { judge, type AppointmentRow, type RowDifference } from './judge';
import type { Scenario } from './scenario-schema';
import type { ScenarioEnvironment } from './scenario-environment';
import { scriptedUser, type SimulatedUser } from './simulated-user';
import { playedPromptKey } from './prompt-override';

export interface TranscriptEntry {
  role: 'user' | 'assistant';
  text: string;
  /** Assistant entries: how long the turn took. */
  latencyMs?: number;
}

export interface ToolError {
  tool: string;
  code: string;
  message?: string;
}

export interface ScenarioResult {
  id: string;
  file: string;
  tags: string[];
  /** Which run of the scenario this is (0 … k-1). */
  attempt: number;
  passed: boolean;
  why: string[];
  user: SimulatedUser['kind'];
  assistantTurns: number;
  toolCalls: number;
  toolErrors: ToolError[];
  /** One entry per assistant turn. */
  latenciesMs: number[];
  durationMs: number;
  transcript: TranscriptEntry[];
  differences: RowDifference[];
  /** The prompt files the assistant used, `id@version`. */
  prompts: string[];
}

export interface RunScenarioOptions {
  environment: ScenarioEnvironment;
  /** A fresh assistant model for this conversation (the local model, or an LLM). */
  model: () => Runnable<BaseMessage[], AIMessage>;
  prompts: PromptLibrary;
  /** Plays `goal` when set (a model is configured); otherwise the scripted `turns` are played. */
  llmUser?: (scenario: Scenario) => SimulatedUser;
  attempt?: number;
  /** An LLM user stops at the scenario's max_turns, or at this many turns when it has none. */
  defaultMaxTurns?: number;
}

/** Tool answers that report the user's choice, not a failure of the tool. */
const notToolFailures = new Set(['declined_by_user', 'not_confirmed']);

/**
 * The appointment rows as the judge compares them, start in the professional's
 * own time zone.
 */
export async function readAppointments(pool: pg.Pool): Promise<AppointmentRow[]> {
  const result = await pool.query<Omit<AppointmentRow, 'snapshot'> & { snapshot: unknown }>(`
    SELECT a.id, a.professional_id AS professional, a.patient_id AS patient, a.service_id AS service,
           to_char(a.start_at AT TIME ZONE p.timezone, 'YYYY-MM-DD"T"HH24:MI') AS start,
           a.status, to_jsonb(a)::text AS snapshot
      FROM appointments.appointments a
      JOIN directory.professionals p ON p.id = a.professional_id
     ORDER BY a.id`);
  return result.rows.map((row) => ({ ...row, snapshot: String(row.snapshot) }));
}

function recordingPrompts(library: PromptLibrary, used: Set<string>): PromptLibrary {
  return {
    all: () => library.all(),
    select(options) {
      const prompt = library.select(options);
      used.add(playedPromptKey(prompt));
      return prompt;
    },
  };
}

function toolErrorsOf(messages: BaseMessage[]): { calls: number; errors: ToolError[] } {
  let calls = 0;
  const errors: ToolError[] = [];
  for (const message of messages) {
    if (!ToolMessage.isInstance(message)) continue;
    const content = typeof message.content === 'string' ? message.content : JSON.stringify(message.content);
    let parsed: unknown;
    try {
      parsed = JSON.parse(content);
    } catch {
      parsed = undefined;
    }
    const error = (parsed as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
    const code = error ? String(error.code ?? 'error') : undefined;
    if (code && notToolFailures.has(code)) continue;
    calls += 1;
    if (code) errors.push({ tool: message.name ?? 'unknown', code, ...(typeof error?.message === 'string' ? { message: error.message } : {}) });
  }
  return { calls, errors };
}

/**
 * @example
 * const result = await runScenario(scenario, { environment, model: () => localModel(), prompts: loadPromptLibrary() });
 */
export async function runScenario(scenario: Scenario, options: RunScenarioOptions): Promise<ScenarioResult> {
  const started = performance.now();
  const attempt = options.attempt ?? 0;
  const transcript: TranscriptEntry[] = [];
  const latencies: number[] = [];
  const promptsUsed = new Set<string>();
  const useLlm = Boolean(options.llmUser && scenario.user.goal);
  const user: SimulatedUser = useLlm ? options.llmUser!(scenario) : scriptedUser(scenario.user.turns ?? []);
  const base = {
    id: scenario.id,
    file: scenario.file,
    tags: scenario.tags,
    attempt,
    user: user.kind,
  };
  let toolCalls = 0;
  let toolErrors: ToolError[] = [];

  if (!useLlm && !scenario.user.turns) {
    return {
      ...base, passed: false, why: ['the scenario has only a `goal`: it needs a model (--model openai) to play the user'],
      assistantTurns: 0, toolCalls, toolErrors, latenciesMs: [], durationMs: 0, transcript, differences: [], prompts: [],
    };
  }

  let scenarioApp;
  try {
    scenarioApp = await options.environment.open(scenario.now);
  } catch (error) {
    return {
      ...base, passed: false, why: [`no database for the scenario: ${error instanceof Error ? error.message : String(error)}`],
      assistantTurns: 0, toolCalls, toolErrors, latenciesMs: [], durationMs: Math.round(performance.now() - started), transcript, differences: [], prompts: [],
    };
  }
  try {
    const before = await readAppointments(scenarioApp.pool);
    const senderId = await options.environment.identityOf(scenario.user.id, scenario.channel);
    if (!senderId) throw new Error(`user ${scenario.user.id} has no ${scenario.channel} identity in the seed`);
    const coreApi = { baseUrl: 'http://core-api.internal', fetch: createInjectFetch(scenarioApp.app) };
    const checkpointer = new MemorySaver();
    const assistant = createAssistant({
      coreApi,
      serviceToken: devServiceToken(createCoreApiClient(coreApi)),
      model: options.model(),
      prompts: recordingPrompts(options.prompts, promptsUsed),
      checkpointer,
      now: () => new Date(scenario.now),
    });
    // Phone channels are one conversation per number; the others get one of their own.
    const conversationId = scenario.channel === 'sms' || scenario.channel === 'whatsapp' ? senderId : `evals-${scenario.id}-${attempt}`;
    const limit = useLlm ? (scenario.expect.max_turns ?? options.defaultMaxTurns ?? 10) : Number.POSITIVE_INFINITY;

    let lastReplies: string[] = [];
    let assistantTurns = 0;
    let failure: string | undefined;
    while (assistantTurns < limit) {
      const text = await user.next(lastReplies);
      if (text === null) break;
      transcript.push({ role: 'user', text });
      const message: InboundMessage = {
        channel: scenario.channel, conversationId, senderId, text, messageId: `evals-${transcript.length}`, locale: scenario.user.locale,
      };
      const turnStarted = performance.now();
      try {
        const replies = await assistant.handleTurn(message);
        const latency = performance.now() - turnStarted;
        latencies.push(latency);
        lastReplies = replies.map((reply) => reply.text);
        assistantTurns += 1;
        transcript.push({ role: 'assistant', text: renderReplies(replies), latencyMs: Math.round(latency) });
      } catch (error) {
        failure = `the assistant failed on turn ${assistantTurns + 1}: ${error instanceof Error ? error.message : String(error)}`;
        transcript.push({ role: 'assistant', text: `[error] ${failure}` });
        break;
      }
    }

    const state = await checkpointer.getTuple({ configurable: { thread_id: `${scenario.channel}:${conversationId}` } });
    const messages = ((state?.checkpoint.channel_values as { messages?: BaseMessage[] } | undefined)?.messages ?? []);
    ({ calls: toolCalls, errors: toolErrors } = toolErrorsOf(messages));

    const after = await readAppointments(scenarioApp.pool);
    const verdict = judge({
      expect: scenario.expect,
      before,
      after,
      replies: transcript.filter((entry) => entry.role === 'assistant').map((entry) => entry.text),
      assistantTurns,
    });
    const why = failure ? [failure, ...verdict.why] : verdict.why;
    return {
      ...base,
      passed: why.length === 0,
      why,
      assistantTurns,
      toolCalls,
      toolErrors,
      latenciesMs: latencies.map((latency) => Math.round(latency)),
      durationMs: Math.round(performance.now() - started),
      transcript,
      differences: verdict.differences,
      prompts: [...promptsUsed].sort(),
    };
  } catch (error) {
    return {
      ...base,
      passed: false,
      why: [`the run failed: ${error instanceof Error ? error.message : String(error)}`],
      assistantTurns: latencies.length,
      toolCalls,
      toolErrors,
      latenciesMs: latencies.map((latency) => Math.round(latency)),
      durationMs: Math.round(performance.now() - started),
      transcript,
      differences: [],
      prompts: [...promptsUsed].sort(),
    };
  } finally {
    await scenarioApp.close().catch(() => undefined);
  }
}

/** A reply as the user sees it: its text, then any choices not already in the text. */
function renderReplies(replies: Array<{ text: string; choices?: Array<{ label: string }> }>): string {
  return replies
    .map((reply) => {
      const extra = reply.choices?.filter((choice) => !reply.text.includes(choice.label)).map((choice) => `[${choice.label}]`) ?? [];
      return [reply.text, ...(extra.length ? [extra.join(' ')] : [])].join('\n');
    })
    .join('\n\n');
}
