/**
 * Runs scenarios k times each, each on its own fresh database, a few at a
 * time on each of a few worker threads (PGlite is CPU-bound on the thread
 * that opened it), and builds the report.
 */
import { randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { Worker } from 'node:worker_threads';
import { buildReport, type EvalReport } from './report';
import type { ScenarioResult } from './run-scenario';
import { assistantModelFactory, createScenarioRunner, type ModelName, type RunnerOptions } from './scenario-runner';
import type { Scenario } from './scenario-schema';
import type { PromptOverride } from './prompt-override';
import type { WorkerRequest, WorkerResponse } from './scenario-worker';

export type { ModelName } from './scenario-runner';

export interface SuiteOptions {
  model: ModelName;
  k: number;
  /** Worker threads; 1 runs everything on this thread. */
  workers: number;
  /** Scenarios in flight on each thread at a time. */
  concurrency: number;
  /** For the report: what was asked for. */
  suites?: string[];
  tags?: string[];
  /** Called as each run ends (progress). */
  onResult?: (result: ScenarioResult, done: number, total: number) => void;
  /** A stored prompt version to play instead of the shipped file. */
  promptOverride?: PromptOverride;
  /** The run's id, when the caller named it (the admin's launcher); made from the start time otherwise. */
  runId?: string;
  /** Where OPENAI_* and DATABASE_URL come from (default process.env). */
  env?: Record<string, string | undefined>;
}

interface Job {
  index: number;
  scenario: Scenario;
  attempt: number;
}

function gitCommit(): string | undefined {
  try {
    return execFileSync('git', ['rev-parse', 'HEAD'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim() || undefined;
  } catch {
    return undefined;
  }
}

/** Plays the jobs on this thread. */
async function runHere(jobs: Job[], options: RunnerOptions & { concurrency: number }, done: (job: Job, result: ScenarioResult) => void) {
  const runner = createScenarioRunner(options);
  let next = 0;
  const lane = async () => {
    while (next < jobs.length) {
      const job = jobs[next++]!;
      done(job, await runner.run(job.scenario, job.attempt));
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency, jobs.length)) }, lane));
  } finally {
    await runner.close();
  }
  return runner.engine;
}

/** A worker thread that loads the TypeScript sources through tsx, as the CLI itself runs. */
function startWorker(options: RunnerOptions): Worker {
  const tsx = import.meta.resolve('tsx/esm/api');
  const entry = new URL('./scenario-worker.ts', import.meta.url).href;
  const code = `import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); })`;
  return new Worker(code, { eval: true, workerData: options, execArgv: [] });
}

/** Seeded PGlite tarballs per `now`, built by the first worker that needs one and handed to the others. */
function templateBroker() {
  const templates = new Map<string, { tarball?: ArrayBuffer; waiters: Worker[] }>();
  const answer = (worker: Worker, message: WorkerRequest) => worker.postMessage(message);
  return {
    need(worker: Worker, now: string) {
      const template = templates.get(now);
      if (template?.tarball) answer(worker, { type: 'template', now, tarball: template.tarball });
      else if (template) template.waiters.push(worker);
      else {
        templates.set(now, { waiters: [] });
        answer(worker, { type: 'template', now, build: true });
      }
    },
    built(now: string, tarball: ArrayBuffer | undefined) {
      const template = templates.get(now)!;
      const waiters = template.waiters.splice(0);
      // A failed build is tried again by each worker that waited for it.
      if (tarball) template.tarball = tarball;
      else templates.delete(now);
      for (const waiter of waiters) answer(waiter, tarball ? { type: 'template', now, tarball } : { type: 'template', now, build: true });
    },
  };
}

/** Plays the jobs on worker threads, each taking the next job as one of its lanes frees up. */
async function runOnWorkers(
  jobs: Job[],
  options: RunnerOptions & { concurrency: number; workers: number },
  done: (job: Job, result: ScenarioResult) => void,
): Promise<'pglite' | 'postgres'> {
  let next = 0;
  const broker = templateBroker();
  const threads = Math.max(1, Math.min(options.workers, Math.ceil(jobs.length / Math.max(1, options.concurrency))));
  const runOne = (worker: Worker) =>
    new Promise<void>((resolve, reject) => {
      let inFlight = 0;
      let closing = false;
      const feed = () => {
        while (inFlight < options.concurrency && next < jobs.length) {
          const job = jobs[next++]!;
          inFlight += 1;
          worker.postMessage({ type: 'run', job: job.index, scenario: job.scenario, attempt: job.attempt } satisfies WorkerRequest);
        }
        if (inFlight === 0 && !closing) {
          closing = true;
          worker.postMessage({ type: 'close' } satisfies WorkerRequest);
        }
      };
      worker.on('message', (message: WorkerResponse) => {
        if (message.type === 'result') {
          inFlight -= 1;
          done(jobs.find((job) => job.index === message.job)!, message.result);
          feed();
        } else if (message.type === 'need-template') {
          broker.need(worker, message.now);
        } else if (message.type === 'template-built') {
          broker.built(message.now, message.tarball);
        } else {
          void worker.terminate().then(() => resolve());
        }
      });
      worker.on('error', reject);
      worker.on('exit', (code) => (closing ? resolve() : reject(new Error(`an eval worker stopped with code ${code}`))));
      feed();
    });
  await Promise.all(Array.from({ length: threads }, () => runOne(startWorker({ model: options.model, env: options.env, promptOverride: options.promptOverride }))));
  return options.env.DATABASE_URL ? 'postgres' : 'pglite';
}

/**
 * @example
 * const report = await runSuite(loadScenarios(defaultSuites), { model: 'local', k: 1, workers: 2, concurrency: 2 });
 */
export async function runSuite(scenarios: Scenario[], options: SuiteOptions): Promise<EvalReport> {
  const env = { ...(options.env ?? process.env) };
  const startedAt = new Date();
  // Grouped by clock: the scenarios of one `now` share one seeded template, built once.
  const byNow = [...scenarios].sort((a, b) => Date.parse(a.now) - Date.parse(b.now));
  const jobs: Job[] = byNow
    .flatMap((scenario) => Array.from({ length: options.k }, (_, attempt) => ({ scenario, attempt })))
    .map((job, index) => ({ ...job, index }));
  const results: ScenarioResult[] = [];
  const done = (_job: Job, result: ScenarioResult) => {
    results.push(result);
    options.onResult?.(result, results.length, jobs.length);
  };
  // A missing model configuration is said once, here, rather than by every worker.
  if (options.model !== 'local') assistantModelFactory(options.model, env);
  const runnerOptions = { model: options.model, env, promptOverride: options.promptOverride, concurrency: options.concurrency, workers: options.workers };
  const engine = options.workers > 1 ? await runOnWorkers(jobs, runnerOptions, done) : await runHere(jobs, runnerOptions, done);

  const finishedAt = new Date();
  const order = new Map(scenarios.map((scenario, index) => [scenario.id, index]));
  results.sort((a, b) => order.get(a.id)! - order.get(b.id)! || a.attempt - b.attempt);
  return buildReport(results, {
    id: options.runId ?? `${startedAt.toISOString().replace(/[-:]/g, '').replace(/\..*/, '')}-${randomBytes(3).toString('hex')}`,
    started_at: startedAt.toISOString(),
    finished_at: finishedAt.toISOString(),
    duration_ms: finishedAt.getTime() - startedAt.getTime(),
    model: options.model,
    k: options.k,
    engine,
    suites: options.suites ?? [],
    tags: options.tags ?? [],
    git_commit: gitCommit(),
  });
}
