import { performance } from 'node:perf_hooks';

/*
 * Timing helpers. Benchmarks here run on shared machines (tests may run beside them), so the
 * helpers favour robust statistics (median, p95) over means, and interleave the things compared so
 * that a burst of outside load hits the measure and its baseline alike.
 */

export interface Summary {
  /** Number of timed calls. */
  count: number;
  medianMs: number;
  p95Ms: number;
}

export function summarize(samples: number[]): Summary {
  if (samples.length === 0) return { count: 0, medianMs: Number.NaN, p95Ms: Number.NaN };
  const sorted = [...samples].sort((a, b) => a - b);
  return { count: sorted.length, medianMs: quantile(sorted, 0.5), p95Ms: quantile(sorted, 0.95) };
}

// Linear interpolation between the closest ranks; with few samples p95 leans on the slowest calls.
export function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const position = (sorted.length - 1) * q;
  const below = Math.floor(position);
  const above = Math.ceil(position);
  return sorted[below]! + (sorted[above]! - sorted[below]!) * (position - below);
}

export interface InterleaveOptions {
  /** Untimed rounds first: JIT, plan caches and connection set-up must not count. */
  warmup: number;
  /** Timed rounds at most. */
  iterations: number;
  /** Stop timing after this much wall time, so the whole run stays bounded on a slow or busy machine. */
  budgetMs: number;
  /** …but time at least this many rounds, so that a p95 still means something. */
  minIterations?: number;
}

/**
 * Times each function once per round, round after round, and summarizes per function. Calls are
 * awaited one at a time, so the numbers are latencies of an otherwise idle system, not throughput.
 */
export async function timeInterleaved<K extends string>(
  subjects: Record<K, () => unknown>,
  options: InterleaveOptions,
): Promise<Record<K, Summary>> {
  const names = Object.keys(subjects) as K[];
  for (let round = 0; round < options.warmup; round++) {
    for (const name of names) await subjects[name]();
  }
  const samples = Object.fromEntries(names.map((name) => [name, [] as number[]])) as Record<K, number[]>;
  const minimum = options.minIterations ?? 10;
  const started = performance.now();
  for (let round = 0; round < options.iterations; round++) {
    if (round >= minimum && performance.now() - started > options.budgetMs) break;
    for (const name of names) {
      const before = performance.now();
      await subjects[name]();
      samples[name].push(performance.now() - before);
    }
  }
  return Object.fromEntries(names.map((name) => [name, summarize(samples[name])])) as Record<K, Summary>;
}

export interface ConcurrentRun<R> {
  results: R[];
  /** Wall time from the first job's start to the last job's end. */
  elapsedMs: number;
  /** Latency of each job, in job order. */
  latenciesMs: number[];
}

/**
 * Runs `jobs` with `workers` concurrent loops, each taking the next job when its last one ends
 * (a closed system, like N clients that each wait for their answer before sending the next).
 */
export async function runConcurrently<J, R>(
  jobs: readonly J[],
  workers: number,
  run: (job: J, worker: number) => Promise<R>,
): Promise<ConcurrentRun<R>> {
  const results = new Array<R>(jobs.length);
  const latenciesMs = new Array<number>(jobs.length);
  let next = 0;
  const started = performance.now();
  const loop = async (worker: number) => {
    for (let index = next++; index < jobs.length; index = next++) {
      const before = performance.now();
      results[index] = await run(jobs[index]!, worker);
      latenciesMs[index] = performance.now() - before;
    }
  };
  await Promise.all(Array.from({ length: workers }, (_, worker) => loop(worker)));
  return { results, elapsedMs: performance.now() - started, latenciesMs };
}

export const elapsedSince = (startedAt: number) => performance.now() - startedAt;
export const timestamp = () => performance.now();
