import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { WebSocket } from 'ws';
import { summarize, type Summary } from './measure';

/*
 * The chat benchmark's load generator (see chat-bench.ts), in a process of its own so that the
 * sockets' frames and JSON do not land on the server's event loop. It reads one line of setup on
 * standard input, opens one socket per participant (subscribed to all of their conversations, as an
 * app does), then for each target (`api`: POST …/messages, written to the database and fanned out;
 * `bus`: the bench server publishes the same event on the chat bus without the database) runs
 *  1. a closed loop: every conversation's sender posts `perSender` messages one after another;
 *  2. an open loop: `rate` messages a second for `seconds`, round robin over the conversations.
 * A message's latency at a socket is from just before its POST to that socket's receipt of it, both
 * on this process's clock. Prints {"phase", "event": "start"|"end"} lines as it goes (the server
 * measures its own load between them) and one {"result": …} line at the end.
 */

interface Setup {
  socketUrl: string;
  apiUrl: string;
  busUrl: string;
  conversations: Array<{ id: string; senderToken: string; memberTokens: string[] }>;
  perSender: number;
  rate: number;
  seconds: number;
}

export interface PhaseResult {
  phase: string;
  messages: number;
  deliveries: number;
  expectedDeliveries: number;
  /** From the first POST to the last delivery. */
  wallMs: number;
  latency: Summary;
  /** POST → HTTP answer, as the sender saw it. */
  postLatency: Summary;
  /** Share of the wall time this process's event loop was busy: near 1 means the load generator was the limit. */
  clientUtilization: number;
}

export interface ClientsResult {
  sockets: number;
  connectMs: number;
  misdelivered: number;
  phases: PhaseResult[];
}

const print = (line: object) => process.stdout.write(`${JSON.stringify(line)}\n`);
const setup = JSON.parse((await createInterface({ input: process.stdin })[Symbol.asyncIterator]().next()).value as string) as Setup;

// Messages in flight: the nonce in the body → when it was sent and how many sockets still await it.
const inFlight = new Map<number, { sentAt: number; remaining: number }>();
let latencies: number[] = [];
let deliveries = 0;
let misdelivered = 0;
let lastDeliveryAt = 0;
let onDelivery: () => void = () => undefined;

function receive(conversationId: string, data: WebSocket.RawData) {
  const event = JSON.parse(String(data)) as { type: string; conversationId?: string; message?: { body?: string } };
  if (event.type !== 'message.created') return;
  const body = event.message?.body ?? '';
  if (!body.startsWith('bench:')) return;
  const at = performance.now();
  if (event.conversationId !== conversationId) misdelivered += 1;
  const flight = inFlight.get(Number(body.slice(6)));
  if (!flight) return;
  latencies.push(at - flight.sentAt);
  deliveries += 1;
  lastDeliveryAt = at;
  if (--flight.remaining === 0) inFlight.delete(Number(body.slice(6)));
  onDelivery();
}

async function openSocket(conversationId: string, token: string): Promise<WebSocket> {
  const socket = new WebSocket(`${setup.socketUrl}?token=${token}`);
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('socket did not subscribe within 60 s')), 60_000);
    socket.on('message', (data) => {
      const event = JSON.parse(String(data)) as { type: string; id?: string; conversationIds?: string[] };
      if (event.type === 'ready') socket.send(JSON.stringify({ type: 'subscribe', id: 'all' }));
      if (event.type === 'subscribed' && event.id === 'all') {
        clearTimeout(timer);
        if (!event.conversationIds?.includes(conversationId)) reject(new Error(`socket not subscribed to ${conversationId}`));
        socket.removeAllListeners('message');
        socket.on('message', (frame) => receive(conversationId, frame));
        resolve();
      }
    });
    socket.once('error', reject);
  });
  return socket;
}

// Connect in batches: a thousand handshakes at once would time each other out on a small machine.
const connectStarted = performance.now();
const sockets: WebSocket[] = [];
const members = setup.conversations.flatMap((conversation) => conversation.memberTokens.map((token) => ({ conversationId: conversation.id, token })));
for (let index = 0; index < members.length; index += 50) {
  sockets.push(...(await Promise.all(members.slice(index, index + 50).map((member) => openSocket(member.conversationId, member.token)))));
}
const connectMs = performance.now() - connectStarted;
const participants = new Map(setup.conversations.map((conversation) => [conversation.id, conversation.memberTokens.length]));

let nonce = 0;
async function post(target: 'api' | 'bus', conversation: Setup['conversations'][number], postLatencies: number[]) {
  const id = ++nonce;
  const sentAt = performance.now();
  inFlight.set(id, { sentAt, remaining: participants.get(conversation.id)! });
  const response =
    target === 'api'
      ? await fetch(`${setup.apiUrl}/chat/conversations/${conversation.id}/messages`, {
          method: 'POST',
          headers: { authorization: `Bearer ${conversation.senderToken}`, 'content-type': 'application/json' },
          body: JSON.stringify({ body: `bench:${id}` }),
        })
      : await fetch(setup.busUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ conversationId: conversation.id, body: `bench:${id}` }) });
  await response.text();
  if (response.status !== 201) throw new Error(`${target} post answered ${response.status}`);
  postLatencies.push(performance.now() - sentAt);
}

function allDelivered(expected: number, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      onDelivery = () => undefined;
      reject(new Error(`${deliveries} of ${expected} deliveries after ${timeoutMs} ms`));
    }, timeoutMs);
    onDelivery = () => {
      if (deliveries < expected) return;
      clearTimeout(timer);
      onDelivery = () => undefined;
      resolve();
    };
    onDelivery();
  });
}

async function phase(name: string, send: (postLatencies: number[]) => Promise<number>): Promise<PhaseResult> {
  latencies = [];
  deliveries = 0;
  const postLatencies: number[] = [];
  print({ phase: name, event: 'start' });
  const utilization = performance.eventLoopUtilization();
  const started = performance.now();
  const messages = await send(postLatencies);
  const expectedDeliveries = messages * setup.conversations[0]!.memberTokens.length;
  await allDelivered(expectedDeliveries, 120_000).catch((error: Error) => process.stderr.write(`${name}: ${error.message}\n`));
  const wallMs = lastDeliveryAt - started;
  const clientUtilization = performance.eventLoopUtilization(utilization).utilization;
  print({ phase: name, event: 'end' });
  return { phase: name, messages, deliveries, expectedDeliveries, wallMs, latency: summarize(latencies), postLatency: summarize(postLatencies), clientUtilization };
}

const closedLoop = (target: 'api' | 'bus', perSender: number) => async (postLatencies: number[]) => {
  await Promise.all(setup.conversations.map(async (conversation) => {
    for (let index = 0; index < perSender; index++) await post(target, conversation, postLatencies);
  }));
  return setup.conversations.length * perSender;
};

// Sent on schedule whatever the answers, so a slow server shows as latency rather than a lower rate.
const openLoop = (target: 'api' | 'bus') => async (postLatencies: number[]) => {
  const total = setup.rate * setup.seconds;
  const started = performance.now();
  const posts: Array<Promise<void>> = [];
  for (let index = 0; index < total; index++) {
    const wait = started + (index * 1000) / setup.rate - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    posts.push(post(target, setup.conversations[index % setup.conversations.length]!, postLatencies));
  }
  await Promise.all(posts);
  return total;
};

const phases: PhaseResult[] = [];
for (const target of ['bus', 'api'] as const) {
  // Warm-up: JIT, the database's plan caches and connections; not reported.
  await phase(`${target}:warm-up`, closedLoop(target, 3));
  phases.push(await phase(`${target}:closed`, closedLoop(target, setup.perSender)));
  phases.push(await phase(`${target}:open`, openLoop(target)));
}
for (const socket of sockets) socket.terminate();
// Summaries only, and the exit after the write has drained: a pipe takes a long line in pieces.
const result: ClientsResult = { sockets: sockets.length, connectMs, misdelivered, phases };
process.stdout.write(`${JSON.stringify({ result })}\n`, () => process.exit(0));
