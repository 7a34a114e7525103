import type { ChatFile, Conversation, Message } from './chat-schemas';

/**
 * What the socket pushes, as carried by the bus. Every event names its
 * conversation; `conversation.added` and `conversation.removed` go to one
 * person's sockets.
 */
export type ChatEvent =
  | { type: 'message.created' | 'message.edited' | 'message.deleted'; conversationId: string; message: Message }
  | { type: 'receipt'; conversationId: string; userId: string; messageId: string; readAt: string }
  | { type: 'typing'; conversationId: string; userId: string; typing: boolean }
  | { type: 'presence'; conversationId: string; userId: string; online: boolean }
  | { type: 'conversation.updated'; conversationId: string; conversation: Omit<Conversation, 'unreadCount'> }
  | { type: 'conversation.added' | 'conversation.removed'; conversationId: string; userId: string }
  | { type: 'file.created'; conversationId: string; file: ChatFile };
