/**
 * A worker thread that plays scenarios on its own databases, so a run uses
 * every core (PGlite runs on the thread that opened it). The main thread
 * (run-suite.ts) hands it scenarios one by one and receives plain results;
 * seeded database templates are shared through the main thread, so each is
 * built once per run.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { ScenarioResult } from './run-scenario';
import { createScenarioRunner, type RunnerOptions } from './scenario-runner';
import type { Scenario } from './scenario-schema';

export type WorkerRequest =
  | { type: 'run'; job: number; scenario: Scenario; attempt: number }
  /** The template of `now`: its tarball, or `build` when this worker is the one to make it. */
  | { type: 'template'; now: string; tarball?: ArrayBuffer; build?: boolean }
  | { type: 'close' };

export type WorkerResponse =
  | { type: 'result'; job: number; result: ScenarioResult }
  | { type: 'need-template'; now: string }
  | { type: 'template-built'; now: string; tarball?: ArrayBuffer; error?: string }
  | { type: 'closed' };

const port = parentPort!;
const send = (message: WorkerResponse, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);
const waiting = new Map<string, (answer: Extract<WorkerRequest, { type: 'template' }>) => void>();

const runner = createScenarioRunner(workerData as RunnerOptions, async (now, build) => {
  const answer = await new Promise<Extract<WorkerRequest, { type: 'template' }>>((resolve) => {
    waiting.set(now, resolve);
    send({ type: 'need-template', now });
  });
  if (answer.tarball) return new Blob([answer.tarball]);
  try {
    const tarball = await build();
    const bytes = await tarball.arrayBuffer();
    send({ type: 'template-built', now, tarball: bytes }, [bytes]);
    return tarball;
  } catch (error) {
    send({ type: 'template-built', now, error: error instanceof Error ? error.message : String(error) });
    throw error;
  }
});

port.on('message', (request: WorkerRequest) => {
  if (request.type === 'run') {
    void runner.run(request.scenario, request.attempt).then((result) => send({ type: 'result', job: request.job, result }));
  } else if (request.type === 'template') {
    const resolve = waiting.get(request.now);
    waiting.delete(request.now);
    resolve?.(request);
  } else {
    void runner.close().finally(() => send({ type: 'closed' }));
  }
});
