import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import type pg from 'pg';
import { Type } from 'typebox';
import type { WebSocket } from 'ws';
import { AppError, unauthenticated } from '../../platform/errors';
import type { AuditLog } from '../identity/audit-log';
import type { TokenAuthenticator } from '../identity/authentication';
import { requireUser } from '../identity/authentication';
import { ErrorResponse } from '../identity/identity-schemas';
import { canPostInConversation, canReadConversation } from '../identity/policy';
import type { UserPrincipal } from '../identity/principal';
import { conversationTopic, userTopic, type ChatBus } from './chat-bus';
import type { ChatEvent } from './chat-events';
import type { ConversationAccessLoader } from './chat-access';
import { chatSocketProtocolDescription } from './chat-socket-protocol';

/** The subprotocol a browser offers beside `bearer.<token>`; the server selects it and never echoes the token. */
export const chatSocketProtocol = 'consulta.chat.v1';
const bearerPrefix = 'bearer.';
const heartbeatMs = 30_000;

export interface ChatSocketOptions {
  pool: pg.Pool;
  audit: AuditLog;
  bus: ChatBus;
  access: ConversationAccessLoader;
  authenticate: TokenAuthenticator;
}

/** The token of a socket: `Authorization` (already verified), `?token=`, or the `bearer.<token>` subprotocol. */
function tokenOf(request: FastifyRequest): string | undefined {
  const query = request.query as { token?: string };
  if (query.token) return query.token;
  const offered = String(request.headers['sec-websocket-protocol'] ?? '').split(',').map((value) => value.trim());
  return offered.find((value) => value.startsWith(bearerPrefix))?.slice(bearerPrefix.length) || undefined;
}

export function selectChatSubprotocol(offered: Set<string>): string | false {
  return offered.has(chatSocketProtocol) ? chatSocketProtocol : false;
}

/** `GET /chat/socket`: the real-time side of chat (the protocol is in `chat-socket-protocol.ts`). */
export const chatSocketRoutes: FastifyPluginAsyncTypebox<ChatSocketOptions> = async (app, options) => {
  app.route({
    method: 'GET',
    url: '/chat/socket',
    schema: {
      tags: ['chat'],
      summary: 'WebSocket: messages, receipts, typing and presence of your conversations in real time',
      description: chatSocketProtocolDescription,
      querystring: Type.Object({ token: Type.Optional(Type.String({ minLength: 1, maxLength: 8_192 })) }),
      response: { 401: ErrorResponse, 403: ErrorResponse, 426: ErrorResponse },
    },
    // Before the upgrade, so a refused token is an HTTP 401 the client can read, and no socket opens.
    preValidation: async (request) => {
      const token = request.principal ? undefined : tokenOf(request);
      if (token) request.principal = await options.authenticate(token);
      if (!request.principal) throw unauthenticated('Connect with ?token=, a `bearer.<token>` subprotocol, or an Authorization header.');
      requireUser(request);
    },
    handler: async (_request, reply) => reply.status(426).header('upgrade', 'websocket').send({ code: 'upgrade_required', message: 'Connect with a WebSocket.' }),
    wsHandler: (socket, request) => startSession(socket, requireUser(request), request.id, options),
  });
};

interface ClientMessage {
  type?: unknown;
  conversationIds?: unknown;
  conversationId?: unknown;
  typing?: unknown;
  id?: unknown;
}

function startSession(socket: WebSocket, principal: UserPrincipal, requestId: string, options: ChatSocketOptions) {
  const { pool, audit, bus, access } = options;
  const auditContext = { principal, requestId };
  const subscriptions = new Map<string, { unsubscribe: () => void; mayPost: boolean }>();
  let followsAll = false;
  let closed = false;
  let alive = true;
  // One message at a time, so a subscribe and the typing after it keep their order.
  let queue: Promise<void> = Promise.resolve();

  const send = (message: object) => {
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
  };
  const forward = (event: ChatEvent) => {
    if (event.type === 'typing' && event.userId === principal.userId) return;
    send(event);
  };

  async function subscribe(conversationIds: string[]): Promise<string[]> {
    const added: string[] = [];
    for (const conversationId of conversationIds) {
      if (subscriptions.has(conversationId)) {
        added.push(conversationId);
        continue;
      }
      const found = await access.find(conversationId, principal.userId);
      if (!found || !canReadConversation(principal, found.access)) {
        send({ type: 'error', code: 'conversation_not_found', message: `No conversation with id "${conversationId}".`, conversationId });
        continue;
      }
      // A subscription reads everything said in the conversation from now on: audited like a read.
      await audit.record(auditContext, {
        action: 'chat.conversation.subscribe', resourceType: 'chat_conversation', resourceId: conversationId, patientId: found.conversation.patientId,
      });
      if (closed) break;
      subscriptions.set(conversationId, { unsubscribe: bus.subscribe(conversationTopic(conversationId), forward), mayPost: canPostInConversation(principal, found.access) });
      added.push(conversationId);
    }
    return added;
  }

  function unsubscribe(conversationId: string) {
    subscriptions.get(conversationId)?.unsubscribe();
    subscriptions.delete(conversationId);
  }

  async function myConversations(): Promise<string[]> {
    const { rows } = await pool.query(
      `SELECT conversation_id FROM chat.participants WHERE user_id = $1 AND left_at IS NULL ORDER BY conversation_id`,
      [principal.userId],
    );
    return rows.map((row) => row.conversation_id as string);
  }

  async function presenceOf(conversationIds: string[]) {
    if (conversationIds.length === 0) return [];
    const { rows } = await pool.query(
      `SELECT DISTINCT user_id FROM chat.participants WHERE conversation_id = ANY($1) AND left_at IS NULL ORDER BY user_id`,
      [conversationIds],
    );
    const userIds = rows.map((row) => row.user_id as string);
    const online = await bus.presence.online(userIds);
    return userIds.map((userId) => ({ userId, online: online.has(userId) }));
  }

  async function announcePresence(online: boolean) {
    for (const conversationId of await myConversations()) {
      await bus.publish(conversationTopic(conversationId), { type: 'presence', conversationId, userId: principal.userId, online });
    }
  }

  async function handle(message: ClientMessage) {
    const ids = Array.isArray(message.conversationIds) ? message.conversationIds.filter((value): value is string => typeof value === 'string').slice(0, 500) : undefined;
    const reply = (body: object) => send(message.id === undefined ? body : { ...body, id: message.id });
    switch (message.type) {
      case 'subscribe': {
        if (!ids) followsAll = true;
        const subscribed = await subscribe(ids ?? (await myConversations()));
        reply({ type: 'subscribed', conversationIds: subscribed, presence: await presenceOf(subscribed) });
        return;
      }
      case 'unsubscribe':
        for (const conversationId of ids ?? [...subscriptions.keys()]) unsubscribe(conversationId);
        if (!ids) followsAll = false;
        reply({ type: 'unsubscribed', conversationIds: ids ?? [] });
        return;
      case 'typing': {
        const conversationId = typeof message.conversationId === 'string' ? message.conversationId : '';
        const subscription = subscriptions.get(conversationId);
        if (!subscription) return reply({ type: 'error', code: 'not_subscribed', message: 'Subscribe to the conversation before typing in it.', conversationId });
        if (!subscription.mayPost) return reply({ type: 'error', code: 'participant_muted', message: 'You are muted in this conversation.', conversationId });
        await bus.publish(conversationTopic(conversationId), { type: 'typing', conversationId, userId: principal.userId, typing: message.typing !== false });
        return;
      }
      case 'ping':
        return reply({ type: 'pong' });
      default:
        return reply({ type: 'error', code: 'unknown_message', message: 'Send subscribe, unsubscribe, typing or ping.' });
    }
  }

  const unsubscribeUser = bus.subscribe(userTopic(principal.userId), (event) => {
    if (event.type === 'conversation.removed') unsubscribe(event.conversationId);
    if (event.type === 'conversation.added' && followsAll) {
      queue = queue.then(() => subscribe([event.conversationId]).then(() => undefined)).catch(() => undefined);
    }
    send(event);
  });

  socket.on('message', (data, isBinary) => {
    let message: ClientMessage;
    try {
      if (isBinary) throw new Error('binary');
      message = JSON.parse(String(data)) as ClientMessage;
      if (typeof message !== 'object' || message === null) throw new Error('not an object');
    } catch {
      send({ type: 'error', code: 'invalid_message', message: 'Send JSON objects as text frames.' });
      return;
    }
    queue = queue.then(() => handle(message)).catch((error: unknown) => {
      const known = error instanceof AppError;
      send({ type: 'error', code: known ? error.code : 'internal_error', message: known ? error.message : 'Something went wrong on our side.' });
    });
  });
  socket.on('pong', () => {
    alive = true;
  });
  // Dead peers (a laptop closed mid-session) never send a close: pinged, and dropped when silent.
  const heartbeat = setInterval(() => {
    if (!alive) return socket.terminate();
    alive = false;
    socket.ping();
  }, heartbeatMs);
  heartbeat.unref();

  const presence = bus.presence.connect(principal.userId).then((first) => (first ? announcePresence(true) : undefined)).catch(() => undefined);
  send({ type: 'ready', userId: principal.userId, protocol: chatSocketProtocol });

  socket.on('close', () => {
    closed = true;
    clearInterval(heartbeat);
    unsubscribeUser();
    for (const conversationId of [...subscriptions.keys()]) unsubscribe(conversationId);
    void presence
      .then(() => bus.presence.disconnect(principal.userId))
      .then((last) => (last ? announcePresence(false) : undefined))
      .catch(() => undefined);
  });
}
