/**
 * npm run evals -- [files or folders] [--model local|openai] [--k N] [--tags a,b] [--json out.json]
 *                  [--concurrency N] [--check] [--update-baseline] [--no-store] [--sgd] [--knowledge]
 *
 * Without files it runs the project's own suites (evals/scenarios). The
 * markdown report goes to stdout, progress to stderr.
 */
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { checkBaseline, readBaseline, writeBaseline } from './baseline';
import { defaultSuites, loadScenarios } from './load-scenarios';
import { renderMarkdown, reportJson } from './report';
import { runSuite, type ModelName } from './run-suite';
import { ScenarioError } from './scenario-schema';
import { renderSgd, runSgd } from './sgd';
import { renderKnowledge, runKnowledgeRetrieval } from './knowledge-retrieval';
import { storeRun } from './store-run';
import { readPromptOverride } from './prompt-override';

const usage = `usage: npm run evals -- [files or folders …] [options]
  --model local|openai   the assistant's model (default local); openai also lets an LLM play each scenario's goal
  --k N                  run every scenario N times and report pass^N (default 1)
  --tags a,b             only scenarios with one of these tags (repeatable)
  --json FILE            also write the full report (with transcripts) as JSON
  --workers N            worker threads (default: the number of cores, at most 4)
  --concurrency N        scenarios in flight on each worker (default 1: turn latencies stay true)
  --check                exit 1 when pass^1 < 0.9 or more than 2 points under evals/baseline.json (CI)
  --update-baseline      write this run's pass^1 to evals/baseline.json (commit it with the improvement)
  --no-store             do not store the run in the database (evals.runs)
  --run-id ID            the run's id (letters, digits, -), when the caller names it
  --prompt-file FILE     play a stored prompt version instead of the shipped file: JSON {promptId, domain, locale, version, body}
  --sgd                  run the understanding check over the SGD dialogues instead of scenarios
  --knowledge            measure knowledge retrieval (recall@3) over evals/knowledge/questions.yaml instead of scenarios`;

function fail(message: string, code = 2): never {
  process.stderr.write(`evals: ${message}\n`);
  process.exit(code);
}

function positiveInteger(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1) fail(`--${name} must be a whole number of 1 or more (got "${value}")`);
  return number;
}

let parsed;
try {
  parsed = parseArgs({
    allowPositionals: true,
    options: {
      model: { type: 'string', default: 'local' },
      k: { type: 'string' },
      tags: { type: 'string', multiple: true },
      json: { type: 'string' },
      workers: { type: 'string' },
      concurrency: { type: 'string' },
      check: { type: 'boolean', default: false },
      'update-baseline': { type: 'boolean', default: false },
      'no-store': { type: 'boolean', default: false },
      'prompt-file': { type: 'string' },
      'run-id': { type: 'string' },
      sgd: { type: 'boolean', default: false },
      knowledge: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
} catch (error) {
  fail(`${(error as Error).message}\n${usage}`);
}
const { values, positionals } = parsed;
if (values.help) {
  process.stdout.write(`${usage}\n`);
  process.exit(0);
}

if (values.sgd) {
  const report = runSgd();
  process.stdout.write(renderSgd(report));
  if (values.json) writeFileSync(values.json, `${JSON.stringify(report, null, 2)}\n`);
  process.exit(0);
}

if (values.knowledge) {
  const report = await runKnowledgeRetrieval({ databaseUrl: process.env.DATABASE_URL || undefined });
  process.stdout.write(renderKnowledge(report));
  if (values.json) writeFileSync(values.json, `${JSON.stringify(report, null, 2)}\n`);
  process.exit(0);
}

if (values.model !== 'local' && values.model !== 'openai') fail(`--model must be local or openai (got "${values.model}")`);
const model = values.model as ModelName;
const k = positiveInteger(values.k, 'k', 1);
const workers = positiveInteger(values.workers, 'workers', Math.min(4, os.availableParallelism()));
const concurrency = positiveInteger(values.concurrency, 'concurrency', 1);
const tags = (values.tags ?? []).flatMap((tag) => tag.split(',')).map((tag) => tag.trim()).filter(Boolean);
const suites = positionals.length > 0 ? positionals : defaultSuites;
const runId = values['run-id'];
if (runId !== undefined && !/^[A-Za-z0-9-]{1,80}$/.test(runId)) fail(`--run-id takes letters, digits and - (got "${runId}")`);
let promptOverride;
try {
  promptOverride = values['prompt-file'] ? readPromptOverride(values['prompt-file']) : undefined;
} catch (error) {
  fail(`--prompt-file ${(error as Error).message}`);
}

let scenarios;
try {
  scenarios = loadScenarios(suites, { tags });
} catch (error) {
  if (error instanceof ScenarioError) fail(`invalid scenarios:\n${error.message}`);
  throw error;
}
if (scenarios.length === 0) fail(`no scenario found in ${suites.join(', ')}${tags.length ? ` with tags ${tags.join(', ')}` : ''}`);

process.stderr.write(`evals: ${scenarios.length} scenarios × ${k} on the ${model} model, ${workers} workers × ${concurrency} at a time\n`);
const report = await runSuite(scenarios, {
  model,
  k,
  workers,
  concurrency,
  tags,
  promptOverride,
  runId,
  suites: suites.map((suite) => path.relative(process.cwd(), path.resolve(suite)) || '.'),
  onResult: (result, done, total) => {
    const mark = result.passed ? 'pass' : 'FAIL';
    process.stderr.write(`  [${String(done).padStart(String(total).length)}/${total}] ${mark} ${result.id}${k > 1 ? ` #${result.attempt + 1}` : ''} (${(result.durationMs / 1000).toFixed(1)} s)\n`);
  },
});

process.stdout.write(renderMarkdown(report));
if (values.json) {
  writeFileSync(values.json, reportJson(report));
  process.stderr.write(`evals: report written to ${values.json}\n`);
}
if (!values['no-store']) {
  try {
    const where = await storeRun(report, process.env);
    process.stderr.write(`evals: run ${report.run.id} stored (${where})\n`);
  } catch (error) {
    process.stderr.write(`evals: the run could not be stored: ${(error as Error).message}\n`);
  }
}
if (values['update-baseline']) {
  const baseline = writeBaseline(report);
  process.stderr.write(`evals: baseline updated to pass^1 ${baseline['pass^1']}\n`);
}
if (values.check) {
  const check = checkBaseline(report, readBaseline());
  for (const message of check.messages) process.stdout.write(`${check.ok ? 'baseline: ' : 'baseline FAILED: '}${message}\n`);
  if (!check.ok) process.exitCode = 1;
}
