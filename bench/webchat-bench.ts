import { performance } from 'node:perf_hooks';
import Fastify from 'fastify';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createKeyedQueue, createWebchatChannel, type TurnHandler } from '@consulta/channels';
import type { Assistant } from '../bot/src/assistant/assistant';
import { createCheckpointer } from '../bot/src/assistant/checkpointer';
import { createBenchAssistantHarness } from './assistant-harness';
import { quantile, summarize, type Summary } from './measure';
import { formatRatio, formatSummary, type ReportSection } from './report';

/*
 * The web chat benchmark: many Direct Line conversations at once on one process, against the same
 * number of bare turns through the turn interface (no HTTP, no WebSocket, no transcript).
 *
 * Both runs use the same assistant (local model, core-api in-process on a fresh seeded database,
 * conversation state checkpointed in that database as served, frozen clock) and the same messages.
 * A Direct Line conversation generates a token, starts,
 * opens its WebSocket stream, then sends each message and waits for the reply that names it
 * (replyToId) on the stream; latency is from the POST to that reply. The clock starts once every
 * conversation is connected (the bare turns set nothing up). The clients run in the same
 * load generator's process (bench/webchat-clients.ts), as a load generator is, so the server
 * process's work is what is compared with the bare turns.
 */

const now = '2026-12-01T09:00:00Z';
const patients = ['patient-ana', 'patient-ben', 'patient-chloe'] as const;
const messages = ['Which dermatologists do you have?', 'Do you have a physiotherapist who speaks Spanish?', 'Thanks!'];
const overheadTarget = 0.2;
// As many turns at once as the channel runs (its default cap), so both sides do the same turn work.
const turnsAtOnce = 8;
const rounds = 4;
const coreEnvironment = { RATE_LIMIT_AUTH_MAX: '1000000000', RATE_LIMIT_PUBLIC_MAX: '1000000000', RATE_LIMIT_USER_MAX: '1000000000' };

export interface WebchatBenchOptions {
  conversations: number;
}

interface RunResult {
  latencies: number[];
  wallMs: number;
  replies: number;
  /** This process's CPU time (user + system) over the run: the server's, since the clients run elsewhere. */
  cpuMs: number;
}

/** Runs `work` and adds this process's CPU time over it to its result. */
async function withCpu(work: () => Promise<Omit<RunResult, 'cpuMs'>>): Promise<RunResult> {
  const before = process.cpuUsage();
  const result = await work();
  const used = process.cpuUsage(before);
  return { ...result, cpuMs: (used.user + used.system) / 1000 };
}

export async function runWebchatBench(label: (version: string) => string, options: WebchatBenchOptions = { conversations: 200 }) {
  const failures: string[] = [];
  // Conversation state in the database, as the served assistant keeps it (createAssistantFromConfig):
  // kept in memory, it would grow the heap round after round and leave out a turn's own writes.
  const harness = await createBenchAssistantHarness({ now, coreEnvironment, checkpointer: createCheckpointer });
  const pool = harness.test.runtime.database.pool;
  const version = String((await pool.query<{ server_version: string }>('SHOW server_version')).rows[0]!.server_version);
  const secret = 'bench-directline-secret-0123456789';
  const assistantLine = await startDirectLine(pool, secret, (message, turnOptions) => harness.assistant.handleTurn(message, turnOptions));
  // The same transport in front of a turn that answers at once: its CPU per message is the transport's own.
  const instantLine = await startDirectLine(pool, secret, async () => [{ text: 'Noted. Here is an answer of about the length the assistant writes.' }]);
  const domain = assistantLine.domain;

  try {
    // Warm both paths (model, caches, JIT) with a full round of each before anything is timed: with
    // a short warm-up the later rounds ran faster than the first, on the bare side most.
    await bareRun(harness.assistant.handleTurn, options.conversations, 'warm-bare');
    await directLineClients(domain, secret, options.conversations);

    // Rounds alternate ABBA (bare first, then Direct Line first, …), so a slow spell of the shared
    // machine falls on both sides, and so does the heap the process grows
    // round after round (always running second made Direct Line pay the larger collections).
    // Each round's ratio is kept.
    const bareRounds: RunResult[] = [];
    const lineRounds: RunResult[] = [];
    const runBare = async (round: number) => bareRounds.push(await withCpu(() => bareRun(harness.assistant.handleTurn, options.conversations, `bare-${round}`)));
    const runLine = async () => lineRounds.push(await withCpu(() => directLineClients(domain, secret, options.conversations)));
    for (let round = 0; round < rounds; round++) {
      if (round % 2 === 0) {
        await runBare(round);
        await runLine();
      } else {
        await runLine();
        await runBare(round);
      }
    }
    const expected = options.conversations * messages.length;
    for (const [name, results] of [['bare turns', bareRounds], ['Direct Line', lineRounds]] as const) {
      for (const result of results) if (result.replies !== expected) failures.push(`${name}: ${result.replies} of ${expected} answered`);
    }
    const rateOf = (result: RunResult) => (result.replies / result.wallMs) * 1000;
    const overheads = bareRounds.map((bare, round) => rateOf(bare) / rateOf(lineRounds[round]!) - 1);
    const rateOverhead = median(overheads);
    const bare = merge(bareRounds);
    const directLine = merge(lineRounds);
    const bareSummary = summarize(bare.latencies);
    const lineSummary = summarize(directLine.latencies);
    const bareRate = median(bareRounds.map(rateOf));
    const lineRate = median(lineRounds.map(rateOf));
    const p95Overhead = lineSummary.p95Ms / bareSummary.p95Ms - 1;
    await directLineClients(instantLine.domain, secret, options.conversations);
    const instantRounds: RunResult[] = [];
    for (let round = 0; round < 3; round++) instantRounds.push(await withCpu(() => directLineClients(instantLine.domain, secret, options.conversations)));
    for (const result of instantRounds) if (result.replies !== expected) failures.push(`Direct Line, instant turns: ${result.replies} of ${expected} answered`);
    // CPU per reply does not move with what else the machine runs, unlike the rates.
    const cpuPerReply = (results: RunResult[]) => median(results.map((result) => result.cpuMs / Math.max(1, result.replies)));
    const perRound = (result: RunResult) => `${rateOf(result).toFixed(1)}/s ${(result.cpuMs / Math.max(1, result.replies)).toFixed(2)} ms`;
    const bareCpu = cpuPerReply(bareRounds);
    const lineCpu = cpuPerReply(lineRounds);
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
          measure: 'server CPU per message (median of the rounds)',
          value: `${lineCpu.toFixed(2)} ms`,
          baseline: `${bareCpu.toFixed(2)} ms (bare turns)`,
          ratio: formatRatio(lineCpu / bareCpu),
          target: `< ${formatRatio(1 + overheadTarget)}`,
          met: lineCpu / bareCpu < 1 + overheadTarget,
        },
        {
          measure: 'server CPU per message, the transport alone (Direct Line before a turn that answers at once)',
          value: `${cpuPerReply(instantRounds).toFixed(2)} ms`,
          baseline: `${bareCpu.toFixed(2)} ms (bare turns)`,
          ratio: formatRatio(cpuPerReply(instantRounds) / bareCpu),
          target: '—',
          met: null,
        },
        {
          measure: 'transport overhead on throughput (median of the rounds)',
          value: `${(rateOverhead * 100).toFixed(1)}% (rounds: ${overheads.map((overhead) => `${(overhead * 100).toFixed(1)}%`).join(', ')})`,
          baseline: '—',
          ratio: '—',
          target: `< ${overheadTarget * 100}%`,
          met: rateOverhead < overheadTarget,
        },
      ],
      notes: [
        `${options.conversations} conversations at once, ${messages.length} messages each, one after the other within a conversation; ${expected} replies per run, ${rounds} rounds of each side, alternated ABBA, after an untimed round of each. Both sides run at most ${turnsAtOnce} turns at once (the channel's cap, and a keyed queue for the bare turns). Direct Line is timed from the moment every conversation is started and its stream open. Rates: median of the rounds; latencies: every reply of every round.`,
        `Bare: ${formatSummary(bareSummary)} per turn, ${(bare.wallMs / 1000).toFixed(1)} s in all. Direct Line: ${(directLine.wallMs / 1000).toFixed(1)} s in all.`,
        `Per round, in order: bare ${bareRounds.map(perRound).join(', ')}; Direct Line ${lineRounds.map(perRound).join(', ')} (rate, and server CPU per message).`,
        'The Direct Line clients (fetch and ws) run in a separate load-generator process; the server is one process.',
        'Both sides keep conversation state as the served assistant does: checkpointed in the same database (schema `assistant`), once per turn.',
        'Server CPU: this process\'s user + system time over a round divided by its replies; for Direct Line it includes starting the conversations (token, start, stream), which the clients do before their clock starts.',
        'The transport alone: the same 200 conversations of 3 messages through a second Direct Line server on the same database whose turns answer at once with one message; 3 rounds after an untimed one, median CPU per message.',
      ],
    };
    return { sections: [section], failures };
  } finally {
    await assistantLine.close();
    await instantLine.close();
    await harness.close();
  }
}

async function startDirectLine(pool: Parameters<typeof createWebchatChannel>[0]['pool'], secret: string, handleTurn: TurnHandler) {
  const app = Fastify({ logger: false });
  const channel = await createWebchatChannel({
    pool,
    secret,
    handleTurn,
    log: app.log,
    maxConcurrentTurns: turnsAtOnce,
    limits: { activitiesPerMinute: 1_000_000, tokensPerMinute: 1_000_000 },
  });
  await app.register(channel.routes, { prefix: '/v3/directline', ...channel.routeOptions });
  await app.listen({ host: '127.0.0.1', port: 0 });
  return {
    domain: `http://127.0.0.1:${(app.server.address() as { port: number }).port}/v3/directline`,
    async close() {
      await app.close();
      await channel.close();
    },
  };
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

async function bareRun(handleTurn: Assistant['handleTurn'], conversations: number, prefix: string): Promise<Omit<RunResult, 'cpuMs'>> {
  const latencies: number[] = [];
  let replies = 0;
  const queue = createKeyedQueue({ maxRunning: turnsAtOnce });
  const started = performance.now();
  await Promise.all(
    Array.from({ length: conversations }, async (_, index) => {
      const conversationId = `${prefix}-${index}`;
      for (const text of messages) {
        const sent = performance.now();
        const answer = await queue.enqueue(conversationId, () => handleTurn({ channel: 'webchat', conversationId, senderId: patients[index % patients.length]!, text }));
        latencies.push(performance.now() - sent);
        if (answer.length > 0) replies += 1;
      }
    }),
  );
  return { latencies, wallMs: performance.now() - started, replies };
}

/** The Direct Line conversations, run by the load generator in its own process; it prints its result as JSON. */
async function directLineClients(domain: string, secret: string, conversations: number): Promise<Omit<RunResult, 'cpuMs'>> {
  const script = fileURLToPath(new URL('./webchat-clients.ts', import.meta.url));
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', script, domain, secret, String(conversations), JSON.stringify(messages)], {
    maxBuffer: 64 * 1024 * 1024,
  });
  return JSON.parse(stdout) as Omit<RunResult, 'cpuMs'>;
}

const median = (values: number[]) => quantile([...values].sort((a, b) => a - b), 0.5);

function merge(results: RunResult[]): RunResult {
  return {
    latencies: results.flatMap((result) => result.latencies),
    wallMs: results.reduce((sum, result) => sum + result.wallMs, 0),
    replies: results.reduce((sum, result) => sum + result.replies, 0),
    cpuMs: results.reduce((sum, result) => sum + result.cpuMs, 0),
  };
}
