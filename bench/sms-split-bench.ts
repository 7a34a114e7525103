import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { quantile, summarize } from './measure';
import { formatMs, formatSummary, type ReportSection } from './report';
import { migrateWith, onServer, splitDeploymentEnvironment, startProcessKind, stopProcess, type StartedProcess } from '../bot/src/testing/process-kinds';

/*
 * The SMS webhook benchmark as production runs it (issue #10, with #15's process kinds): a bot
 * process that only acknowledges webhooks and queues the turns (CHANNEL_TURNS=queue), a worker
 * process that takes the turns from BullMQ and replies, and a core-api process, on the real
 * PostgreSQL and Redis. The same load as sms-bench.ts: signed webhooks open-loop at 200 per second
 * from registered numbers, each a full assistant turn (local model), posted by sms-load.ts in a
 * process of its own, which also plays Twilio.
 */

const account = { accountSid: `AC${'c'.repeat(32)}`, authToken: 'bench-twilio-auth-token-split' };
const publicUrl = 'https://consulta.example.com';
const ackTarget = 50;

export interface SmsSplitBenchOptions {
  postgresUrl: string;
  redisUrl: string;
  rate: number;
  seconds: number;
  numbers: number;
  samples: number;
}

export async function runSmsSplitBench(options: SmsSplitBenchOptions) {
  const failures: string[] = [];
  const name = `consulta_sms_${randomBytes(5).toString('hex')}`;
  const dataDirectory = mkdtempSync(path.join(tmpdir(), 'consulta-sms-'));
  await onServer(options.postgresUrl, `CREATE DATABASE ${name}`);
  const url = new URL(options.postgresUrl);
  url.pathname = `/${name}`;

  const load = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./sms-load.ts', import.meta.url))], {
    env: { ...process.env, BENCH_ACCOUNT_SID: account.accountSid, BENCH_AUTH_TOKEN: account.authToken },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const output = createInterface({ input: load.stdout! })[Symbol.asyncIterator]();
  const { twilio } = JSON.parse((await output.next()).value as string) as { twilio: string };

  const environment: NodeJS.ProcessEnv = {
    ...splitDeploymentEnvironment({ databaseUrl: url.toString(), redisUrl: options.redisUrl, dataDirectory, queuePrefix: `sms-${randomBytes(4).toString('hex')}` }),
    PUBLIC_URL: publicUrl,
    TWILIO_ACCOUNT_SID: account.accountSid,
    TWILIO_AUTH_TOKEN: account.authToken,
    TWILIO_FROM_NUMBER: '+34910000000',
    TWILIO_API_BASE_URL: twilio,
    CHANNEL_TURNS: 'queue',
  };
  const processes: StartedProcess[] = [];
  try {
    migrateWith(environment);
    const api = await startProcessKind('api', environment);
    processes.push(api);
    // The turns yield the CPU to the acknowledgements, as separate nodes (or CPU limits) give them in production.
    processes.push(await startProcessKind('worker', environment, 90_000, { niceness: 10 }));
    const bot = await startProcessKind('bot', { ...environment, CORE_API_URL: api.origin });
    processes.push(bot);

    const numbers = Array.from({ length: options.numbers }, (_, index) => `+1555${String(2_000_000 + index).slice(1)}`);
    const issued = await fetch(`${api.origin}/api/v1/dev/token`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userId: 'assistant-bot', service: true, appRoles: ['Assistant.ActAs'] }),
    });
    const { token } = (await issued.json()) as { token: string };
    for (const [index, phone] of numbers.entries()) {
      const response = await fetch(`${api.origin}/api/v1/channel-identities/registrations`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ channel: 'sms', externalId: phone, name: `Bench Patient ${index}`, dateOfBirth: '1980-01-01', locale: 'en' }),
      });
      if (response.status !== 201) throw new Error(`registration answered ${response.status}: ${await response.text()}`);
    }

    load.stdin!.write(`${JSON.stringify({ server: bot.origin, publicUrl, numbers, rate: options.rate, seconds: options.seconds, samples: options.samples, text: 'Which dermatologists do you have?' })}\n`);
    const result = JSON.parse((await output.next()).value as string) as { acks: number[]; backlogMs: number; endToEnd: number[]; answered: number; sent: number };
    if (result.answered < result.sent) failures.push(`SMS (split): ${result.answered} of ${result.sent} messages answered`);
    const p99 = quantile([...result.acks].sort((a, b) => a - b), 0.99);
    const inside = await webhookTimesInside(bot.origin);
    if (!(p99 < ackTarget)) failures.push(`SMS (split): webhook acknowledgement p99 ${formatMs(p99)} (target < ${ackTarget} ms)`);
    const section: ReportSection = {
      title: `SMS webhooks, ${options.rate}/s, turns on the queue (bot + worker + core-api processes, PostgreSQL and Redis)`,
      rows: [
        { measure: 'webhook acknowledgement, p99 (load generator)', value: formatMs(p99), baseline: '—', ratio: '—', target: `< ${ackTarget} ms`, met: p99 < ackTarget },
        { measure: 'webhook acknowledgement, as the load generator saw it', value: formatSummary(summarize(result.acks)), baseline: '—', ratio: '—', target: '—', met: null },
        { measure: 'inside the bot process: webhooks answered within 10 ms / 50 ms (its /metrics)', value: inside, baseline: '—', ratio: '—', target: '—', met: null },
        { measure: 'end-to-end reply, one message at a time (webhook → queue → worker → Twilio)', value: formatSummary(summarize(result.endToEnd)), baseline: '—', ratio: '—', target: '—', met: null },
        { measure: 'backlog after the burst (last reply − last webhook)', value: formatMs(result.backlogMs), baseline: '—', ratio: '—', target: '—', met: null },
      ],
      notes: [
        `${options.rate * options.seconds} webhooks over ${options.seconds} s from ${options.numbers} registered numbers (open loop), each a full assistant turn answered by SMS; then ${options.samples} single messages on the idle system.`,
        'The bot process checks the signature and adds a BullMQ job (the message id is the job id, so a retry adds nothing); the worker process runs the turn (core-api in-process) and sends the reply. All processes, PostgreSQL, Redis and the load generator share the machine; the worker runs at a lower CPU priority (nice 10), as background work is given less CPU than the request path on a shared host.',
      ],
    };
    return { sections: [section], failures };
  } finally {
    load.kill();
    await Promise.all(processes.map((started) => stopProcess(started)));
    await onServer(options.postgresUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    rmSync(dataDirectory, { recursive: true, force: true });
  }
}

/** The share of SMS webhooks the bot process itself answered within 10 and 50 ms, from its request-duration histogram. */
async function webhookTimesInside(origin: string): Promise<string> {
  const text = await (await fetch(`${origin}/metrics`)).text();
  const bucket = (le: string) =>
    text
      .split('\n')
      .filter((line) => line.startsWith('http_request_duration_seconds_bucket') && line.includes('route="/channels/sms"') && line.includes(`le="${le}"`))
      .reduce((sum, line) => sum + Number(line.split(' ').at(-1)), 0);
  const all = bucket('+Inf');
  if (all === 0) return 'not measured';
  const share = (le: string) => `${((bucket(le) / all) * 100).toFixed(1)}%`;
  return `${share('0.01')} / ${share('0.05')} of ${all}`;
}
