/**
 * Turns LangChain messages into the plain events the policy reasons about.
 * Everything the model knows comes from here: there is no other memory, so a
 * conversation restored from a checkpoint reads exactly as it did before.
 */
import { AIMessage, HumanMessage, SystemMessage, ToolMessage, type BaseMessage } from '@langchain/core/messages';
import type { Locale } from './understanding/index';
import type { Choice } from './steps';

/** The line the graph puts in the system message: `Context: {...}`. */
export interface AssistantContext {
  userId: string;
  userName: string;
  locale: Locale;
  timeZone: string;
  now: Date;
  channel: string;
  role: string;
}

export interface RecordedCall {
  id: string;
  name: string;
  args: Record<string, unknown>;
}

export type TranscriptEvent =
  | { type: 'user'; text: string }
  /** `regarding`: a reminder written into the conversation when it was answered, and its appointment. */
  | { type: 'assistant'; text: string; choices: Choice[]; calls: RecordedCall[]; regarding?: string }
  | { type: 'result'; callId: string; name: string; result: unknown };

export interface Transcript {
  context: AssistantContext;
  events: TranscriptEvent[];
}

const CONTEXT_LINE = /^\s*Context:\s*(\{.*\})\s*$/m;

export function readTranscript(messages: BaseMessage[], fallbackNow: () => Date): Transcript {
  let context: AssistantContext | null = null;
  const events: TranscriptEvent[] = [];
  const callNames = new Map<string, string>();
  for (const message of messages) {
    if (SystemMessage.isInstance(message)) {
      context = readContext(message.text, fallbackNow) ?? context;
    } else if (HumanMessage.isInstance(message)) {
      events.push({ type: 'user', text: message.text });
    } else if (AIMessage.isInstance(message)) {
      const calls = (message.tool_calls ?? []).map((toolCall, index) => ({
        id: toolCall.id ?? `call-${events.length}-${index}`,
        name: toolCall.name,
        args: toolCall.args,
      }));
      for (const recorded of calls) callNames.set(recorded.id, recorded.name);
      const regarding = readRegarding(message.additional_kwargs.regarding);
      events.push({ type: 'assistant', text: message.text, choices: readChoices(message.additional_kwargs.choices), calls, ...(regarding ? { regarding } : {}) });
    } else if (ToolMessage.isInstance(message)) {
      const name = callNames.get(message.tool_call_id) ?? message.name ?? '';
      events.push({ type: 'result', callId: message.tool_call_id, name, result: parseJson(message.text) });
    }
  }
  return { context: context ?? defaultContext(fallbackNow()), events };
}

function readContext(text: string, fallbackNow: () => Date): AssistantContext | null {
  const match = CONTEXT_LINE.exec(text);
  if (match?.[1] === undefined) return null;
  const raw = parseJson(match[1]);
  if (typeof raw !== 'object' || raw === null) return null;
  const fields = raw as Record<string, unknown>;
  const stringField = (key: string, fallback: string) => (typeof fields[key] === 'string' ? (fields[key] as string) : fallback);
  const now = new Date(stringField('now', ''));
  return {
    userId: stringField('userId', ''),
    userName: stringField('userName', ''),
    // Only English and Spanish are written; any other profile language starts in English.
    locale: stringField('locale', 'en').toLowerCase().startsWith('es') ? 'es' : 'en',
    timeZone: stringField('timeZone', 'UTC'),
    now: Number.isNaN(now.getTime()) ? fallbackNow() : now,
    channel: stringField('channel', 'webchat'),
    role: stringField('role', 'patient'),
  };
}

function defaultContext(now: Date): AssistantContext {
  return { userId: '', userName: '', locale: 'en', timeZone: 'UTC', now, channel: 'webchat', role: 'patient' };
}

function readChoices(value: unknown): Choice[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((item: unknown) => {
    if (typeof item !== 'object' || item === null) return [];
    const { label, value: choiceValue } = item as Record<string, unknown>;
    return typeof label === 'string' && typeof choiceValue === 'string' ? [{ label, value: choiceValue }] : [];
  });
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    // A tool that answered in prose still told the model something went wrong.
    return { error: { code: 'unreadable_result', message: text, hint: '' } };
  }
}

function readRegarding(value: unknown): string | undefined {
  const appointmentId = (value as { appointmentId?: unknown } | null | undefined)?.appointmentId;
  return typeof appointmentId === 'string' && appointmentId !== '' ? appointmentId : undefined;
}
