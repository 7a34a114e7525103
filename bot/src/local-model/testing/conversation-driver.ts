/**
 * Drives the local model through a conversation in tests: the user's
 * messages, the model's turns, and fake skill results the test supplies.
 */
import { AIMessage, HumanMessage, SystemMessage, ToolMessage, type BaseMessage } from '@langchain/core/messages';
import type { Runnable } from '@langchain/core/runnables';
import { LocalChatModel, type LocalChatModelOptions } from '../local-chat-model';
import { reminderMessage } from '../../assistant/reminder-message';
import { skillTools } from './demo-directory';

export interface DriverContext {
  userId?: string;
  userName?: string;
  locale?: string;
  timeZone?: string;
  now?: string;
  /** patient (the default) or professional, as the assistant's context line says. */
  role?: string;
}

export class ConversationDriver {
  readonly messages: BaseMessage[];
  private readonly model: Runnable<BaseMessage[], AIMessage>;

  constructor(context: DriverContext = {}, options: LocalChatModelOptions = {}) {
    const line = JSON.stringify({
      userId: context.userId ?? 'patient-ana',
      userName: context.userName ?? 'Ana García',
      locale: context.locale ?? 'es',
      timeZone: context.timeZone ?? 'Europe/Madrid',
      now: context.now ?? '2026-12-01T09:00:00.000Z',
      channel: 'webchat',
      role: context.role ?? 'patient',
    });
    this.messages = [new SystemMessage(`You are the Consulta assistant.\nContext: ${line}`)];
    this.model = new LocalChatModel(options).bindTools(skillTools) as unknown as Runnable<BaseMessage[], AIMessage>;
  }

  async user(text: string): Promise<AIMessage> {
    this.messages.push(new HumanMessage(text));
    return this.turn();
  }

  /** A reminder of the appointment, written in as the graph does when the user answers it in words. */
  reminder(appointmentId: string, description: string, locale = 'en'): void {
    this.messages.push(reminderMessage({ appointmentId, description }, locale));
  }

  /** Answers every pending tool call of the last AI message with `result`, then lets the model go on. */
  async result(result: unknown): Promise<AIMessage> {
    const last = this.messages.at(-1);
    if (!AIMessage.isInstance(last) || (last.tool_calls ?? []).length === 0) throw new Error('No pending tool call');
    for (const toolCall of last.tool_calls ?? [])
      this.messages.push(new ToolMessage({ content: JSON.stringify(result), tool_call_id: toolCall.id ?? '', name: toolCall.name }));
    return this.turn();
  }

  private async turn(): Promise<AIMessage> {
    const reply = await this.model.invoke(this.messages);
    this.messages.push(reply);
    return reply;
  }
}

export function onlyCall(message: AIMessage): { name: string; args: Record<string, unknown> } {
  const calls = message.tool_calls ?? [];
  if (calls.length !== 1 || calls[0] === undefined) throw new Error(`Expected one tool call, got: ${message.text}`);
  return { name: calls[0].name, args: calls[0].args };
}

export function choicesOf(message: AIMessage): Array<{ label: string; value: string }> {
  return (message.additional_kwargs.choices as Array<{ label: string; value: string }> | undefined) ?? [];
}
