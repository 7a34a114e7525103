import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import Fastify, { type FastifyInstance } from 'fastify';
import { coreApi, installErrorHandler } from '@consulta/core-api';
import { createTestRuntime, type TestRuntime } from '@consulta/core-api/testing';
import { conversationTopic, createLocalChatBus } from '../core-api/src/modules/chat/chat-bus';
import type { ClientsResult, PhaseResult } from './chat-clients';
import { formatMs, formatRate, formatRatio, formatSummary, type ReportSection, type ResultRow } from './report';

/*
 * The chat benchmark (issue #13): 1,000 sockets in 50 conversations of 20 participants on one
 * core-api process. Each conversation is a group around one patient: a professional who opened it
 * (and sends), 18 colleagues and the patient, every one a user of their own, created in the bench
 * database beside the seed. Every participant holds one socket, subscribed as an app is (to all of
 * their conversations), in the load generator's process (chat-clients.ts), which also posts.
 *
 * Two targets, same sockets, same event: `POST …/messages` (access check, insert, audit entry,
 * then the bus), and a bench-only route that publishes the event on the chat bus directly: the
 * fan-out alone, to say how much of the time is the write. The bus is the in-process one (one
 * process; with REDIS_URL a replica would publish through Redis, not measured here).
 */

const coreEnvironment = { RATE_LIMIT_AUTH_MAX: '1000000000', RATE_LIMIT_PUBLIC_MAX: '1000000000', RATE_LIMIT_USER_MAX: '1000000000' };

export interface ChatBenchOptions {
  conversations: number;
  participants: number;
  /** Messages each conversation's sender posts back to back in the closed loop. */
  perSender: number;
  /** Messages per second, over all conversations, in the open loop. */
  rate: number;
  seconds: number;
}

export async function runChatBench(
  label: (version: string) => string,
  options: ChatBenchOptions = { conversations: 50, participants: 20, perSender: 20, rate: 50, seconds: 10 },
) {
  const failures: string[] = [];
  const keyDirectory = mkdtempSync(path.join(tmpdir(), 'chat-bench-'));
  const runtime = await createTestRuntime({ environment: coreEnvironment });
  const pool = runtime.database.pool;
  const bus = createLocalChatBus();
  const app = Fastify({ logger: false });
  installErrorHandler(app);
  await app.register(coreApi, { prefix: '/api/v1', ...runtime, devIssuerKeyFile: path.join(keyDirectory, 'dev-issuer-key.json'), chatBus: bus });
  // The fan-out alone: the same event a post publishes, without the database.
  let busMessageId = 0;
  app.post<{ Body: { conversationId: string; body: string } }>('/bench/publish', async (request, reply) => {
    const { conversationId, body } = request.body;
    const message = {
      id: `bus-${++busMessageId}`, conversationId, authorId: 'bench', body, replyTo: null, fileId: null, replyCount: 0,
      createdAt: new Date().toISOString(), editedAt: null, deletedAt: null,
    };
    await bus.publish(conversationTopic(conversationId), { type: 'message.created', conversationId, message });
    return reply.status(201).send({ id: message.id });
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const base = `127.0.0.1:${(app.server.address() as { port: number }).port}`;
  const version = String((await pool.query<{ server_version: string }>('SHOW server_version')).rows[0]!.server_version);

  const load = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./chat-clients.ts', import.meta.url))], { stdio: ['pipe', 'pipe', 'inherit'] });
  try {
    const setupStarted = performance.now();
    const conversations = await createConversations(app, pool, options);
    const setupMs = performance.now() - setupStarted;
    load.stdin.write(`${JSON.stringify({
      socketUrl: `ws://${base}/api/v1/chat/socket`, apiUrl: `http://${base}/api/v1`, busUrl: `http://${base}/bench/publish`,
      conversations, perSender: options.perSender, rate: options.rate, seconds: options.seconds,
    })}\n`);

    // The server's own load between the load generator's phase marks.
    const serverLoad = new Map<string, { utilization: number; cpuCores: number }>();
    let mark = { utilization: performance.eventLoopUtilization(), cpu: process.cpuUsage(), at: performance.now() };
    let result: ClientsResult | undefined;
    for await (const line of createInterface({ input: load.stdout })) {
      const parsed = JSON.parse(line) as { phase?: string; event?: string; result?: ClientsResult };
      if (parsed.event === 'start') mark = { utilization: performance.eventLoopUtilization(), cpu: process.cpuUsage(), at: performance.now() };
      if (parsed.event === 'end' && parsed.phase) {
        const cpu = process.cpuUsage(mark.cpu);
        serverLoad.set(parsed.phase, {
          utilization: performance.eventLoopUtilization(mark.utilization).utilization,
          cpuCores: (cpu.user + cpu.system) / 1000 / (performance.now() - mark.at),
        });
      }
      if (parsed.result) result = parsed.result;
    }
    if (!result) throw new Error('the load generator ended without a result');
    if (result.misdelivered > 0) failures.push(`chat: ${result.misdelivered} messages reached a socket outside their conversation`);
    for (const phase of result.phases) {
      if (phase.deliveries < phase.expectedDeliveries) failures.push(`chat ${phase.phase}: ${phase.deliveries} of ${phase.expectedDeliveries} deliveries`);
    }
    return { sections: [section(label(version), options, result, serverLoad, setupMs)], failures };
  } finally {
    load.kill();
    await app.close();
    await bus.close();
    await runtime.close();
    rmSync(keyDirectory, { recursive: true, force: true });
  }
}

/**
 * Users straight into the database (the seed has a handful): per conversation one patient and
 * `participants - 1` professionals, the first of whom opens the group through the API and sends.
 */
async function createConversations(app: FastifyInstance, pool: TestRuntime['database']['pool'], options: ChatBenchOptions) {
  const organizationId = String((await pool.query(`SELECT organization_id FROM identity.users WHERE id = 'dr-lopez'`)).rows[0]!.organization_id);
  await pool.query(
    `INSERT INTO identity.users (id, organization_id, role, name)
     SELECT 'bench-patient-' || c, $1, 'patient', 'Bench Patient ' || c FROM generate_series(1, $2::int) c
     UNION ALL
     SELECT 'bench-pro-' || c || '-' || p, $1, 'professional', 'Bench Professional ' || c || '-' || p FROM generate_series(1, $2::int) c, generate_series(1, $3::int - 1) p`,
    [organizationId, options.conversations, options.participants],
  );
  const tokenOf = async (userId: string) => {
    const response = await app.inject({ method: 'POST', url: '/api/v1/dev/token', payload: { userId } });
    if (response.statusCode !== 200) throw new Error(`no token for ${userId}: ${response.body}`);
    return response.json().token as string;
  };
  const conversations: Array<{ id: string; senderToken: string; memberTokens: string[] }> = [];
  for (let index = 1; index <= options.conversations; index++) {
    const professionals = Array.from({ length: options.participants - 1 }, (_, member) => `bench-pro-${index}-${member + 1}`);
    const userIds = [...professionals, `bench-patient-${index}`];
    const tokens = await Promise.all(userIds.map(tokenOf));
    const opened = await app.inject({
      method: 'POST', url: '/api/v1/chat/conversations', headers: { authorization: `Bearer ${tokens[0]}` },
      payload: { kind: 'group', patientId: `bench-patient-${index}`, title: `Bench ${index}`, memberIds: professionals.slice(1), includePatient: true },
    });
    if (opened.statusCode !== 201) throw new Error(`opening a group answered ${opened.statusCode}: ${opened.body}`);
    if (opened.json().participants.length !== options.participants) throw new Error(`a group has ${opened.json().participants.length} participants`);
    conversations.push({ id: opened.json().id as string, senderToken: tokens[0]!, memberTokens: tokens });
  }
  return conversations;
}

function section(title: string, options: ChatBenchOptions, result: ClientsResult, serverLoad: Map<string, { utilization: number; cpuCores: number }>, setupMs: number): ReportSection {
  const phase = (name: string) => result.phases.find((candidate) => candidate.phase === name)!;
  const rate = (run: PhaseResult) => (run.messages / run.wallMs) * 1000;
  const p95 = (run: PhaseResult) => run.latency.p95Ms;
  const load = (name: string) => {
    const server = serverLoad.get(name);
    return `server loop ${percent(server?.utilization)} busy, ${server ? server.cpuCores.toFixed(2) : 'n/a'} cores; load generator loop ${percent(phase(name).clientUtilization)} busy`;
  };
  const [apiClosed, busClosed, apiOpen, busOpen] = [phase('api:closed'), phase('bus:closed'), phase('api:open'), phase('bus:open')];
  const rows: ResultRow[] = [
    { measure: `messages fanned out per second, ${options.conversations} senders back to back (POST → every socket)`, value: formatRate(rate(apiClosed), 'msg'), baseline: formatRate(rate(busClosed), 'msg'), ratio: formatRatio(rate(apiClosed) / rate(busClosed)), target: '—', met: null },
    { measure: '…as socket deliveries per second', value: formatRate((apiClosed.deliveries / apiClosed.wallMs) * 1000, 'delivery'), baseline: formatRate((busClosed.deliveries / busClosed.wallMs) * 1000, 'delivery'), ratio: '—', target: '—', met: null },
    { measure: '…delivery latency at that saturation', value: formatSummary(apiClosed.latency), baseline: formatSummary(busClosed.latency), ratio: '—', target: '—', met: null },
    { measure: `delivery latency p95 at ${options.rate} msg/s (${options.rate * options.participants} deliveries/s), POST → each socket`, value: formatMs(p95(apiOpen)), baseline: formatMs(p95(busOpen)), ratio: formatRatio(p95(apiOpen) / p95(busOpen)), target: '—', met: null },
    { measure: '…median (p95) delivery latency', value: formatSummary(apiOpen.latency), baseline: formatSummary(busOpen.latency), ratio: '—', target: '—', met: null },
    { measure: '…POST answered (sender)', value: formatSummary(apiOpen.postLatency), baseline: formatSummary(busOpen.postLatency), ratio: '—', target: '—', met: null },
  ];
  return {
    title: `Chat fan-out, ${result.sockets} sockets in ${options.conversations} conversations of ${options.participants} — ${title}`,
    rows,
    notes: [
      `Value: POST /chat/conversations/{id}/messages (access check, insert, audit entry, then the in-process bus). Baseline: the same event published on the bus by a bench-only route, no database.`,
      `Closed loop: each conversation's sender posts ${options.perSender} messages one after another (${options.conversations * options.perSender} messages, ${options.conversations * options.perSender * options.participants} deliveries); rate = messages / (first POST → last delivery). Open loop: ${options.rate} msg/s for ${options.seconds} s, round robin over the conversations.`,
      `Latency is measured per socket: from just before the POST to that socket's receipt of the event, both on the load generator's clock (the sender's own socket counts too).`,
      `Load, closed loop through the API: ${load('api:closed')}. Bus only: ${load('bus:closed')}. Open loop through the API: ${load('api:open')}.`,
      ...[apiClosed, busClosed]
        .filter((run) => run.clientUtilization > 0.9)
        .map((run) => `${run.phase === 'bus:closed' ? 'Bus only' : 'Through the API'}, the load generator's loop was the limit (its 1,000 sockets' frames), so that rate is a floor of what the server fans out, not its ceiling.`),
      `The ${result.sockets} sockets and the senders run in one load-generator process (chat-clients.ts), the server (core-api, its database, the bus) in another; both on this machine, so they share its cores. Each socket is one user's, subscribed to all of their conversations; connecting and subscribing them all took ${(result.connectMs / 1000).toFixed(1)} s (creating the ${options.conversations * options.participants} users, their tokens and the ${options.conversations} groups ${(setupMs / 1000).toFixed(1)} s).`,
    ],
  };
}

const percent = (share: number | undefined) => (share === undefined ? 'n/a' : `${Math.round(share * 100)} %`);
