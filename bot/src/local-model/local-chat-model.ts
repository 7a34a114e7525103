/**
 * The built-in model: a LangChain chat model that needs no network. It reads
 * the whole conversation and decides the next step the way an LLM agent
 * would, emitting tool calls to the skills or a reply, deterministically.
 */
import type { CallbackManagerForLLMRun } from '@langchain/core/callbacks/manager';
import type { BaseLanguageModelInput } from '@langchain/core/language_models/base';
import {
  BaseChatModel,
  type BaseChatModelCallOptions,
  type BaseChatModelParams,
  type BindToolsInput,
} from '@langchain/core/language_models/chat_models';
import { AIMessage, type AIMessageChunk, type BaseMessage } from '@langchain/core/messages';
import type { ChatResult } from '@langchain/core/outputs';
import type { Runnable } from '@langchain/core/runnables';
import { decideTurn } from './decide';
import type { Step } from './steps';
import { readTranscript } from './transcript';

export interface LocalChatModelOptions extends BaseChatModelParams {
  /** Ask optional intake fields once each; off by default so bookings take no extra turns. */
  askOptionalIntake?: boolean;
  /** Ask for a cancellation reason when none was given; off by default ("Cancelled by the patient" is sent). */
  askCancellationReason?: boolean;
  /** Skill calls in a row without a user message before giving up; 6 by default. */
  maximumCallsInARow?: number;
  /** The clock when the system message carries no `now`; tests and evals always pass one in the context. */
  now?: () => Date;
}

export interface LocalChatModelCallOptions extends BaseChatModelCallOptions {
  tools?: BindToolsInput[];
}

const DEFAULT_MAXIMUM_CALLS = 6;

export class LocalChatModel extends BaseChatModel<LocalChatModelCallOptions> {
  private readonly askOptionalIntake: boolean;
  private readonly askCancellationReason: boolean;
  private readonly maximumCallsInARow: number;
  private readonly now: () => Date;

  static override lc_name(): string {
    return 'LocalChatModel';
  }

  constructor(options: LocalChatModelOptions = {}) {
    super(options);
    this.askOptionalIntake = options.askOptionalIntake ?? false;
    this.askCancellationReason = options.askCancellationReason ?? false;
    this.maximumCallsInARow = options.maximumCallsInARow ?? DEFAULT_MAXIMUM_CALLS;
    this.now = options.now ?? (() => new Date());
  }

  _llmType(): string {
    return 'consulta-local';
  }

  override bindTools(
    tools: BindToolsInput[],
    kwargs?: Partial<LocalChatModelCallOptions>,
  ): Runnable<BaseLanguageModelInput, AIMessageChunk, LocalChatModelCallOptions> {
    return this.withConfig({ ...kwargs, tools });
  }

  async _generate(
    messages: BaseMessage[],
    options: this['ParsedCallOptions'],
    _runManager?: CallbackManagerForLLMRun,
  ): Promise<ChatResult> {
    const { step } = decideTurn(readTranscript(messages, this.now), {
      askOptionalIntake: this.askOptionalIntake,
      askCancellationReason: this.askCancellationReason,
      maximumCallsInARow: this.maximumCallsInARow,
      availableTools: new Set((options.tools ?? []).flatMap(toolName)),
    });
    const message = toMessage(step, messages.length);
    return { generations: [{ text: typeof message.content === 'string' ? message.content : '', message }] };
  }
}

function toMessage(step: Step, position: number): AIMessage {
  if (step.kind === 'reply') {
    return new AIMessage({
      content: step.text,
      additional_kwargs: step.choices === undefined ? {} : { choices: step.choices },
    });
  }
  // The position in the conversation keeps ids unique within it, also after
  // a restore from a checkpoint, and keeps runs reproducible.
  return new AIMessage({
    content: '',
    tool_calls: step.calls.map((made, index) => ({
      id: `local-${position}-${index}`,
      name: made.name,
      args: made.args,
      type: 'tool_call' as const,
    })),
  });
}

function toolName(tool: BindToolsInput): string[] {
  const record = tool as { name?: unknown; function?: { name?: unknown } };
  if (typeof record.name === 'string') return [record.name];
  if (typeof record.function?.name === 'string') return [record.function.name];
  return [];
}
