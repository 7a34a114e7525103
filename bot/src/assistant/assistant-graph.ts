import { AIMessage, HumanMessage, SystemMessage, ToolMessage, type BaseMessage, type ToolCall } from '@langchain/core/messages';
import type { Runnable } from '@langchain/core/runnables';
import { END, START, StateGraph, type BaseCheckpointSaver, type LangGraphRunnableConfig } from '@langchain/langgraph';
import { confirmedSkills, skillInputs, type SkillName } from '@consulta/skills';
import type { Choice, OutboundMessage } from '@consulta/channels';
import { AssistantState, type AssistantStateType, type PendingAction } from './assistant-state';
import { readConfirmation } from './confirmation-answer';
import { reminderMessage } from './reminder-message';

export interface AssistantGraphDependencies {
  /** The chat model with the skills bound (a fallback chain in production, a scripted model in tests). */
  model: Runnable<BaseMessage[], AIMessage>;
  /** The system prompt for this state (chosen per domain and locale, with the context line). */
  systemPrompt: (state: AssistantStateType, config: LangGraphRunnableConfig) => string | Promise<string>;
  /** Runs a skill as the served user and answers its JSON result (never throws). */
  runSkill: (name: SkillName, args: Record<string, unknown>, state: AssistantStateType, config: LangGraphRunnableConfig) => Promise<string>;
  /** Whether this user may run a skill at all; a refused one is not put to the user to confirm (default: yes). */
  mayRun?: (name: SkillName, state: AssistantStateType) => boolean;
  /** The summary the user confirms before a state-changing skill runs. */
  describeAction: (action: PendingAction, state: AssistantStateType, config: LangGraphRunnableConfig) => Promise<Pick<OutboundMessage, 'text' | 'summary'>>;
  checkpointer?: BaseCheckpointSaver;
  /** At most this many tool calls between two user messages. */
  maxToolCallsPerTurn?: number;
  /** Longer user messages are cut, so one message cannot flood the model. */
  maxInputCharacters?: number;
}

const yesNo = (locale: string): Choice[] =>
  locale.startsWith('es') ? [{ label: 'Sí', value: 'sí' }, { label: 'No', value: 'no' }] : [{ label: 'Yes', value: 'yes' }, { label: 'No', value: 'no' }];

const textOf = (message: AIMessage): string =>
  typeof message.content === 'string'
    ? message.content
    : message.content.map((part) => ('text' in part && typeof part.text === 'string' ? part.text : '')).join('');

/**
 * The assistant: receive → agent ⇄ tools, with a confirmation step in front
 * of every state-changing skill. Nothing that requests, moves or cancels an
 * appointment runs until the user said yes to its summary.
 *
 * @example
 * const graph = buildAssistantGraph({ model, systemPrompt, runSkill, describeAction, checkpointer });
 * await graph.invoke({ input: 'I need a dermatologist', user, replies: null }, { configurable: { thread_id: 'webchat:abc' } });
 */
export function buildAssistantGraph(dependencies: AssistantGraphDependencies) {
  const maxToolCalls = dependencies.maxToolCallsPerTurn ?? 8;
  const maxInput = dependencies.maxInputCharacters ?? 2_000;

  /**
   * Whether a call waits for the user's yes. One whose arguments do not fit
   * its schema (a decline without a reason) would only fail after that yes:
   * it goes to the tools node instead, where runSkill refuses it before
   * anything runs, and the model reads how to fix it.
   */
  const needsConfirmation = (call: ToolCall, state: AssistantStateType) => {
    const name = call.name as SkillName;
    if (!confirmedSkills.has(name) || !(dependencies.mayRun?.(name, state) ?? true)) return false;
    return skillInputs[name].safeParse(call.args).success;
  };

  /** Turns the user's text into messages, settling a pending confirmation first. */
  async function receive(state: AssistantStateType, config: LangGraphRunnableConfig) {
    const input = state.input.length > maxInput ? `${state.input.slice(0, maxInput)} […]` : state.input;
    // The reminder the user answers goes into the history just before the answer, where any model reads it.
    const said = [...(state.regarding ? [reminderMessage(state.regarding, state.user?.locale ?? 'en')] : []), new HumanMessage(input)];
    const pending = state.pendingAction;
    if (!pending) return { messages: said, regarding: null, toolCallsThisTurn: 0 };
    // A yes to a reminder is not a yes to the summary it came after: that summary's Yes was no longer on offer.
    const answer = state.regarding ? 'other' : readConfirmation(input);
    if (answer === 'yes') {
      const result = await dependencies.runSkill(pending.name as SkillName, pending.args, state, config);
      return { messages: [new ToolMessage({ tool_call_id: pending.toolCallId, name: pending.name, content: result })], pendingAction: null, regarding: null, toolCallsThisTurn: 1 };
    }
    const declined = answer === 'no'
      ? { code: 'declined_by_user', message: 'The user said no to the summary; nothing was changed.', hint: 'Acknowledge, and ask what they would like instead.' }
      : { code: 'not_confirmed', message: 'The user answered something else than yes or no; nothing was changed.', hint: 'Read the next user message: they may want a change.' };
    const messages: BaseMessage[] = [new ToolMessage({ tool_call_id: pending.toolCallId, name: pending.name, content: JSON.stringify({ error: declined }) })];
    if (answer === 'other') messages.push(...said);
    return { messages, pendingAction: null, regarding: null, toolCallsThisTurn: 0 };
  }

  async function agent(state: AssistantStateType, config: LangGraphRunnableConfig) {
    const system = new SystemMessage(await dependencies.systemPrompt(state, config));
    const reply = await dependencies.model.invoke([system, ...state.messages]);
    const text = textOf(reply).trim();
    const choices = (reply.additional_kwargs?.choices as Choice[] | undefined) ?? undefined;
    const document = (reply.tool_calls ?? []).length === 0 ? documentOfThisTurn(state.messages) : undefined;
    const replies: OutboundMessage[] = text ? [{ text, ...(choices?.length ? { choices } : {}), ...(document ? { document } : {}) }] : [];
    return { messages: [reply], replies };
  }

  async function tools(state: AssistantStateType, config: LangGraphRunnableConfig) {
    const last = state.messages.at(-1) as AIMessage;
    const results: ToolMessage[] = [];
    for (const call of last.tool_calls ?? []) {
      const content = await dependencies.runSkill(call.name as SkillName, call.args, state, config);
      results.push(new ToolMessage({ tool_call_id: call.id ?? call.name, name: call.name, content }));
    }
    return { messages: results, toolCallsThisTurn: state.toolCallsThisTurn + results.length };
  }

  /** Holds a state-changing call and asks the user to confirm its summary. */
  async function confirm(state: AssistantStateType, config: LangGraphRunnableConfig) {
    const last = state.messages.at(-1) as AIMessage;
    const calls = last.tool_calls ?? [];
    const call = calls.find((candidate) => needsConfirmation(candidate, state))!;
    const pending: PendingAction = { toolCallId: call.id ?? call.name, name: call.name, args: call.args };
    // Any other calls in the same message are answered so the history stays well-formed for LLMs.
    const skipped = calls
      .filter((candidate) => candidate !== call)
      .map((candidate) => new ToolMessage({ tool_call_id: candidate.id ?? candidate.name, name: candidate.name, content: JSON.stringify({ error: { code: 'one_action_at_a_time', message: 'Only one change is confirmed at a time.', hint: 'Ask for it again after this one.' } }) }));
    const described = await dependencies.describeAction(pending, state, config);
    return { pendingAction: pending, messages: skipped, replies: [{ ...described, choices: yesNo(state.user?.locale ?? 'en') }] };
  }

  async function tooManySteps(state: AssistantStateType) {
    const spanish = (state.user?.locale ?? 'en').startsWith('es');
    const text = spanish
      ? 'Lo siento, no he podido resolverlo. ¿Quieres que te pase con una persona del centro?'
      : "Sorry, I couldn't sort that out. Would you like me to pass you to a person at the practice?";
    const last = state.messages.at(-1) as AIMessage;
    const unanswered = (last.tool_calls ?? []).map((call) => new ToolMessage({ tool_call_id: call.id ?? call.name, name: call.name, content: JSON.stringify({ error: { code: 'step_limit', message: 'Too many steps in one turn.', hint: 'Answer the user.' } }) }));
    return { messages: [...unanswered, new AIMessage(text)], replies: [{ text }] };
  }

  const afterAgent = (state: AssistantStateType) => {
    const last = state.messages.at(-1) as AIMessage;
    const calls = last.tool_calls ?? [];
    if (calls.length === 0) return END;
    if (calls.some((call) => needsConfirmation(call, state))) return 'confirm';
    if (state.toolCallsThisTurn + calls.length > maxToolCalls) return 'tooManySteps';
    return 'tools';
  };

  return new StateGraph(AssistantState)
    .addNode('receive', receive)
    .addNode('agent', agent)
    .addNode('tools', tools)
    .addNode('confirm', confirm)
    .addNode('tooManySteps', tooManySteps)
    .addEdge(START, 'receive')
    .addEdge('receive', 'agent')
    .addConditionalEdges('agent', afterAgent, ['tools', 'confirm', 'tooManySteps', END])
    .addEdge('tools', 'agent')
    .addEdge('confirm', END)
    .addEdge('tooManySteps', END)
    .compile({ checkpointer: dependencies.checkpointer });
}

export type AssistantGraph = ReturnType<typeof buildAssistantGraph>;

/** The document a skill of this turn handed over (the user's confirmation), for channels that can pass the file on. */
function documentOfThisTurn(messages: BaseMessage[]): { id: string; title: string } | undefined {
  const turnStart = messages.findLastIndex((message) => message.getType() === 'human');
  for (const message of messages.slice(turnStart + 1).reverse()) {
    if (message.getType() !== 'tool' || (message as ToolMessage).name !== 'get_my_confirmation') continue;
    try {
      const result = JSON.parse(String(message.content)) as { document?: { id?: unknown; title?: unknown } };
      if (typeof result.document?.id === 'string' && typeof result.document.title === 'string') return { id: result.document.id, title: result.document.title };
    } catch {
      // A result that is not JSON hands nothing over.
    }
  }
  return undefined;
}
