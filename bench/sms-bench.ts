import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import Fastify from 'fastify';
import { createSmsChannel } from '@consulta/channels';
import { createBenchAssistantHarness } from './assistant-harness';
import { quantile, summarize } from './measure';
import { formatMs, formatSummary, type ReportSection } from './report';

/*
 * The SMS webhook benchmark (issue #10): signed Twilio webhooks posted open-loop at 200 per second
 * to one server process whose assistant (local model, core-api in-process) answers them behind the
 * acknowledgement; the acknowledgement's p99 must stay under 50 ms. Then the end-to-end reply time
 * of single messages on an idle server. The load generator and the fake Twilio run in their own
 * process (sms-load.ts). Numbers are registered patients, so every message is a real assistant turn.
 */

const now = '2026-12-01T09:00:00Z';
const account = { accountSid: `AC${'b'.repeat(32)}`, authToken: 'bench-twilio-auth-token-0123' };
const publicUrl = 'https://consulta.example.com';
const ackTarget = 50;
const coreEnvironment = { RATE_LIMIT_AUTH_MAX: '1000000000', RATE_LIMIT_PUBLIC_MAX: '1000000000', RATE_LIMIT_USER_MAX: '1000000000' };

export async function runSmsBench(label: (version: string) => string, options = { rate: 200, seconds: 5, numbers: 100, samples: 20 }) {
  const failures: string[] = [];
  const harness = await createBenchAssistantHarness({ now, coreEnvironment });
  const pool = harness.test.runtime.database.pool;
  const version = String((await pool.query<{ server_version: string }>('SHOW server_version')).rows[0]!.server_version);
  const numbers = Array.from({ length: options.numbers }, (_, index) => `+1555${String(1_000_000 + index).slice(1)}`);
  const serviceToken = (await harness.test.app.inject({ method: 'POST', url: '/api/v1/dev/token', payload: { userId: 'assistant-bot', service: true, appRoles: ['Assistant.ActAs'] } })).json().token;
  for (const [index, phone] of numbers.entries()) {
    const response = await harness.test.app.inject({
      method: 'POST',
      url: '/api/v1/channel-identities/registrations',
      headers: { authorization: `Bearer ${serviceToken}` },
      payload: { channel: 'sms', externalId: phone, name: `Bench Patient ${index}`, dateOfBirth: '1980-01-01', locale: 'en' },
    });
    if (response.statusCode !== 201) throw new Error(`registration answered ${response.statusCode}: ${response.body}`);
  }

  const load = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./sms-load.ts', import.meta.url))], {
    env: { ...process.env, BENCH_ACCOUNT_SID: account.accountSid, BENCH_AUTH_TOKEN: account.authToken },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const output = createInterface({ input: load.stdout! })[Symbol.asyncIterator]();
  const { twilio } = JSON.parse((await output.next()).value as string) as { twilio: string };

  const app = Fastify({ logger: false });
  // The server's own view of each acknowledgement: from the request's arrival to its answer.
  const serverAcks: number[] = [];
  app.addHook('onResponse', async (request, reply) => {
    if (request.url === '/channels/sms') serverAcks.push(reply.elapsedTime);
  });
  const channel = await createSmsChannel({
    pool,
    handleTurn: (message, turnOptions) => harness.assistant.handleTurn(message, turnOptions),
    consent: { record: async () => undefined, isOptedOut: async () => false },
    log: app.log,
    publicUrl,
    ...account,
    fromNumber: '+34910000000',
    apiBaseUrl: twilio,
  });
  await app.register(channel.routes, channel.routeOptions);
  await app.listen({ host: '127.0.0.1', port: 0 });
  try {
    const server = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
    load.stdin!.write(`${JSON.stringify({ server, publicUrl, numbers, rate: options.rate, seconds: options.seconds, samples: options.samples, text: 'Which dermatologists do you have?' })}\n`);
    const result = JSON.parse((await output.next()).value as string) as { acks: number[]; backlogMs: number; endToEnd: number[]; answered: number; sent: number };
    if (result.answered < result.sent) failures.push(`SMS: ${result.answered} of ${result.sent} messages answered`);
    const acks = summarize(result.acks);
    const p99 = p99Of(result.acks);
    const endToEnd = summarize(result.endToEnd);
    const section: ReportSection = {
      title: `SMS webhooks, ${options.rate}/s with the local model behind — ${label(version)}`,
      rows: [
        { measure: 'webhook acknowledgement, p99 (load generator)', value: formatMs(p99), baseline: '—', ratio: '—', target: `< ${ackTarget} ms`, met: p99 < ackTarget },
        { measure: 'webhook acknowledgement, as the load generator saw it', value: formatSummary(acks), baseline: '—', ratio: '—', target: '—', met: null },
        { measure: 'webhook acknowledgement inside the server, p99', value: formatMs(p99Of(serverAcks)), baseline: '—', ratio: '—', target: '—', met: null },
        { measure: 'end-to-end reply, one message at a time (webhook → Twilio)', value: formatSummary(endToEnd), baseline: '—', ratio: '—', target: '—', met: null },
        { measure: 'backlog after the burst (last reply − last webhook)', value: formatMs(result.backlogMs), baseline: '—', ratio: '—', target: '—', met: null },
      ],
      notes: [
        `${options.rate * options.seconds} webhooks over ${options.seconds} s from ${options.numbers} registered numbers (open loop: sent on schedule whatever the answers), each a full assistant turn answered by SMS; then ${options.samples} single messages on the idle server.`,
        'The load generator and the fake Twilio REST API run in their own process; the server is one process with core-api and PGlite in it.',
      ],
    };
    return { sections: [section], failures };
  } finally {
    load.kill();
    await app.close();
    await channel.close();
    await harness.close();
  }
}

const p99Of = (samples: number[]) => quantile([...samples].sort((a, b) => a - b), 0.99);
