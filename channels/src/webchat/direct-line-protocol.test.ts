import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { createTestDatabase } from '@consulta/core-api/testing';
import type { Database } from '@consulta/core-api';
import type { InboundMessage } from '../turn';
import type { Activity, ActivitySet } from './activity';
import { readJson, startDirectLineTestServer, type DirectLineTestServer } from './direct-line-test-server';

let database: Database;
let server: DirectLineTestServer;
const turns: InboundMessage[] = [];
let release: (() => void) | undefined;

beforeAll(async () => {
  database = await createTestDatabase({ seed: false });
  server = await startDirectLineTestServer({
    pool: database.pool,
    handleTurn: async (message, options) => {
      turns.push(message);
      if (message.text.startsWith('stream')) {
        for (const partial of ['Dr.', 'Dr. López is', 'Dr. López is free']) {
          options?.onPartial?.(partial);
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
        return message.text === 'stream'
          ? [{ text: 'Dr. López is free on Tuesday.' }]
          : [{ text: 'Which time?', choices: [{ label: '10:20', value: '10:20' }] }];
      }
      if (message.text === 'slow') await new Promise<void>((resolve) => (release = resolve));
      if (message.text === 'confirm') {
        return [{
          text: 'Please confirm: Dermatology consultation with Dr. López on Tue 8 Dec, 10:20.',
          summary: { title: 'Dermatology consultation', facts: [{ label: 'With', value: 'Dr. López' }], question: 'Shall I go ahead?' },
          choices: [{ label: 'Yes', value: 'yes' }, { label: 'No', value: 'no' }],
        }];
      }
      if (message.text === 'explode') throw new Error('model down');
      return [{ text: `echo ${message.text}` }];
    },
    overrides: { limits: { activitiesPerMinute: 5 } },
  });
});
afterAll(async () => {
  await server?.close();
  await database?.close();
});

async function conversation(userId = 'patient-ana') {
  const generated = await readJson(await fetch(`${server.domain}/tokens/generate`, {
    method: 'POST',
    headers: { authorization: `Bearer ${server.secret}`, 'content-type': 'application/json' },
    body: JSON.stringify({ user: { id: userId } }),
  }));
  const started = await readJson(await fetch(`${server.domain}/conversations`, { method: 'POST', headers: { authorization: `Bearer ${generated.token}` } }));
  const headers = { authorization: `Bearer ${started.token}`, 'content-type': 'application/json' };
  return {
    id: started.conversationId as string,
    token: started.token as string,
    streamUrl: started.streamUrl as string,
    send: (body: unknown) => fetch(`${server.domain}/conversations/${started.conversationId}/activities`, { method: 'POST', headers, body: typeof body === 'string' ? body : JSON.stringify(body) }),
    activities: async (watermark = '') =>
      await readJson((await fetch(`${server.domain}/conversations/${started.conversationId}/activities?watermark=${watermark}`, { headers }))) as ActivitySet,
  };
}

const botTexts = (set: ActivitySet) => set.activities.filter((activity) => activity.from.role === 'bot').map((activity) => activity.text);

describe('the stream', () => {
  it('pushes a typing indicator while the assistant works, then the reply', async () => {
    const chat = await conversation();
    const socket = new WebSocket(chat.streamUrl);
    const received: Activity[] = [];
    socket.on('message', (data) => {
      const text = data.toString();
      if (text) received.push(...(JSON.parse(text) as ActivitySet).activities);
    });
    await new Promise((resolve) => socket.once('open', resolve));
    await chat.send({ type: 'message', text: 'slow' });
    await expect.poll(() => received.some((activity) => activity.type === 'typing'), { timeout: 5_000 }).toBe(true);
    // Repeated while the turn runs, so Web Chat keeps showing it.
    await expect.poll(() => received.filter((activity) => activity.type === 'typing').length, { timeout: 5_000 }).toBeGreaterThan(1);
    release!();
    await expect.poll(() => received.some((activity) => activity.text === 'echo slow'), { timeout: 5_000 }).toBe(true);
    // Typing is pushed, never stored.
    expect((await chat.activities()).activities.some((activity) => activity.type === 'typing')).toBe(false);
    socket.close();
  });

  it('livestreams a reply as Web Chat expects: interim typing with a stream id, then the final message', async () => {
    const chat = await conversation();
    const socket = new WebSocket(chat.streamUrl);
    const received: Activity[] = [];
    socket.on('message', (data) => data.toString() && received.push(...(JSON.parse(data.toString()) as ActivitySet).activities));
    await new Promise((resolve) => socket.once('open', resolve));
    await chat.send({ type: 'message', text: 'stream' });
    await expect.poll(() => received.some((activity) => activity.channelData?.streamType === 'final'), { timeout: 5_000 }).toBe(true);
    socket.close();

    const interim = received.filter((activity) => activity.channelData?.streamType === 'streaming');
    expect(interim.length).toBeGreaterThan(0);
    const streamId = interim[0]!.id!;
    expect(interim[0]!.channelData).toEqual({ streamType: 'streaming', streamSequence: 1 });
    interim.slice(1).forEach((activity, index) => expect(activity.channelData).toEqual({ streamType: 'streaming', streamSequence: index + 2, streamId }));
    expect(interim.at(-1)!.text).toBe('Dr. López is free');
    const final = received.find((activity) => activity.channelData?.streamType === 'final')!;
    expect(final).toMatchObject({ type: 'message', text: 'Dr. López is free on Tuesday.', channelData: { streamId, streamType: 'final' } });
    // The transcript keeps the final message only, so a reconnecting client does not replay the stream.
    const stored = (await chat.activities()).activities.filter((activity) => activity.from.role === 'bot');
    expect(stored.map((activity) => activity.text)).toEqual(['Dr. López is free on Tuesday.']);
  });

  it('ends a livestream empty when the reply carries choices, and sends the reply as usual', async () => {
    const chat = await conversation();
    const socket = new WebSocket(chat.streamUrl);
    const received: Activity[] = [];
    socket.on('message', (data) => data.toString() && received.push(...(JSON.parse(data.toString()) as ActivitySet).activities));
    await new Promise((resolve) => socket.once('open', resolve));
    await chat.send({ type: 'message', text: 'stream choices' });
    await expect.poll(() => received.some((activity) => activity.text === 'Which time?'), { timeout: 5_000 }).toBe(true);
    socket.close();
    const final = received.find((activity) => activity.channelData?.streamType === 'final')!;
    expect(final.type).toBe('typing');
    expect(final.text).toBeUndefined();
    expect(received.indexOf(final)).toBeLessThan(received.findIndex((activity) => activity.text === 'Which time?'));
  });

  it('refuses a stream without a valid token before upgrading', async () => {
    const chat = await conversation();
    const url = chat.streamUrl.replace(/t=[^&]+/, 't=forged');
    const status = await new Promise<number>((resolve) => {
      const socket = new WebSocket(url);
      socket.on('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
      socket.on('open', () => resolve(101));
    });
    expect(status).toBe(403);
  });
});

describe('replies', () => {
  it('renders a confirmation summary as an Adaptive Card with the choices as suggested actions', async () => {
    const chat = await conversation();
    await chat.send({ type: 'message', text: 'confirm' });
    await server.channel.idle();
    const reply = (await chat.activities()).activities.at(-1)!;
    expect(reply.text).toBe('Shall I go ahead?');
    expect(reply.attachments![0]!.contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(JSON.stringify(reply.attachments![0]!.content)).toContain('Dr. López');
    expect(reply.suggestedActions!.actions.map((action) => action.text)).toEqual(['yes', 'no']);
  });

  it('answers in order, one turn at a time per conversation', async () => {
    const chat = await conversation();
    for (const text of ['one', 'two', 'three']) await chat.send({ type: 'message', text });
    await server.channel.idle();
    expect(botTexts(await chat.activities())).toEqual(['echo one', 'echo two', 'echo three']);
  });

  it('apologises when the assistant fails, and the conversation goes on', async () => {
    const chat = await conversation();
    await chat.send({ type: 'message', text: 'explode' });
    await chat.send({ type: 'message', text: 'after' });
    await server.channel.idle();
    expect(botTexts(await chat.activities())).toEqual(['Sorry, something went wrong on our side. Please try again in a moment.', 'echo after']);
  });
});

describe('retries and bad input', () => {
  it('stores a retried activity once and answers it once', async () => {
    const chat = await conversation();
    const body = { type: 'message', text: 'retry me', channelData: { clientActivityID: 'client-1' } };
    const first = await readJson(await chat.send(body));
    const second = await readJson(await chat.send(body));
    expect(second.id).toBe(first.id);
    await server.channel.idle();
    const set = await chat.activities();
    expect(set.activities.filter((activity) => activity.text === 'retry me')).toHaveLength(1);
    expect(botTexts(set)).toEqual(['echo retry me']);
  });

  it('returns only what is after the watermark', async () => {
    const chat = await conversation();
    await chat.send({ type: 'message', text: 'a' });
    await server.channel.idle();
    const all = await chat.activities();
    await chat.send({ type: 'message', text: 'b' });
    await server.channel.idle();
    const after = await chat.activities(all.watermark);
    expect(after.activities.map((activity) => activity.text)).toEqual(['b', 'echo b']);
    expect(Number(after.watermark)).toBeGreaterThan(Number(all.watermark));
    const bad = await fetch(`${server.domain}/conversations/${chat.id}/activities?watermark=abc`, { headers: { authorization: `Bearer ${chat.token}` } });
    expect(bad.status).toBe(400);
    expect((await readJson(bad)).code).toBe('invalid_watermark');
  });

  it('rejects malformed and oversized activities with a code, and keeps going', async () => {
    const chat = await conversation();
    const notJson = await chat.send('{"type": "message", "text": ');
    expect(notJson.status).toBe(400);
    const noType = await chat.send({ text: 'hi' });
    expect(noType.status).toBe(400);
    expect((await readJson(noType)).code).toBe('invalid_activity');
    const long = await chat.send({ type: 'message', text: 'x'.repeat(4_001) });
    expect(long.status).toBe(400);
    expect((await readJson(long)).code).toBe('message_too_long');
    const huge = await chat.send({ type: 'message', text: 'y', padding: 'z'.repeat(70 * 1024) });
    expect(huge.status).toBe(413);
    const fine = await chat.send({ type: 'message', text: 'still fine' });
    expect(fine.status).toBe(200);
  });

  it('limits a flooding conversation with 429 and a retry hint', async () => {
    const chat = await conversation();
    const statuses: number[] = [];
    for (let index = 0; index < 8; index++) statuses.push((await chat.send({ type: 'message', text: `flood ${index}` })).status);
    expect(statuses.slice(0, 5)).toEqual([200, 200, 200, 200, 200]);
    expect(statuses.slice(5)).toEqual([429, 429, 429]);
    const limited = await chat.send({ type: 'message', text: 'more' });
    expect((await readJson(limited)).code).toBe('rate_limited');
    expect(limited.headers.get('retry-after')).toBeTruthy();
    // Another conversation is not affected.
    const other = await conversation();
    expect((await other.send({ type: 'message', text: 'hello' })).status).toBe(200);
    await server.channel.idle();
  });

  it('refuses files with a clear message in the conversation', async () => {
    const chat = await conversation();
    const form = new FormData();
    form.append('activity', new Blob([JSON.stringify({ type: 'message', channelData: { clientActivityID: 'upload-1' } })], { type: 'application/vnd.microsoft.activity' }));
    form.append('file', new Blob(['%PDF-1.4 referral'], { type: 'application/pdf' }), 'referral.pdf');
    const response = await fetch(`${server.domain}/conversations/${chat.id}/upload?userId=patient-ana`, { method: 'POST', headers: { authorization: `Bearer ${chat.token}` }, body: form });
    expect(response.status).toBe(200);
    await server.channel.idle();
    const set = await chat.activities();
    const sent = set.activities.find((activity) => activity.channelData?.clientActivityID === 'upload-1')!;
    expect(sent.attachments).toEqual([{ contentType: 'application/pdf', name: 'referral.pdf' }]);
    expect(botTexts(set).at(-1)).toMatch(/can't receive files/);
    const broken = await fetch(`${server.domain}/conversations/${chat.id}/upload`, { method: 'POST', headers: { authorization: `Bearer ${chat.token}`, 'content-type': 'multipart/form-data; boundary=x' }, body: 'garbage' });
    expect(broken.status).toBe(400);
  });
});
