import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { redactUrl } from '@consulta/core-api';
import { runAssistantBench } from './assistant-bench';
import { renderReport, type ReportSection } from './report';
import { runSchedulingBench } from './scheduling/scheduling-bench';
import { runWebchatBench } from './webchat-bench';
import { runSmsBench } from './sms-bench';
import { runSmsSplitBench } from './sms-split-bench';
import { runKnowledgeBench } from './knowledge-bench';
import { runNotificationsBench } from './notifications-bench';
import { runChatBench } from './chat-bench';
import { runScaleBench } from './scale-bench';

/*
 * `npm run bench`: two suites, each a markdown report printed and kept in bench/results/ for the
 * README to quote.
 *
 * - scheduling (bench/results/scheduling.md): the scheduling benchmarks on the embedded PGlite and,
 *   when DATABASE_URL is set (or --postgres URL is given), again on that PostgreSQL server, each in
 *   a fresh database of its own (created and dropped as the tests do).
 * - webchat (bench/results/webchat.md): 200 concurrent Direct Line conversations with the local model
 *   against as many bare turns through the turn interface, on each database.
 * - sms (bench/results/sms.md): signed Twilio webhooks at 200/s with the assistant answering behind
 *   (acknowledgement p99), then single-message end-to-end reply time; first database only. With
 *   PostgreSQL, again as production runs it: bot, worker and core-api processes, turns on the queue.
 * - knowledge (bench/results/knowledge.md): hybrid knowledge search over 10,000 passages on PGlite with
 *   the HNSW index next to the exact scan, and the indexed search's recall against it.
 * - notifications (bench/results/notifications.md): notifications dispatched per second from the outbox to
 *   a fake provider on BullMQ with a real Redis (REDIS_URL, default redis://127.0.0.1:6379; skipped
 *   when it does not answer), next to bare no-op BullMQ jobs on the same Redis, and the lag from
 *   outbox write to send; on every database of the list.
 * - assistant (bench/results/assistant.md): turn latency of the LangGraph assistant with the local
 *   model, then its orchestration overhead around a 300 ms OpenAI-compatible fake; on the first
 *   database of the list only (PGlite unless --no-pglite), to stay within two minutes.
 * - scale (bench/results/scale.md): slot queries and bookings per second through two core-api processes
 *   against one, in the same run, on PostgreSQL (--postgres or DATABASE_URL) and Redis (REDIS_URL, default
 *   redis://127.0.0.1:6379); skipped without PostgreSQL.
 * - chat (bench/results/chat.md): 1,000 sockets in 50 conversations of 20 on one core-api process,
 *   the load generator in a child process: messages per second fanned out and delivery latency
 *   (POST → each socket), through the API and through the bus alone; first database only.
 *
 * No time is asserted: a missed target is reported, not failed. The exit code is non-zero only when
 * a correctness check fails (the one-slot race, a baseline that did not fetch the same data, a
 * scripted conversation that did not book, a turn that did not make exactly one model call).
 */

const suites = ['scheduling', 'assistant', 'webchat', 'sms', 'knowledge', 'notifications', 'chat', 'scale'] as const;
type Suite = (typeof suites)[number];

const usage = `usage: npm run bench [-- --only scheduling|assistant|webchat|sms|knowledge|notifications|chat|scale] [--postgres postgres://user@host:5432/db]
  --only SUITE     run one suite: scheduling, assistant, webchat, sms, knowledge, notifications, chat or scale (default: all)
  --postgres URL   also run on this PostgreSQL server (default: $DATABASE_URL, if set)
  --no-pglite      skip the embedded PGlite run`;

const { values } = parseArgs({
  options: {
    only: { type: 'string' },
    postgres: { type: 'string' },
    'no-pglite': { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (values.help) {
  console.log(usage);
  process.exit(0);
}
if (values.only !== undefined && !suites.includes(values.only as Suite)) {
  console.error(`unknown suite "${values.only}"\n${usage}`);
  process.exit(2);
}
const selected: Suite[] = values.only ? [values.only as Suite] : [...suites];

const postgresUrl = values.postgres ?? process.env.DATABASE_URL;
const targets: Array<{ url?: string; label: (version: string) => string }> = [];
if (!values['no-pglite']) targets.push({ label: (version) => `PGlite ${version} (embedded, in memory)` });
if (postgresUrl) {
  const host = new URL(postgresUrl).host;
  targets.push({ url: postgresUrl, label: (version) => `PostgreSQL ${version.split(' ')[0]} (${host})` });
}
if (targets.length === 0) {
  console.error(usage);
  process.exit(2);
}

// The test helpers read DATABASE_URL when they create the database: set it per run, or remove it.
function useTarget(target: (typeof targets)[number]) {
  if (target.url) process.env.DATABASE_URL = target.url;
  else delete process.env.DATABASE_URL;
  process.stderr.write(`${target.url ? `PostgreSQL at ${redactUrl(target.url)}` : 'PGlite in memory'}\n`);
}

const failures: string[] = [];
const cpus = os.cpus();
const machine = () =>
  `Node ${process.version}, ${cpus.length} × ${cpus[0]?.model.trim() ?? 'unknown CPU'}, ${os.platform()}`;
mkdirSync(fileURLToPath(new URL('./results/', import.meta.url)), { recursive: true });

function publish(file: string, report: string) {
  console.log(report);
  const output = fileURLToPath(new URL(`./results/${file}`, import.meta.url));
  writeFileSync(output, report);
  process.stderr.write(`written to ${output}\n`);
}

if (selected.includes('scheduling')) {
  const sections: ReportSection[] = [];
  const started = Date.now();
  for (const target of targets) {
    useTarget(target);
    const result = await runSchedulingBench(target.label);
    sections.push(result.section);
    failures.push(...result.failures.map((failure) => `${result.section.title}: ${failure}`));
  }
  publish(
    'scheduling.md',
    renderReport(sections, [
      `Last run ${new Date().toISOString()}, ${((Date.now() - started) / 1000).toFixed(0)} s in all; ${machine()}.`,
      'Per-call rows: median (p95) of interleaved timed calls after warm-up; ratio = median / median of the baseline.',
      'Numbers move with whatever else runs on the machine; read the ratios, not the absolute times.',
    ]),
  );
}

if (selected.includes('assistant')) {
  const started = Date.now();
  useTarget(targets[0]!);
  const result = await runAssistantBench(targets[0]!.label);
  failures.push(...result.failures);
  publish(
    'assistant.md',
    renderReport(
      result.sections,
      [
        `Last run ${new Date().toISOString()}, ${((Date.now() - started) / 1000).toFixed(0)} s in all; ${machine()}.`,
        'Latency rows: median (p95) of turns awaited one at a time after warm-up conversations, on a fresh seeded core-api in-process with a frozen clock (2026-12-01T09:00Z).',
        'Numbers move with whatever else runs on the machine; read the overhead ratio, not the absolute times.',
      ],
      'Assistant benchmarks',
    ),
  );
}

if (selected.includes('webchat')) {
  const started = Date.now();
  const sections: ReportSection[] = [];
  for (const target of targets) {
    useTarget(target);
    const result = await runWebchatBench(target.label);
    failures.push(...result.failures);
    sections.push(...result.sections);
  }
  publish(
    'webchat.md',
    renderReport(
      sections,
      [
        `Last run ${new Date().toISOString()}, ${((Date.now() - started) / 1000).toFixed(0)} s in all; ${machine()}.`,
        'Latency rows: median (p95) over every message of every conversation, after a warm-up of both paths.',
        'Numbers move with whatever else runs on the machine; read the overhead, not the absolute times.',
      ],
      'Web chat benchmarks',
    ),
  );
}

if (selected.includes('sms')) {
  const started = Date.now();
  useTarget(targets[0]!);
  const result = await runSmsBench(targets[0]!.label);
  failures.push(...result.failures);
  const sections = [...result.sections];
  // As production runs it: turns on the queue, taken by a worker process (needs PostgreSQL and Redis).
  if (postgresUrl) {
    const split = await runSmsSplitBench({ postgresUrl, redisUrl: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', rate: 200, seconds: 5, numbers: 100, samples: 20 });
    failures.push(...split.failures);
    sections.push(...split.sections);
  } else {
    process.stderr.write('sms: the split-process run skipped (needs PostgreSQL: --postgres URL or DATABASE_URL)\n');
  }
  publish(
    'sms.md',
    renderReport(
      sections,
      [
        `Last run ${new Date().toISOString()}, ${((Date.now() - started) / 1000).toFixed(0)} s in all; ${machine()}.`,
        'Numbers move with whatever else runs on the machine.',
      ],
      'SMS benchmarks',
    ),
  );
}

if (selected.includes('knowledge')) {
  const started = Date.now();
  // HNSW needs pgvector, which the embedded PGlite has and this machine's PostgreSQL lacks.
  useTarget({ label: (version) => `PGlite ${version} (embedded, in memory)` });
  const result = await runKnowledgeBench((version) => `PGlite ${version} (embedded, in memory)`);
  failures.push(...result.failures);
  publish(
    'knowledge.md',
    renderReport(
      result.sections,
      [
        `Last run ${new Date().toISOString()}, ${((Date.now() - started) / 1000).toFixed(0)} s in all; ${machine()}.`,
        'Numbers move with whatever else runs on the machine; read the ratio and the recall, not the absolute times.',
      ],
      'Knowledge search benchmarks',
    ),
  );
}

if (selected.includes('notifications')) {
  const sections: ReportSection[] = [];
  const started = Date.now();
  for (const target of targets) {
    useTarget(target);
    const result = await runNotificationsBench(target.label);
    sections.push(...result.sections);
    failures.push(...result.failures);
  }
  publish(
    'notifications.md',
    renderReport(
      sections,
      [
        `Last run ${new Date().toISOString()}, ${((Date.now() - started) / 1000).toFixed(0)} s in all; ${machine()}.`,
        'Rates: median of interleaved rounds; lags: median (p95). Numbers move with whatever else runs on the machine; read the ratio, not the absolute rates.',
      ],
      'Notification benchmarks',
    ),
  );
}

if (selected.includes('chat')) {
  const started = Date.now();
  useTarget(targets[0]!);
  const result = await runChatBench(targets[0]!.label);
  failures.push(...result.failures);
  publish(
    'chat.md',
    renderReport(
      result.sections,
      [
        `Last run ${new Date().toISOString()}, ${((Date.now() - started) / 1000).toFixed(0)} s in all; ${machine()}.`,
        'Latencies: median (p95) over every delivery to every socket. Numbers move with whatever else runs on the machine; read the ratio to the bus alone, not the absolute rates.',
      ],
      'Chat benchmarks',
    ),
  );
}

if (selected.includes('scale')) {
  const started = Date.now();
  if (!postgresUrl) {
    process.stderr.write('scale: skipped (needs PostgreSQL: --postgres URL or DATABASE_URL)\n');
  } else {
    const result = await runScaleBench({ postgresUrl, redisUrl: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', seconds: 10, concurrency: 32 });
    failures.push(...result.failures);
    publish(
      'scale.md',
      renderReport(
        result.sections,
        [
          `Last run ${new Date().toISOString()}, ${((Date.now() - started) / 1000).toFixed(0)} s in all; ${machine()}.`,
          'Requests per second over each phase; one phase after the other on the same database, slots first, then bookings.',
        ],
        'Scale-out benchmark',
      ),
    );
  }
}

if (failures.length > 0) {
  process.stderr.write(
    `correctness checks failed:\n${failures.map((failure) => `  - ${failure}`).join('\n')}\n`,
  );
  process.exitCode = 1;
}

// BullMQ workers keep the Redis connection they were given open after closing (the queue duplicates
// one per worker), so a run that used Redis would never end on its own.
if (selected.includes('notifications')) process.exit();
