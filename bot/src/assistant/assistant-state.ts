import { Annotation, MessagesAnnotation } from '@langchain/langgraph';
import type { OutboundMessage, Regarding } from '@consulta/channels';
import type { UserContext } from './user-context';

/** A state-changing tool call waiting for the user's yes. */
export interface PendingAction {
  toolCallId: string;
  name: string;
  args: Record<string, unknown>;
}

/**
 * The conversation state, checkpointed per channel conversation. `messages`
 * is what the model sees; `replies` collects what the user is sent this turn.
 */
export const AssistantState = Annotation.Root({
  ...MessagesAnnotation.spec,
  user: Annotation<UserContext | null>({ reducer: (_current, update) => update, default: () => null }),
  /** The user's text of this turn, consumed by the receive step. */
  input: Annotation<string>({ reducer: (_current, update) => update, default: () => '' }),
  /** The appointment this turn's text answers (a reminder's), consumed by the receive step like `input`. */
  regarding: Annotation<Regarding | null>({ reducer: (_current, update) => update, default: () => null }),
  pendingAction: Annotation<PendingAction | null>({ reducer: (_current, update) => update, default: () => null }),
  /** `null` starts a new turn's list. */
  replies: Annotation<OutboundMessage[], OutboundMessage[] | null>({
    reducer: (current, update) => (update === null ? [] : [...current, ...update]),
    default: () => [],
  }),
  /** Tool calls since the last user message, to cap loops. */
  toolCallsThisTurn: Annotation<number>({ reducer: (_current, update) => update, default: () => 0 }),
});

export type AssistantStateType = typeof AssistantState.State;
