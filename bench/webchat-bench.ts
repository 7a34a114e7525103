import { performance } from 'node:perf_hooks';
import Fastify from 'fastify';
import { WebSocket } from 'ws';
import { createWebchatChannel } from '@consulta/channels';
import type { Assistant } from '../bot/src/assistant/assistant';
import { createBenchAssistantHarness } from './assistant-harness';
import { summarize, type Summary } from './measure';
import { formatRatio, formatSummary, type ReportSection } from './report';

/*
 * The web chat benchmark: many Direct Line conversations at once on one process, against the same
 * number of bare turns through the turn interface (no HTTP, no WebSocket, no transcript).
 *
 * Both runs use the same assistant (local model, core-api in-process on a fresh seeded database,
 * frozen clock) and the same messages. A Direct Line conversation generates a token, starts,
 * opens its WebSocket stream, then sends each message and waits for the reply that names it
 * (replyToId) on the stream; latency is from the POST to that reply. The clients run in the same
 * process as the server, so their own HTTP and JSON work is counted against the transport: the
 * comparison is conservative.
 */

const now = '2026-12-01T09:00:00Z';
const patients = ['patient-ana', 'patient-ben', 'patient-chloe'] as const;
const messages = ['Which dermatologists do you have?', 'Do you have a physiotherapist who speaks Spanish?', 'Thanks!'];
const overheadTarget = 0.2;
const coreEnvironment = { RATE_LIMIT_AUTH_MAX: '1000000000', RATE_LIMIT_PUBLIC_MAX: '1000000000' };

export interface WebchatBenchOptions {
  conversations: number;
}

interface RunResult {
  latencies: number[];
  wallMs: number;
  replies: number;
}

export async function runWebchatBench(label: (version: string) => string, options: WebchatBenchOptions = { conversations: 200 }) {
  const failures: string[] = [];
  const harness = await createBenchAssistantHarness({ now, coreEnvironment });
  const pool = harness.test.runtime.database.pool;
  const version = String((await pool.query<{ server_version: string }>('SHOW server_version')).rows[0]!.server_version);
  const app = Fastify({ logger: false });
  const secret = 'bench-directline-secret-0123456789';
  const channel = await createWebchatChannel({
    pool,
    secret,
    handleTurn: (message, turnOptions) => harness.assistant.handleTurn(message, turnOptions),
    log: app.log,
    limits: { activitiesPerMinute: 1_000_000, tokensPerMinute: 1_000_000 },
  });
  await app.register(channel.routes, { prefix: '/v3/directline', ...channel.routeOptions });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const domain = `http://127.0.0.1:${(app.server.address() as { port: number }).port}/v3/directline`;

  try {
    // Warm both paths (model, caches, JIT) before anything is timed.
    await bareRun(harness.assistant.handleTurn, 6, 'warm-bare');
    await directLineRun(domain, secret, 6);

    const bare = await bareRun(harness.assistant.handleTurn, options.conversations, 'bare');
    const directLine = await directLineRun(domain, secret, options.conversations);
    const expected = options.conversations * messages.length;
    if (bare.replies !== expected) failures.push(`bare turns: ${bare.replies} of ${expected} answered`);
    if (directLine.replies !== expected) failures.push(`Direct Line: ${directLine.replies} of ${expected} answered`);

    const bareSummary = summarize(bare.latencies);
    const lineSummary = summarize(directLine.latencies);
    const bareRate = (bare.replies / bare.wallMs) * 1000;
    const lineRate = (directLine.replies / directLine.wallMs) * 1000;
    const p95Overhead = lineSummary.p95Ms / bareSummary.p95Ms - 1;
    const rateOverhead = bareRate / lineRate - 1;
    const section: ReportSection = {
      title: `Web chat, ${options.conversations} concurrent conversations, local model — ${label(version)}`,
      rows: [
        row('reply latency, Direct Line (POST → reply on the stream)', lineSummary, bareSummary),
        {
          measure: 'messages per second, Direct Line',
          value: `${lineRate.toFixed(1)}/s`,
          baseline: `${bareRate.toFixed(1)}/s (bare turns)`,
          ratio: formatRatio(lineRate / bareRate),
          target: '—',
          met: null,
        },
        {
          measure: 'transport overhead on p95 latency',
          value: `${(p95Overhead * 100).toFixed(1)}%`,
          baseline: '—',
          ratio: '—',
          target: `< ${overheadTarget * 100}%`,
          met: p95Overhead < overheadTarget,
        },
        {
          measure: 'transport overhead on throughput',
          value: `${(rateOverhead * 100).toFixed(1)}%`,
          baseline: '—',
          ratio: '—',
          target: `< ${overheadTarget * 100}%`,
          met: rateOverhead < overheadTarget,
        },
      ],
      notes: [
        `${options.conversations} conversations at once, ${messages.length} messages each, one after the other within a conversation; ${expected} replies per run.`,
        `Bare: ${formatSummary(bareSummary)} per turn, ${(bare.wallMs / 1000).toFixed(1)} s in all. Direct Line: ${(directLine.wallMs / 1000).toFixed(1)} s in all.`,
        'The clients (fetch and ws) run in the server process, so their work counts against the transport.',
      ],
    };
    return { sections: [section], failures };
  } finally {
    await app.close();
    await channel.close();
    await harness.close();
  }
}

function row(measure: string, value: Summary, baseline: Summary) {
  return {
    measure,
    value: formatSummary(value),
    baseline: `${formatSummary(baseline)} (bare turns)`,
    ratio: formatRatio(value.medianMs / baseline.medianMs),
    target: '—',
    met: null,
  };
}

async function bareRun(handleTurn: Assistant['handleTurn'], conversations: number, prefix: string): Promise<RunResult> {
  const latencies: number[] = [];
  let replies = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: conversations }, async (_, index) => {
      for (const text of messages) {
        const sent = performance.now();
        const answer = await handleTurn({ channel: 'webchat', conversationId: `${prefix}-${index}`, senderId: patients[index % patients.length]!, text });
        latencies.push(performance.now() - sent);
        if (answer.length > 0) replies += 1;
      }
    }),
  );
  return { latencies, wallMs: performance.now() - started, replies };
}

async function directLineRun(domain: string, secret: string, conversations: number): Promise<RunResult> {
  const latencies: number[] = [];
  let replies = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: conversations }, async (_, index) => {
      const generated = await postJson(`${domain}/tokens/generate`, secret, { user: { id: patients[index % patients.length] } });
      const conversation = await postJson(`${domain}/conversations`, generated.token);
      const socket = new WebSocket(conversation.streamUrl);
      const waiting = new Map<string, () => void>();
      // A reply may come over the stream before the POST that caused it has answered.
      const early = new Set<string>();
      socket.on('message', (data) => {
        const text = data.toString();
        if (!text) return;
        for (const activity of JSON.parse(text).activities as Array<{ type: string; replyToId?: string; from: { role?: string } }>) {
          if (activity.type !== 'message' || activity.from.role !== 'bot' || !activity.replyToId) continue;
          const answered = waiting.get(activity.replyToId);
          if (answered) answered();
          else early.add(activity.replyToId);
        }
      });
      await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
      try {
        for (const text of messages) {
          const sent = performance.now();
          let answered!: () => void;
          const reply = new Promise<void>((resolve) => (answered = resolve));
          const { id } = await postJson(`${domain}/conversations/${conversation.conversationId}/activities`, conversation.token, { type: 'message', text });
          if (early.has(id)) answered();
          else waiting.set(id, answered);
          await reply;
          latencies.push(performance.now() - sent);
          replies += 1;
        }
      } finally {
        socket.close();
      }
    }),
  );
  return { latencies, wallMs: performance.now() - started, replies };
}

async function postJson(url: string, credential: string, body?: unknown): Promise<{ conversationId: string; token: string; streamUrl: string; id: string }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { authorization: `Bearer ${credential}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  if (!response.ok) throw new Error(`${url}: ${response.status} ${await response.text()}`);
  return (await response.json()) as { conversationId: string; token: string; streamUrl: string; id: string };
}

