import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { redactUrl } from '@consulta/core-api';
import { renderReport, type ReportSection } from './report';
import { runSchedulingBench } from './scheduling-bench';

/*
 * `npm run bench`: the scheduling benchmarks on the embedded PGlite and, when DATABASE_URL is set
 * (or --postgres URL is given), again on that PostgreSQL server, each in a fresh database of its own
 * (created and dropped as the tests do). Prints one markdown table per database and keeps the last
 * run in bench/results/scheduling.md for the README to quote.
 *
 * No time is asserted: a missed target is reported, not failed. The exit code is non-zero only when
 * a correctness check fails (the one-slot race, or a baseline that did not fetch the same data).
 */

const usage = `usage: npm run bench [-- --postgres postgres://user@host:5432/db]
  --postgres URL   also run on this PostgreSQL server (default: $DATABASE_URL, if set)
  --no-pglite      skip the embedded PGlite run`;

const { values } = parseArgs({
  options: {
    postgres: { type: 'string' },
    'no-pglite': { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (values.help) {
  console.log(usage);
  process.exit(0);
}

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

const sections: ReportSection[] = [];
const failures: string[] = [];
const started = Date.now();
for (const target of targets) {
  // The test helpers read DATABASE_URL when they create the database: set it per run, or remove it.
  if (target.url) process.env.DATABASE_URL = target.url;
  else delete process.env.DATABASE_URL;
  process.stderr.write(`${target.url ? `PostgreSQL at ${redactUrl(target.url)}` : 'PGlite in memory'}\n`);
  const result = await runSchedulingBench(target.label);
  sections.push(result.section);
  failures.push(...result.failures.map((failure) => `${result.section.title}: ${failure}`));
}

const cpus = os.cpus();
const report = renderReport(sections, [
  `Last run ${new Date().toISOString()}, ${((Date.now() - started) / 1000).toFixed(0)} s in all; Node ${process.version}, ` +
    `${cpus.length} × ${cpus[0]?.model.trim() ?? 'unknown CPU'}, ${os.platform()}.`,
  'Per-call rows: median (p95) of interleaved timed calls after warm-up; ratio = median / median of the baseline.',
  'Numbers move with whatever else runs on the machine; read the ratios, not the absolute times.',
]);
console.log(report);
const output = fileURLToPath(new URL('./results/scheduling.md', import.meta.url));
mkdirSync(fileURLToPath(new URL('./results/', import.meta.url)), { recursive: true });
writeFileSync(output, report);
process.stderr.write(`written to ${output}\n`);
if (failures.length > 0) {
  process.stderr.write(
    `correctness checks failed:\n${failures.map((failure) => `  - ${failure}`).join('\n')}\n`,
  );
  process.exitCode = 1;
}
