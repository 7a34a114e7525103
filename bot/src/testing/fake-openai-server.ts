import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the fake answers to one chat completion request. */
export type FakeCompletion =
  | { kind: 'text'; text: string }
  | { kind: 'tool_call'; name: string; args: Record<string, unknown> }
  | { kind: 'error'; status: number }
  | { kind: 'hang'; milliseconds: number };

export interface FakeOpenAiServer {
  baseUrl: string;
  /** Every request body received, in order. */
  requests: Array<Record<string, any>>;
  /** Queue the next answers; when the queue is empty the fake answers "ok". */
  enqueue(...answers: FakeCompletion[]): void;
  /** Forgets queued answers and recorded requests. */
  reset(): void;
  close(): Promise<void>;
}

/**
 * A loopback stand-in for the OpenAI Chat Completions API (`POST /v1/chat/completions`),
 * with tool calls and SSE streaming, so tests drive the real `openai` client.
 */
export async function startFakeOpenAiServer(): Promise<FakeOpenAiServer> {
  const queue: FakeCompletion[] = [];
  const requests: Array<Record<string, any>> = [];
  const server: Server = createServer(async (request, response) => {
    if (request.method !== 'POST' || !request.url?.endsWith('/chat/completions')) {
      response.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: 'not found' } }));
      return;
    }
    const body = JSON.parse(await readBody(request));
    requests.push(body);
    const answer = queue.shift() ?? { kind: 'text', text: 'ok' };
    if (answer.kind === 'hang') {
      await new Promise((resolve) => setTimeout(resolve, answer.milliseconds));
      if (!response.destroyed) response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(completion(body.model, { kind: 'text', text: 'late' })));
      return;
    }
    if (answer.kind === 'error') {
      response.writeHead(answer.status, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: 'fake failure', type: 'server_error' } }));
      return;
    }
    if (body.stream) {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      for (const chunk of streamChunks(body.model, answer)) response.write(`data: ${JSON.stringify(chunk)}\n\n`);
      response.end('data: [DONE]\n\n');
      return;
    }
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(completion(body.model, answer)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    enqueue: (...answers) => void queue.push(...answers),
    reset: () => {
      queue.length = 0;
      requests.length = 0;
    },
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

let counter = 0;
function message(answer: Exclude<FakeCompletion, { kind: 'error' | 'hang' }>) {
  if (answer.kind === 'text') return { role: 'assistant', content: answer.text };
  return {
    role: 'assistant',
    content: null,
    tool_calls: [{ id: `call_${++counter}`, type: 'function', function: { name: answer.name, arguments: JSON.stringify(answer.args) } }],
  };
}

function completion(model: string, answer: Exclude<FakeCompletion, { kind: 'error' | 'hang' }>) {
  return {
    id: `chatcmpl-${++counter}`,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model,
    choices: [{ index: 0, message: message(answer), finish_reason: answer.kind === 'text' ? 'stop' : 'tool_calls' }],
    usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 },
  };
}

function streamChunks(model: string, answer: Exclude<FakeCompletion, { kind: 'error' | 'hang' }>) {
  const base = { id: `chatcmpl-${++counter}`, object: 'chat.completion.chunk', created: Math.floor(Date.now() / 1000), model };
  if (answer.kind === 'text') {
    const words = answer.text.split(/(?<= )/);
    return [
      ...words.map((word, index) => ({ ...base, choices: [{ index: 0, delta: index === 0 ? { role: 'assistant', content: word } : { content: word }, finish_reason: null }] })),
      { ...base, choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] },
    ];
  }
  const call = message(answer).tool_calls![0]!;
  return [
    { ...base, choices: [{ index: 0, delta: { role: 'assistant', tool_calls: [{ index: 0, id: call.id, type: 'function', function: { name: call.function.name, arguments: '' } }] }, finish_reason: null }] },
    { ...base, choices: [{ index: 0, delta: { tool_calls: [{ index: 0, function: { arguments: call.function.arguments } }] }, finish_reason: null }] },
    { ...base, choices: [{ index: 0, delta: {}, finish_reason: 'tool_calls' }] },
  ];
}
