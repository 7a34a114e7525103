import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type pg from 'pg';
import { listEvalRuns, saveRun, type StoredEvalReport } from '../evals/eval-run-store';
import { AdminError } from './admin-session';

const repositoryRoot = path.resolve(import.meta.dirname, '../../..');
/** The CI gate's bar (`npm run evals -- --check`): a run at or above it passed. */
export const passingRate = 0.9;

export interface EvalRunRequest {
  tags?: string[];
  /** A stored prompt version to play instead of the shipped file of its purpose and language. */
  prompt?: { promptId: string; purpose: 'patient' | 'professional'; domain: string; locale: string; version: number; body: string };
}

export interface EvalRunView {
  id: string;
  startedAt: string;
  finishedAt: string | null;
  status: 'running' | 'passed' | 'failed' | 'error';
  model: string;
  k: number;
  tags: string[];
  prompts: string[];
  scenarios: number;
  pass1: number | null;
  passK: number | null;
  error: string | null;
}

export interface EvalRunLauncherOptions {
  pool: pg.Pool;
  /** The evals CLI and arguments before the run's own (default: `node --import tsx evals/src/cli.ts`). */
  command?: { file: string; args: string[] };
  env?: NodeJS.ProcessEnv;
  now?: () => Date;
}

/**
 * Starts eval runs for the admin UI, one at a time, as a child process of
 * the evals CLI: a run takes minutes of CPU that must not share the event
 * loop with the chats. The child does not store the run (in the embedded
 * default it could not open the database this process holds); this process
 * reads its JSON report and stores it.
 */
export function createEvalRunLauncher(options: EvalRunLauncherOptions) {
  const now = options.now ?? (() => new Date());
  const command = options.command ?? { file: process.execPath, args: ['--import', 'tsx', path.join(repositoryRoot, 'evals/src/cli.ts')] };
  let current: { view: EvalRunView; child: ChildProcess; done: Promise<void> } | undefined;
  // Runs that ended without a stored report, newest first; kept for the list until the process restarts.
  const failures: EvalRunView[] = [];

  function start(request: EvalRunRequest): { id: string } {
    if (current) throw new AdminError(409, 'eval_running', `Run ${current.view.id} is still going; start another when it ends.`);
    const started = now();
    const id = `${started.toISOString().replace(/[-:]/g, '').replace(/\..*/, '')}-${randomBytes(3).toString('hex')}`;
    const folder = mkdtempSync(path.join(os.tmpdir(), 'consulta-eval-'));
    const reportFile = path.join(folder, 'report.json');
    const args = [...command.args, '--no-store', '--json', reportFile, '--run-id', id, '--workers', '1'];
    if (request.tags?.length) args.push('--tags', request.tags.join(','));
    if (request.prompt) {
      const promptFile = path.join(folder, 'prompt.json');
      writeFileSync(promptFile, JSON.stringify(request.prompt));
      args.push('--prompt-file', promptFile);
    }
    const view: EvalRunView = {
      id, startedAt: started.toISOString(), finishedAt: null, status: 'running', model: 'local', k: 1, tags: request.tags ?? [],
      prompts: request.prompt ? [`${request.prompt.promptId}/${request.prompt.domain}/${request.prompt.locale}@${request.prompt.version}`] : [], scenarios: 0, pass1: null, passK: null, error: null,
    };
    const child = spawn(command.file, args, { cwd: repositoryRoot, env: childEnvironment(options.env ?? process.env), stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString('utf8')).slice(-4000);
    });
    const done = new Promise<void>((resolve) => {
      child.on('error', (error) => finish(1, error.message).then(resolve));
      child.on('exit', (code) => void finish(code ?? 1, stderr).then(resolve));
    });
    let finished = false;
    async function finish(code: number, output: string) {
      if (finished) return;
      finished = true;
      try {
        // Exit code 1 is a failed baseline check; the report is still whole.
        const report = JSON.parse(readFileSync(reportFile, 'utf8')) as StoredEvalReport;
        await saveRun(options.pool, report);
      } catch (error) {
        const lastLine = output.trim().split('\n').filter(Boolean).at(-1);
        failures.unshift({ ...view, status: 'error', finishedAt: now().toISOString(), error: lastLine ?? `The eval run stopped (exit ${code}): ${(error as Error).message}` });
        failures.splice(20);
      } finally {
        rmSync(folder, { recursive: true, force: true });
        current = undefined;
      }
    }
    current = { view, child, done };
    return { id };
  }

  async function list(): Promise<{ runs: EvalRunView[] }> {
    const stored = (await listEvalRuns(options.pool)).map(
      (run): EvalRunView => ({ ...run, status: run.pass1 >= passingRate ? 'passed' : 'failed', error: null }),
    );
    const runs = [...(current ? [current.view] : []), ...failures, ...stored].sort((a, b) => b.startedAt.localeCompare(a.startedAt));
    return { runs };
  }

  return {
    start,
    list,
    /** Resolves when the run in progress (if any) has ended and been stored. */
    settled: () => current?.done ?? Promise.resolve(),
    /** Stops a run in progress (the process is shutting down). */
    async close() {
      if (!current) return;
      current.child.kill('SIGTERM');
      await current.done;
    },
  };
}

export type EvalRunLauncher = ReturnType<typeof createEvalRunLauncher>;

/**
 * What the eval process gets of this one's environment: enough to run Node, and no secrets. Its
 * scenarios make and drop databases of their own: on the embedded PGlite unless
 * EVALS_DATABASE_URL names a PostgreSQL server for them (never the application's DATABASE_URL).
 */
export function childEnvironment(environment: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const kept = ['PATH', 'HOME', 'TMPDIR', 'LANG', 'TZ'].filter((name) => environment[name] !== undefined);
  return {
    ...Object.fromEntries(kept.map((name) => [name, environment[name]])),
    ...(environment.EVALS_DATABASE_URL ? { DATABASE_URL: environment.EVALS_DATABASE_URL } : {}),
  };
}
