import { inTransaction, type Queryable } from '../../platform/database/transaction';
import { conflict, forbidden, notFound } from '../../platform/errors';
import { canDeleteChatMessage, canEditChatMessage, canPostInConversation, canReadChatMessageTrace } from '../identity/policy';
import { conversationTopic } from './chat-bus';
import {
  conversationNotOpen, createConversationAccess, participantMuted, type AccessibleConversation, type ChatCaller, type ChatDependencies,
} from './chat-access';
import type { Message, MessagePage, MessageTraceEntry, Receipt } from './chat-schemas';

const messageColumns = `m.id, m.conversation_id, m.author_id, m.body, m.reply_to, m.file_id, m.created_at, m.edited_at, m.deleted_at,
  (SELECT count(*)::int FROM chat.messages r WHERE r.reply_to = m.id) AS reply_count`;

const toMessage = (row: Record<string, unknown>): Message => ({
  id: String(row.id),
  conversationId: row.conversation_id as string,
  authorId: row.author_id as string,
  body: row.body as string | null,
  replyTo: row.reply_to === null ? null : String(row.reply_to),
  fileId: row.file_id as string | null,
  replyCount: row.reply_count as number,
  createdAt: (row.created_at as Date).toISOString(),
  editedAt: row.edited_at ? (row.edited_at as Date).toISOString() : null,
  deletedAt: row.deleted_at ? (row.deleted_at as Date).toISOString() : null,
});

export interface HistoryQuery {
  /** Older than this message id (the default pages back from the newest). */
  before?: string;
  /** Newer than this message id, oldest first: catching up after a reconnect. */
  after?: string;
  /** Only the replies in this message's thread. */
  thread?: string;
  limit: number;
}

/**
 * Messages: posted, edited and deleted with a trace of what they said, threads
 * (a reply to a reply joins its root's thread), cursor-paged history and read
 * receipts. Only participants read or write; every read is audited.
 */
export function createMessagesService(dependencies: ChatDependencies) {
  const { pool, clock, audit, bus } = dependencies;
  const access = createConversationAccess(dependencies);

  const auditEntry = (action: string, found: AccessibleConversation, resourceId = found.conversation.id) => ({
    action, resourceType: 'chat_conversation', resourceId, patientId: found.conversation.patientId,
  });

  async function findMessage(conversationId: string, messageId: string, database: Queryable = pool): Promise<Message> {
    const { rows } = await database.query(`SELECT ${messageColumns} FROM chat.messages m WHERE m.conversation_id = $1 AND m.id = $2`, [conversationId, messageId]);
    if (!rows[0]) throw notFound('message', messageId);
    return toMessage(rows[0]);
  }

  function requireWritable(caller: ChatCaller, found: AccessibleConversation) {
    if (!canPostInConversation(caller.principal, found.access)) throw participantMuted();
    if (found.conversation.state !== 'open') throw conversationNotOpen(found.conversation.state);
  }

  const publish = (type: 'message.created' | 'message.edited' | 'message.deleted', message: Message) =>
    bus.publish(conversationTopic(message.conversationId), { type, conversationId: message.conversationId, message });

  return {
    async post(caller: ChatCaller, conversationId: string, input: { body: string; replyTo?: string; fileId?: string }): Promise<Message> {
      const found = await access.require(caller, conversationId);
      requireWritable(caller, found);
      // Threads stay one level deep: answering a reply answers its root.
      const replyTo = input.replyTo ? ((await findMessage(conversationId, input.replyTo)).replyTo ?? input.replyTo) : null;
      if (input.fileId) {
        const { rowCount } = await pool.query(`SELECT 1 FROM chat.files WHERE id = $1 AND conversation_id = $2`, [input.fileId, conversationId]);
        if (!rowCount) throw notFound('file', input.fileId);
      }
      const message = await inTransaction(pool, async (client) => {
        const { rows } = await client.query(
          `INSERT INTO chat.messages (conversation_id, author_id, body, reply_to, file_id, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
          [conversationId, caller.principal.userId, input.body, replyTo, input.fileId ?? null, clock.now()],
        );
        await audit.record(caller.audit, { ...auditEntry('chat.message.create', found), resourceType: 'chat_message', resourceId: String(rows[0].id) }, client);
        return findMessage(conversationId, String(rows[0].id), client);
      });
      await publish('message.created', message);
      return message;
    },

    async edit(caller: ChatCaller, conversationId: string, messageId: string, body: string): Promise<Message> {
      const found = await access.require(caller, conversationId);
      const message = await findMessage(conversationId, messageId);
      if (!canEditChatMessage(caller.principal, message)) throw forbidden('Only the author edits a message.');
      requireWritable(caller, found);
      if (message.deletedAt) throw conflict('message_deleted', 'A deleted message cannot be edited.');
      const edited = await inTransaction(pool, async (client) => {
        const now = clock.now();
        await client.query(
          `INSERT INTO chat.message_trace (message_id, change, previous_body, actor_id, at) VALUES ($1, 'edit', $2, $3, $4)`,
          [messageId, message.body, caller.principal.userId, now],
        );
        await client.query(`UPDATE chat.messages SET body = $2, edited_at = $3 WHERE id = $1`, [messageId, body, now]);
        await audit.record(caller.audit, { ...auditEntry('chat.message.edit', found), resourceType: 'chat_message', resourceId: messageId }, client);
        return findMessage(conversationId, messageId, client);
      });
      await publish('message.edited', edited);
      return edited;
    },

    /** The text goes from the message (a tombstone stays in its place) into the trace. Deleting twice changes nothing. */
    async remove(caller: ChatCaller, conversationId: string, messageId: string): Promise<Message> {
      const found = await access.require(caller, conversationId);
      const message = await findMessage(conversationId, messageId);
      if (!canDeleteChatMessage(caller.principal, message, found.access)) throw forbidden('Only the author or a moderator deletes a message.');
      if (message.deletedAt) return message;
      const deleted = await inTransaction(pool, async (client) => {
        const now = clock.now();
        await client.query(
          `INSERT INTO chat.message_trace (message_id, change, previous_body, actor_id, at) VALUES ($1, 'delete', $2, $3, $4)`,
          [messageId, message.body, caller.principal.userId, now],
        );
        await client.query(`UPDATE chat.messages SET body = NULL, deleted_at = $2, deleted_by = $3 WHERE id = $1`, [messageId, now, caller.principal.userId]);
        await audit.record(caller.audit, { ...auditEntry('chat.message.delete', found), resourceType: 'chat_message', resourceId: messageId }, client);
        return findMessage(conversationId, messageId, client);
      });
      await publish('message.deleted', deleted);
      return deleted;
    },

    async history(caller: ChatCaller, conversationId: string, query: HistoryQuery): Promise<MessagePage> {
      const found = await access.require(caller, conversationId);
      if (query.thread) await findMessage(conversationId, query.thread);
      const forward = query.after !== undefined;
      const { rows } = await pool.query(
        `SELECT ${messageColumns} FROM chat.messages m
          WHERE m.conversation_id = $1 AND ($2::bigint IS NULL OR m.id < $2) AND ($3::bigint IS NULL OR m.id > $3)
            AND ($4::bigint IS NULL OR m.reply_to = $4)
          ORDER BY m.id ${forward ? 'ASC' : 'DESC'} LIMIT $5`,
        [conversationId, query.before ?? null, query.after ?? null, query.thread ?? null, query.limit + 1],
      );
      const more = rows.length > query.limit;
      const page = rows.slice(0, query.limit).map(toMessage);
      if (!forward) page.reverse();
      await audit.record(caller.audit, auditEntry('chat.messages.read', found));
      const edge = forward ? page.at(-1) : page[0];
      return { items: page, nextCursor: more && edge ? edge.id : null };
    },

    async trace(caller: ChatCaller, conversationId: string, messageId: string): Promise<MessageTraceEntry[]> {
      const found = await access.require(caller, conversationId);
      const message = await findMessage(conversationId, messageId);
      if (!canReadChatMessageTrace(caller.principal, message, found.access)) throw forbidden('Only the author or a moderator reads what a message said before.');
      const { rows } = await pool.query(
        `SELECT change, previous_body, actor_id, at FROM chat.message_trace WHERE message_id = $1 ORDER BY id`,
        [messageId],
      );
      await audit.record(caller.audit, { ...auditEntry('chat.message.trace.read', found), resourceType: 'chat_message', resourceId: messageId });
      return rows.map((row) => ({ change: row.change, previousBody: row.previous_body, actorId: row.actor_id, at: (row.at as Date).toISOString() }));
    },

    /** Moves the caller's read marker forward (never back) and tells the other participants. */
    async markRead(caller: ChatCaller, conversationId: string, messageId: string): Promise<Receipt> {
      await access.require(caller, conversationId);
      await findMessage(conversationId, messageId);
      const userId = caller.principal.userId;
      const { rows } = await pool.query(
        `INSERT INTO chat.read_receipts (conversation_id, user_id, message_id, read_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (conversation_id, user_id) DO UPDATE SET message_id = EXCLUDED.message_id, read_at = EXCLUDED.read_at
           WHERE chat.read_receipts.message_id < EXCLUDED.message_id
         RETURNING message_id, read_at`,
        [conversationId, userId, messageId, clock.now()],
      );
      if (rows[0]) {
        const receipt = { userId, messageId: String(rows[0].message_id), readAt: (rows[0].read_at as Date).toISOString() };
        await bus.publish(conversationTopic(conversationId), { type: 'receipt', conversationId, ...receipt });
        return receipt;
      }
      const current = await pool.query(`SELECT message_id, read_at FROM chat.read_receipts WHERE conversation_id = $1 AND user_id = $2`, [conversationId, userId]);
      return { userId, messageId: String(current.rows[0].message_id), readAt: (current.rows[0].read_at as Date).toISOString() };
    },

    async receipts(caller: ChatCaller, conversationId: string): Promise<Receipt[]> {
      const found = await access.require(caller, conversationId);
      const { rows } = await pool.query(
        `SELECT user_id, message_id, read_at FROM chat.read_receipts WHERE conversation_id = $1 ORDER BY user_id`,
        [conversationId],
      );
      await audit.record(caller.audit, auditEntry('chat.receipts.read', found));
      return rows.map((row) => ({ userId: row.user_id, messageId: String(row.message_id), readAt: (row.read_at as Date).toISOString() }));
    },
  };
}

export type MessagesService = ReturnType<typeof createMessagesService>;
