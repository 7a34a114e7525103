import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { invalid } from '../../platform/errors';
import { Message, MessagePage, MessageTraceEntry, Receipt } from './chat-schemas';
import { callerOf, ConversationParams, errors, id, tags } from './conversation-routes';
import type { MessagesService } from './messages-service';

const messageId = Type.String({ pattern: '^[1-9][0-9]{0,17}$' });
const MessageParams = Type.Object({ conversationId: id, messageId });
const Body = Type.String({ minLength: 1, maxLength: 10_000 });

/** Messages, threads, history and read receipts of a conversation. */
export const messageRoutes: FastifyPluginAsyncTypebox<{ messages: MessagesService }> = async (app, { messages }) => {
  app.get(
    '/chat/conversations/:conversationId/messages',
    {
      schema: {
        tags,
        summary: 'History, oldest first within a page; an audited read',
        description:
          'Without a cursor: the newest `limit` messages. `before=<id>`: the page before it (pass `nextCursor`); `after=<id>`: the messages since, ' +
          'oldest first (catching up after a reconnect; pass `nextCursor` as `after`). `thread=<id>`: only the replies to that message. ' +
          'Deleted messages stay as tombstones (`body` null, `deletedAt` set).',
        params: ConversationParams,
        querystring: Type.Object({
          before: Type.Optional(messageId), after: Type.Optional(messageId), thread: Type.Optional(messageId),
          limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
        }),
        response: { 200: MessagePage, ...errors },
      },
    },
    (request) => {
      const { before, after, thread, limit } = request.query;
      if (before && after) throw invalid('cursor_conflict', 'Page with `before` or with `after`, not both.');
      return messages.history(callerOf(request), request.params.conversationId, { before, after, thread, limit });
    },
  );

  app.post(
    '/chat/conversations/:conversationId/messages',
    {
      schema: {
        tags, summary: 'Post a message (participants not muted, open conversations); `replyTo` answers in a thread, `fileId` attaches a shared file',
        params: ConversationParams, body: Type.Object({ body: Body, replyTo: Type.Optional(messageId), fileId: Type.Optional(id) }),
        response: { 201: Message, ...errors },
      },
    },
    async (request, reply) => reply.status(201).send(await messages.post(callerOf(request), request.params.conversationId, request.body)),
  );

  app.patch(
    '/chat/conversations/:conversationId/messages/:messageId',
    {
      schema: {
        tags, summary: 'Edit your message; what it said before is kept in its trace',
        params: MessageParams, body: Type.Object({ body: Body }), response: { 200: Message, ...errors },
      },
    },
    (request) => messages.edit(callerOf(request), request.params.conversationId, request.params.messageId, request.body.body),
  );

  app.delete(
    '/chat/conversations/:conversationId/messages/:messageId',
    {
      schema: {
        tags, summary: 'Delete a message (its author, or the owner and admins): a tombstone stays, the text moves to its trace',
        params: MessageParams, response: { 200: Message, ...errors },
      },
    },
    (request) => messages.remove(callerOf(request), request.params.conversationId, request.params.messageId),
  );

  app.get(
    '/chat/conversations/:conversationId/messages/:messageId/trace',
    {
      schema: {
        tags, summary: 'What a message said before each edit and its deletion (its author, the owner and admins); an audited read',
        params: MessageParams, response: { 200: Type.Array(MessageTraceEntry), ...errors },
      },
    },
    (request) => messages.trace(callerOf(request), request.params.conversationId, request.params.messageId),
  );

  app.post(
    '/chat/conversations/:conversationId/receipts',
    {
      schema: {
        tags, summary: 'Mark the conversation read up to a message (the marker only moves forward); pushed as `receipt` on the socket',
        params: ConversationParams, body: Type.Object({ messageId }), response: { 200: Receipt, ...errors },
      },
    },
    (request) => messages.markRead(callerOf(request), request.params.conversationId, request.body.messageId),
  );

  app.get(
    '/chat/conversations/:conversationId/receipts',
    {
      schema: { tags, summary: 'How far each participant has read', params: ConversationParams, response: { 200: Type.Array(Receipt), ...errors } },
    },
    (request) => messages.receipts(callerOf(request), request.params.conversationId),
  );
};
