import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { createTestDatabase } from '@consulta/core-api/testing';
import type { Database } from '@consulta/core-api';
import type { InboundMessage } from '../turn';
import { readJson, startDirectLineTestServer, type DirectLineTestServer } from './direct-line-test-server';

// Microsoft's client library in Node, as its README says: XHR and WebSocket from npm.
const globals = globalThis as Record<string, unknown>;
globals.XMLHttpRequest = (await import('xhr2')).default;
globals.WebSocket = WebSocket;
const { DirectLine, ConnectionStatus } = await import('botframework-directlinejs');
type Activity = { type: string; id?: string; text?: string; from: { id: string; role?: string }; suggestedActions?: { actions: Array<{ title: string; value: unknown }> } };

let database: Database;
let server: DirectLineTestServer;
let clock = Date.now();
const turns: InboundMessage[] = [];

beforeAll(async () => {
  database = await createTestDatabase({ seed: false });
  server = await startDirectLineTestServer({
    pool: database.pool,
    handleTurn: async (message) => {
      turns.push(message);
      return [{ text: `You said: ${message.text}`, choices: [{ label: 'Again', value: 'again' }] }];
    },
    welcome: async (locale) => [{ text: locale === 'es' ? 'Hola' : 'Hello' }],
    overrides: { now: () => clock, tokenTtlSeconds: 600 },
  });
});
afterAll(async () => {
  await server?.close();
  await database?.close();
});

async function generateToken(userId: string, locale?: string) {
  const response = await fetch(`${server.domain}/tokens/generate`, {
    method: 'POST',
    headers: { authorization: `Bearer ${server.secret}`, 'content-type': 'application/json' },
    body: JSON.stringify({ user: { id: userId }, locale }),
  });
  expect(response.status).toBe(200);
  return (await readJson(response)) as { conversationId: string; token: string; expires_in: number };
}

/** Collects the bot's messages until `count` have arrived. */
function botMessages(directLine: InstanceType<typeof DirectLine>) {
  const seen: Activity[] = [];
  const waiters: Array<{ count: number; resolve: () => void }> = [];
  directLine.activity$.subscribe(
    (activity: any) => {
      if (activity.type !== 'message' || activity.from.role !== 'bot') return;
      seen.push(activity);
      waiters.filter((waiter) => seen.length >= waiter.count).forEach((waiter) => waiter.resolve());
    },
    // `end()` finishes the stream with "conversation ended".
    () => undefined,
  );
  return {
    seen,
    until: (count: number) =>
      seen.length >= count ? Promise.resolve(seen) : new Promise<Activity[]>((resolve) => waiters.push({ count, resolve: () => resolve(seen) })),
  };
}

const post = (directLine: InstanceType<typeof DirectLine>, text: string, from = 'someone') =>
  new Promise<string>((resolve, reject) => directLine.postActivity({ type: 'message', from: { id: from }, text } as never).subscribe(resolve, reject));

describe.each([
  ['polling', false],
  ['WebSocket', true],
])('Microsoft Direct Line client over %s', (_transport, webSocket) => {
  it('starts a conversation, sends, receives, and reconnects from a watermark', async () => {
    const { token, conversationId } = await generateToken('patient-ana', 'es');
    const first = new DirectLine({ domain: server.domain, token, webSocket, pollingInterval: 200 } as never);
    const messages = botMessages(first);
    await messages.until(1);
    expect(messages.seen[0]!.text).toBe('Hola');

    const id = await post(first, 'hello there', 'spoofed-id');
    expect(id).toMatch(new RegExp(`^${conversationId}\\|\\d{7}$`));
    const [, reply] = await messages.until(2);
    expect(reply!.text).toBe('You said: hello there');
    expect(reply!.suggestedActions!.actions).toEqual([{ type: 'messageBack', title: 'Again', text: 'again', displayText: 'Again' }]);
    // The token's user speaks, whatever id the client claims.
    expect(turns.at(-1)).toMatchObject({ channel: 'webchat', conversationId, senderId: 'patient-ana', text: 'hello there' });
    first.end();
    const path = `/v3/directline/conversations/${conversationId}`;
    expect(server.requests.includes(`GET ${path}/stream`)).toBe(webSocket);
    expect(server.requests.includes(`GET ${path}/activities`)).toBe(!webSocket);

    // A new client on the same conversation, from the second bot message's watermark, only sees what came after.
    const activities = await readJson(await fetch(`${server.domain}/conversations/${conversationId}/activities`, { headers: { authorization: `Bearer ${token}` } }));
    const watermark = activities.watermark as string;
    expect(activities.activities.map((activity: Activity) => activity.text)).toEqual(['Hola', 'hello there', 'You said: hello there']);
    const second = new DirectLine({ domain: server.domain, token, conversationId, watermark, webSocket, pollingInterval: 200 } as never);
    const later = botMessages(second);
    await post(second, 'once more');
    const seen = await later.until(1);
    expect(seen.map((activity) => activity.text)).toEqual(['You said: once more']);
    second.end();
  });
});

describe('tokens', () => {
  it('refreshes a token for the same conversation and user', async () => {
    const { token, conversationId } = await generateToken('patient-ben');
    const refreshed = await fetch(`${server.domain}/tokens/refresh`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
    expect(refreshed.status).toBe(200);
    const body = await readJson(refreshed);
    expect(body.conversationId).toBe(conversationId);
    expect(body.token).not.toBe(token);
    const started = await fetch(`${server.domain}/conversations`, { method: 'POST', headers: { authorization: `Bearer ${body.token}` } });
    expect(started.status).toBe(201);
    expect((await readJson(started)).conversationId).toBe(conversationId);
    const again = await fetch(`${server.domain}/conversations`, { method: 'POST', headers: { authorization: `Bearer ${body.token}` } });
    expect(again.status).toBe(200);
  });

  it('scopes a token to its conversation and refuses wrong secrets', async () => {
    const mine = await generateToken('patient-ana');
    const theirs = await generateToken('patient-ben');
    await fetch(`${server.domain}/conversations`, { method: 'POST', headers: { authorization: `Bearer ${theirs.token}` } });
    const peek = await fetch(`${server.domain}/conversations/${theirs.conversationId}/activities`, { headers: { authorization: `Bearer ${mine.token}` } });
    expect(peek.status).toBe(403);
    expect((await readJson(peek)).code).toBe('wrong_conversation');
    const forged = await fetch(`${server.domain}/tokens/generate`, { method: 'POST', headers: { authorization: 'Bearer guess' } });
    expect(forged.status).toBe(403);
    const bare = await fetch(`${server.domain}/conversations`, { method: 'POST' });
    expect(bare.status).toBe(403);
    const unknown = await fetch(`${server.domain}/conversations/nope/activities`, { headers: { authorization: `Bearer ${server.secret}` } });
    expect(unknown.status).toBe(404);
  });
});

describe('expiry', () => {
  it('answers 403 to an expired token, and the client library reports it', async () => {
    const { token, conversationId } = await generateToken('patient-ana');
    const directLine = new DirectLine({ domain: server.domain, token, webSocket: false, pollingInterval: 200 } as never);
    const messages = botMessages(directLine);
    await messages.until(1);
    const statuses: number[] = [];
    directLine.connectionStatus$.subscribe((status: number) => statuses.push(status));

    clock += 601_000;
    try {
      const expired = await fetch(`${server.domain}/conversations/${conversationId}/activities`, { headers: { authorization: `Bearer ${token}` } });
      expect(expired.status).toBe(403);
      expect((await readJson(expired)).code).toBe('token_expired');
      await expect.poll(() => statuses.includes(ConnectionStatus.ExpiredToken), { timeout: 5_000 }).toBe(true);

      // The page fetches a new token for the same conversation and the client carries on.
      const fresh = await server.channel.issueToken({ conversationId, userId: 'patient-ana' });
      const reconnected = await fetch(`${server.domain}/conversations/${conversationId}`, { headers: { authorization: `Bearer ${fresh.token}` } });
      const conversation = await readJson(reconnected);
      directLine.reconnect({ conversationId, token: conversation.token, streamUrl: conversation.streamUrl } as never);
      await post(directLine, 'still there?');
      const seen = await messages.until(2);
      expect(seen[1]!.text).toBe('You said: still there?');
    } finally {
      directLine.end();
      clock -= 601_000;
    }
  });
});
