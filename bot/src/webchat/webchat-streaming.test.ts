import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { WebSocket } from 'ws';
import { createTestRuntime, type TestRuntime } from '@consulta/core-api/testing';
import { buildServer } from '../server';
import { loadBotConfig } from '../bot-config';
import { startFakeOpenAiServer, type FakeOpenAiServer } from '../testing/fake-openai-server';

// The whole app with a streaming model (a loopback OpenAI fake): a web chat reply grows in one
// bubble over Direct Line's WebSocket while the model writes it, then ends as the message itself.
let runtime: TestRuntime;
let app: FastifyInstance;
let model: FakeOpenAiServer;
let origin = '';

beforeAll(async () => {
  model = await startFakeOpenAiServer();
  runtime = await createTestRuntime();
  app = await buildServer({ config: runtime.config, runtime, botConfig: loadBotConfig({ OPENAI_BASE_URL: model.baseUrl, OPENAI_API_KEY: 'k', OPENAI_MAX_RETRIES: '0' }) });
  origin = await app.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(async () => {
  await app?.close();
  await runtime?.close();
  await model?.close();
});

type Activity = { type: string; id?: string; text?: string; from: { role?: string }; channelData?: { streamType?: string; streamId?: string; streamSequence?: number } };

describe('streaming replies in web chat', () => {
  it('pushes the growing text as typing activities of one stream, then the final message', async () => {
    const issued = (await (await fetch(`${origin}/webchat/token`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ locale: 'en', patientId: 'patient-ana' }),
    })).json()) as { token: string; conversationId: string };
    const authorization = `Bearer ${issued.token}`;
    const started = (await (await fetch(`${origin}/v3/directline/conversations`, { method: 'POST', headers: { authorization } })).json()) as { streamUrl: string };
    const pushed: Activity[] = [];
    const socket = new WebSocket(started.streamUrl);
    socket.on('message', (data) => {
      const text = data.toString();
      if (text) pushed.push(...((JSON.parse(text) as { activities?: Activity[] }).activities ?? []));
    });
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
    try {
      model.reset();
      model.enqueue({ kind: 'text', text: 'Dr. López sees patients on weekday mornings and afternoons.' });
      const posted = await fetch(`${origin}/v3/directline/conversations/${issued.conversationId}/activities`, {
        method: 'POST', headers: { authorization, 'content-type': 'application/json' },
        body: JSON.stringify({ type: 'message', from: { id: 'patient-ana' }, text: 'When does Dr. López work?' }),
      });
      expect(posted.status).toBe(200);

      const final = await vi.waitFor(
        () => {
          const found = pushed.find((activity) => activity.type === 'message' && activity.from.role === 'bot' && activity.channelData?.streamType === 'final');
          if (!found) throw new Error('no final message yet');
          return found;
        },
        { timeout: 20_000, interval: 50 },
      );
      expect(final.text).toBe('Dr. López sees patients on weekday mornings and afternoons.');
      const interim = pushed.filter((activity) => activity.type === 'typing' && activity.channelData?.streamType === 'streaming');
      expect(interim.length).toBeGreaterThan(0);
      // One stream: the first interim activity's id names it, the later ones and the final message refer to it.
      const streamId = interim[0]!.id;
      expect(streamId).toEqual(expect.any(String));
      expect(interim.slice(1).every((activity) => activity.channelData?.streamId === streamId)).toBe(true);
      expect(final.channelData?.streamId).toBe(streamId);
      // Each interim text is a beginning of the reply, growing.
      const texts = interim.map((activity) => activity.text ?? '');
      expect(texts.every((text) => final.text!.startsWith(text))).toBe(true);
      expect(texts.every((text, index) => index === 0 || text.length >= texts[index - 1]!.length)).toBe(true);
    } finally {
      socket.close();
    }
  });
});
