import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import multipart from '@fastify/multipart';
import websocket from '@fastify/websocket';
import type { Redis } from 'ioredis';
import type pg from 'pg';
import type { Clock } from '../../platform/clock';
import type { Config } from '../../platform/config';
import type { AuditLog } from '../identity/audit-log';
import type { TokenAuthenticator } from '../identity/authentication';
import type { UsersRepository } from '../identity/users-repository';
import { createConversationAccess } from './chat-access';
import { createLocalChatBus, createRedisChatBus, type ChatBus } from './chat-bus';
import { chatSocketRoutes, selectChatSubprotocol } from './chat-socket';
import { conversationRoutes } from './conversation-routes';
import { createConversationsService, type ConversationsService } from './conversations-service';
import { fileRoutes } from './file-routes';
import { createFilesService, type FilesService } from './files-service';
import { createLocalFileStorage, createMemoryFileStorage, type FileStorage } from './file-storage';
import { handoffRoutes } from './handoff-routes';
import { messageRoutes } from './message-routes';
import { createMessagesService, type MessagesService } from './messages-service';

export type ChatConfig = Pick<Config, 'CHAT_FILE_MAX_BYTES' | 'DATA_DIR' | 'NODE_ENV' | 'QUEUE_PREFIX'>;

/** What the host decides for chat; `registerDomainModules` adds the shared services. */
export interface ChatWiring {
  config: ChatConfig;
  /** The token verification of HTTP requests (identity), for the socket. */
  authenticate: TokenAuthenticator;
  /** The runtime's Redis: events and presence cross replicas through it when set. */
  redis?: Redis;
  /** Where file contents live; by default `chatFileStorage(config)`. */
  storage?: FileStorage;
  /** A bus of the caller's (tests share one between two apps); by default Redis when `redis` is set, else in-process. */
  bus?: ChatBus;
}

export interface ChatModuleOptions extends ChatWiring {
  pool: pg.Pool;
  clock: Clock;
  audit: AuditLog;
  users: Pick<UsersRepository, 'findPrincipal'>;
  onEventsWritten?: () => void;
}

export interface ChatServices {
  conversations: ConversationsService;
  messages: MessagesService;
  files: FilesService;
  bus: ChatBus;
}

/** Local disk under DATA_DIR/chat-files; in memory for tests, which must leave nothing behind. */
export function chatFileStorage(config: Pick<Config, 'DATA_DIR' | 'NODE_ENV'>): FileStorage {
  return config.NODE_ENV === 'test' ? createMemoryFileStorage() : createLocalFileStorage(path.join(config.DATA_DIR, 'chat-files'));
}

/**
 * The chat module: conversations, messages, files, handoffs and the socket.
 * WebSocket and multipart are registered inside the module's own context, so
 * they reach no other route.
 *
 * @example
 * const chat = await registerChatModule(app, { pool, clock, audit, users, config, authenticate: identity.authenticate, redis });
 */
export async function registerChatModule(app: FastifyInstance, options: ChatModuleOptions): Promise<ChatServices> {
  const { pool, clock, audit, users, config } = options;
  const ownsBus = !options.bus;
  const bus = options.bus ?? (options.redis ? await createRedisChatBus(options.redis, { prefix: config.QUEUE_PREFIX }) : createLocalChatBus());
  const storage = options.storage ?? chatFileStorage(config);
  const dependencies = { pool, clock, audit, users, bus };
  const conversations = createConversationsService(dependencies);
  const messages = createMessagesService(dependencies);
  const files = createFilesService({ ...dependencies, storage });

  await app.register(async (chat) => {
    await chat.register(websocket, { options: { maxPayload: 16 * 1024, handleProtocols: selectChatSubprotocol } });
    await chat.register(multipart, { limits: { fileSize: config.CHAT_FILE_MAX_BYTES, files: 1, fields: 5, fieldSize: 1_000, parts: 6 } });
    await chat.register(handoffRoutes, { pool, clock, audit, conversations, onEventsWritten: options.onEventsWritten });
    await chat.register(conversationRoutes, { conversations });
    await chat.register(messageRoutes, { messages });
    await chat.register(fileRoutes, { files, maxBytes: config.CHAT_FILE_MAX_BYTES });
    await chat.register(chatSocketRoutes, { pool, audit, bus, access: createConversationAccess({ pool, audit }), authenticate: options.authenticate });
  });
  // After the sockets: @fastify/websocket closes them in preClose, before this runs.
  if (ownsBus) app.addHook('onClose', () => bus.close());
  return { conversations, messages, files, bus };
}
