import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';

/*
 * A loopback OpenAI-compatible model with a fixed think time, for the assistant benchmark: every
 * `POST …/chat/completions` waits `delayMs` and answers one plain text message (no tool calls), so
 * each assistant turn is exactly one model call. It times every call on its own side, from the
 * request arriving to the response being handed to the socket, which is the "model time" the
 * orchestration overhead is computed against.
 *
 * Not bot/src/testing/fake-openai-server.ts on purpose: that fake answers at once and keeps every
 * request body; this one must hold a fixed latency and stay cheap over hundreds of calls.
 */

export interface ModelCall {
  /** performance.now() when the request arrived (same clock as the benchmark: same process). */
  receivedAt: number;
  /** performance.now() when the response was finished. */
  sentAt: number;
  /** Whether the client asked for SSE streaming. */
  stream: boolean;
  /** Messages sent to the model (system prompt + history), to see the history grow. */
  messages: number;
  /** Request body size in bytes. */
  bytes: number;
}

export interface FakeModelServer {
  baseUrl: string;
  /** Every completed call, in order of completion. */
  calls: ModelCall[];
  close(): Promise<void>;
}

export async function startFakeModelServer(options: { delayMs: number; text: string }): Promise<FakeModelServer> {
  const calls: ModelCall[] = [];
  let counter = 0;
  const server: Server = createServer(async (request, response) => {
    const receivedAt = performance.now();
    if (request.method !== 'POST' || !request.url?.endsWith('/chat/completions')) {
      response.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: 'not found' } }));
      return;
    }
    const raw = await readBody(request);
    const body = JSON.parse(raw) as { model?: string; stream?: boolean; messages?: unknown[] };
    await sleep(options.delayMs);
    const id = `chatcmpl-bench-${++counter}`;
    const created = Math.floor(Date.now() / 1000);
    const model = body.model ?? 'bench';
    const stream = body.stream === true;
    response.once('finish', () =>
      calls.push({ receivedAt, sentAt: performance.now(), stream, messages: body.messages?.length ?? 0, bytes: raw.length }),
    );
    if (stream) {
      const base = { id, object: 'chat.completion.chunk', created, model };
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.write(`data: ${JSON.stringify({ ...base, choices: [{ index: 0, delta: { role: 'assistant', content: options.text }, finish_reason: null }] })}\n\n`);
      response.write(`data: ${JSON.stringify({ ...base, choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] })}\n\n`);
      response.end('data: [DONE]\n\n');
      return;
    }
    response.writeHead(200, { 'content-type': 'application/json' }).end(
      JSON.stringify({
        id,
        object: 'chat.completion',
        created,
        model,
        choices: [{ index: 0, message: { role: 'assistant', content: options.text }, finish_reason: 'stop' }],
        usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 },
      }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    calls,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
