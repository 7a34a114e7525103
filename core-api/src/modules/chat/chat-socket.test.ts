import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { coreApi } from '../../app';
import { installErrorHandler } from '../../platform/http-errors';
import { createTestRuntime, type TestRuntime } from '../../testing/test-runtime';
import { createLocalChatBus, type ChatBus } from './chat-bus';

// Two core-api instances on one database, as two replicas behind a load balancer: with REDIS_URL their
// chat buses meet in Redis; without it they share one in-process bus (the embedded default has one process).
let runtime: TestRuntime;
let first: FastifyInstance;
let second: FastifyInstance;
let sharedBus: ChatBus | undefined;
let keyDirectory: string;
const tokens: Record<string, string> = {};
const clients: Client[] = [];

async function startInstance(): Promise<FastifyInstance> {
  const app = Fastify({ logger: false });
  installErrorHandler(app);
  // One dev-issuer key for both, as replicas share their signing keys.
  await app.register(coreApi, { prefix: '/api/v1', ...runtime, devIssuerKeyFile: path.join(keyDirectory, 'dev-issuer-key.json'), chatBus: sharedBus });
  await app.listen({ port: 0, host: '127.0.0.1' });
  return app;
}

beforeAll(async () => {
  keyDirectory = mkdtempSync(path.join(tmpdir(), 'chat-socket-'));
  runtime = await createTestRuntime();
  sharedBus = runtime.redis ? undefined : createLocalChatBus();
  first = await startInstance();
  second = await startInstance();
  for (const userId of ['patient-ana', 'patient-ben', 'dr-lopez', 'dr-chen']) {
    tokens[userId] = (await first.inject({ method: 'POST', url: '/api/v1/dev/token', payload: { userId } })).json().token;
  }
});
afterAll(async () => {
  for (const client of clients) client.socket.terminate();
  await first?.close();
  await second?.close();
  await sharedBus?.close();
  await runtime?.close();
  rmSync(keyDirectory, { recursive: true, force: true });
});

type Event = Record<string, unknown> & { type: string };

/** A socket client that keeps every event and waits for the one a test expects. */
class Client {
  readonly events: Event[] = [];
  private waiters: Array<{ predicate: (event: Event) => boolean; resolve: (event: Event) => void }> = [];
  constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => {
      const event = JSON.parse(String(data)) as Event;
      this.events.push(event);
      this.waiters = this.waiters.filter((waiter) => (waiter.predicate(event) ? (waiter.resolve(event), false) : true));
    });
  }
  send(message: object) {
    this.socket.send(JSON.stringify(message));
  }
  next(predicate: (event: Event) => boolean, timeoutMs = 5_000): Promise<Event> {
    const seen = this.events.find(predicate);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no matching event; got ${JSON.stringify(this.events.map((event) => event.type))}`)), timeoutMs);
      this.waiters.push({ predicate, resolve: (event) => (clearTimeout(timer), resolve(event)) });
    });
  }
  async subscribe(conversationIds?: string[]) {
    const id = Math.random().toString(36).slice(2);
    this.send({ type: 'subscribe', id, ...(conversationIds ? { conversationIds } : {}) });
    return this.next((event) => event.type === 'subscribed' && event.id === id);
  }
}

const urlOf = (app: FastifyInstance) => {
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('not listening');
  return `ws://127.0.0.1:${address.port}/api/v1/chat/socket`;
};

async function connect(app: FastifyInstance, options: { token?: string; protocols?: string[]; query?: boolean } = {}): Promise<Client> {
  const url = options.token && options.query !== false ? `${urlOf(app)}?token=${options.token}` : urlOf(app);
  const socket = new WebSocket(url, options.protocols);
  const client = new Client(socket);
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  clients.push(client);
  await client.next((event) => event.type === 'ready');
  return client;
}

const rest = (app: FastifyInstance, as: string, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
  app.inject({ method, url: `/api/v1${url}`, headers: { authorization: `Bearer ${tokens[as]}` }, ...(payload ? { payload } : {}) });

async function directConversation(patient: string, professional: string) {
  return (await rest(first, patient, 'POST', '/chat/conversations', { kind: 'direct', patientId: patient, professionalId: professional })).json().id as string;
}

const closed = (client: Client) => new Promise<void>((resolve) => {
  client.socket.once('close', () => resolve());
  client.socket.close();
});

describe('authentication on connect', () => {
  it('refuses a missing or bad token with 401 before the upgrade, and a plain GET with 426', async () => {
    await expect(connect(first)).rejects.toThrow(/401/);
    await expect(connect(first, { token: 'not-a-token' })).rejects.toThrow(/401/);
    await expect(connect(first, { protocols: ['consulta.chat.v1', 'bearer.not-a-token'] })).rejects.toThrow(/401/);
    const plain = await first.inject({ method: 'GET', url: '/api/v1/chat/socket', headers: { authorization: `Bearer ${tokens['patient-ana']}` } });
    expect(plain.statusCode).toBe(426);
  });

  it('takes the token from the query, the bearer subprotocol (never echoed) or the Authorization header', async () => {
    const byQuery = await connect(first, { token: tokens['patient-ana'] });
    expect(byQuery.events[0]).toMatchObject({ type: 'ready', userId: 'patient-ana' });
    const byProtocol = await connect(first, { protocols: ['consulta.chat.v1', `bearer.${tokens['dr-lopez']}`] });
    expect(byProtocol.socket.protocol).toBe('consulta.chat.v1');
    expect(byProtocol.events[0]).toMatchObject({ userId: 'dr-lopez' });
    const byHeader = new Client(new WebSocket(urlOf(first), { headers: { authorization: `Bearer ${tokens['dr-chen']}` } }));
    clients.push(byHeader);
    expect(await byHeader.next((event) => event.type === 'ready')).toMatchObject({ userId: 'dr-chen' });
    for (const client of [byQuery, byProtocol, byHeader]) await closed(client);
  });
});

describe('two clients on one instance', () => {
  it('see messages, edits, deletions, receipts and typing; an outsider sees nothing', async () => {
    const conversationId = await directConversation('patient-ana', 'dr-lopez');
    const ana = await connect(first, { token: tokens['patient-ana'] });
    const lopez = await connect(first, { token: tokens['dr-lopez'] });
    const ben = await connect(first, { token: tokens['patient-ben'] });
    expect((await ana.subscribe()).conversationIds).toContain(conversationId);
    expect((await lopez.subscribe([conversationId])).conversationIds).toEqual([conversationId]);
    const refused = await ben.subscribe([conversationId]);
    expect(refused.conversationIds).toEqual([]);
    expect(ben.events).toContainEqual(expect.objectContaining({ type: 'error', code: 'conversation_not_found', conversationId }));

    const posted = (await rest(first, 'dr-lopez', 'POST', `/chat/conversations/${conversationId}/messages`, { body: 'Your results are fine' })).json();
    expect((await ana.next((event) => event.type === 'message.created')).message).toMatchObject({ id: posted.id, body: 'Your results are fine', authorId: 'dr-lopez' });
    await rest(first, 'dr-lopez', 'PATCH', `/chat/conversations/${conversationId}/messages/${posted.id}`, { body: 'Your results are all fine' });
    expect((await ana.next((event) => event.type === 'message.edited')).message).toMatchObject({ body: 'Your results are all fine' });
    await rest(first, 'patient-ana', 'POST', `/chat/conversations/${conversationId}/receipts`, { messageId: posted.id });
    expect(await lopez.next((event) => event.type === 'receipt')).toMatchObject({ conversationId, userId: 'patient-ana', messageId: posted.id });
    await rest(first, 'dr-lopez', 'DELETE', `/chat/conversations/${conversationId}/messages/${posted.id}`);
    expect((await ana.next((event) => event.type === 'message.deleted')).message).toMatchObject({ id: posted.id, body: null });

    ana.send({ type: 'typing', conversationId, typing: true });
    expect(await lopez.next((event) => event.type === 'typing')).toMatchObject({ conversationId, userId: 'patient-ana', typing: true });
    ben.send({ type: 'typing', conversationId });
    expect(await ben.next((event) => event.type === 'error' && event.code === 'not_subscribed')).toBeTruthy();
    expect(ben.events.some((event) => String(event.type).startsWith('message.') || event.type === 'typing')).toBe(false);
    expect(ana.events.some((event) => event.type === 'typing')).toBe(false);

    const { rows } = await runtime.database.pool.query(
      `SELECT actor_id, outcome FROM identity.audit_log WHERE action = 'chat.conversation.subscribe' AND resource_id = $1 ORDER BY id`,
      [conversationId],
    );
    expect(rows.map((row) => row.actor_id).sort()).toEqual(['dr-lopez', 'patient-ana']);
    for (const client of [ana, lopez, ben]) await closed(client);
  });

  it('follows conversations you are added to and stops at removal', async () => {
    const chen = await connect(first, { token: tokens['dr-chen'] });
    await chen.subscribe();
    const group = (await rest(first, 'dr-lopez', 'POST', '/chat/conversations', { kind: 'group', patientId: 'patient-ben', title: 'Ben', memberIds: [] })).json();
    await rest(first, 'dr-lopez', 'POST', `/chat/conversations/${group.id}/participants`, { userId: 'dr-chen' });
    await chen.next((event) => event.type === 'conversation.added' && event.conversationId === group.id);
    // Subscribing to the new conversation is asynchronous; a ping behind it in the queue says when it is done.
    chen.send({ type: 'ping', id: 'after-added' });
    await chen.next((event) => event.type === 'pong' && event.id === 'after-added');
    await rest(first, 'dr-lopez', 'POST', `/chat/conversations/${group.id}/messages`, { body: 'Welcome' });
    expect((await chen.next((event) => event.type === 'message.created' && event.conversationId === group.id)).message).toMatchObject({ body: 'Welcome' });
    await rest(first, 'dr-lopez', 'DELETE', `/chat/conversations/${group.id}/participants/dr-chen`);
    await chen.next((event) => event.type === 'conversation.removed' && event.conversationId === group.id);
    await rest(first, 'dr-lopez', 'POST', `/chat/conversations/${group.id}/messages`, { body: 'Not for Chen' });
    chen.send({ type: 'ping', id: 'after-removed' });
    await chen.next((event) => event.type === 'pong' && event.id === 'after-removed');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(chen.events.some((event) => event.type === 'message.created' && (event.message as { body: string }).body === 'Not for Chen')).toBe(false);
    await closed(chen);
  });
});

describe('two instances', () => {
  it('fan messages, typing and presence out across replicas', async () => {
    const conversationId = await directConversation('patient-ben', 'dr-chen');
    const chen = await connect(second, { token: tokens['dr-chen'] });
    await chen.subscribe([conversationId]);
    const ben = await connect(first, { token: tokens['patient-ben'] });
    expect(await chen.next((event) => event.type === 'presence' && event.userId === 'patient-ben')).toMatchObject({ conversationId, online: true });
    const subscribed = await ben.subscribe([conversationId]);
    expect(subscribed.presence).toEqual(expect.arrayContaining([{ userId: 'dr-chen', online: true }, { userId: 'patient-ben', online: true }]));

    // Written through one instance, seen on the other.
    const posted = (await rest(first, 'patient-ben', 'POST', `/chat/conversations/${conversationId}/messages`, { body: 'Can we talk today?' })).json();
    expect((await chen.next((event) => event.type === 'message.created')).message).toMatchObject({ id: posted.id, body: 'Can we talk today?' });
    const reply = (await rest(second, 'dr-chen', 'POST', `/chat/conversations/${conversationId}/messages`, { body: 'Yes, at 3 pm', replyTo: posted.id })).json();
    expect((await ben.next((event) => event.type === 'message.created' && (event.message as { id: string }).id === reply.id)).message).toMatchObject({ replyTo: posted.id });
    chen.send({ type: 'typing', conversationId, typing: true });
    expect(await ben.next((event) => event.type === 'typing')).toMatchObject({ userId: 'dr-chen', typing: true });

    await closed(ben);
    expect(await chen.next((event) => event.type === 'presence' && event.userId === 'patient-ben' && event.online === false)).toMatchObject({ conversationId });
    await closed(chen);
  });
});
