import type { Activity } from './activity';
import type { ActivityBus } from './activity-bus';
import type { AppendResult, TranscriptStore } from './transcript-store';

/**
 * Writing to a conversation: store the activity, then tell the streams.
 * Ephemeral activities (typing) are only pushed, never stored, as Direct
 * Line does.
 */
export function createConversationFeed(store: TranscriptStore, bus: ActivityBus) {
  return {
    /** Undefined when there is no such conversation. */
    async post(conversationId: string, activity: Activity, clientActivityId?: string): Promise<AppendResult | undefined> {
      const result = await store.append(conversationId, activity, clientActivityId);
      if (result && !result.duplicate) await bus.publish(conversationId, { activities: [result.activity], watermark: String(result.watermark) });
      return result;
    },
    async signal(conversationId: string, activity: Activity): Promise<void> {
      await bus.publish(conversationId, { activities: [{ ...activity, timestamp: new Date().toISOString(), conversation: { id: conversationId } }] });
    },
  };
}

export type ConversationFeed = ReturnType<typeof createConversationFeed>;
