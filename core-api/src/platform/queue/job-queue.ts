/**
 * The job-queue contract every part of Consulta uses. Two implementations
 * keep it: BullMQ on Redis (production, several processes) and a queue kept
 * in the application's own database with in-process workers (the embedded
 * default). The same contract tests run against both.
 */
export interface JobOptions {
  /** Same id, same job: a second add with an id already known is ignored. */
  jobId?: string;
  /** Run no sooner than this many milliseconds from now. */
  delayMs?: number;
  /** Total tries, the first included (default 3). */
  attempts?: number;
  /** Wait before retry n: `delayMs * 2^(n-1)` for exponential, `delayMs` for fixed. */
  backoff?: { type: 'exponential' | 'fixed'; delayMs: number };
  /**
   * The data is personal (a patient's message): the job is deleted once it has completed or used up
   * its attempts, instead of being kept for the completed and failed lists. A failed one is then not
   * retryable by an admin; the handler must record what matters.
   */
  discardWhenDone?: boolean;
}

export interface Job<Data> {
  id: string;
  name: string;
  data: Data;
  /** 1 on the first try. */
  attempt: number;
  /** Tries allowed in all: a handler failing on `attempt === maxAttempts` sends the job to the failed list. */
  maxAttempts: number;
}

/** How many jobs of one queue are in each state (for metrics and the admin). */
export interface JobCounts {
  /** Due now and not yet taken. */
  waiting: number;
  /** Waiting for their delay or backoff to pass. */
  delayed: number;
  active: number;
  failed: number;
}

export type JobHandler<Data> = (job: Job<Data>) => Promise<void>;

export interface WorkOptions {
  concurrency?: number;
}

export interface JobQueue {
  readonly kind: 'bullmq' | 'database';
  /** Adds a job and answers its id. */
  add<Data>(queue: string, name: string, data: Data, options?: JobOptions): Promise<string>;
  /** Starts taking jobs of `queue`; a handler that throws is retried with backoff. */
  work<Data>(queue: string, handler: JobHandler<Data>, options?: WorkOptions): void;
  /** Jobs that used up their attempts (the dead-letter list). */
  failed(queue: string): Promise<Array<{ id: string; name: string; error: string }>>;
  /**
   * Puts a job of the failed list back in line with its attempts counted from
   * zero (an admin's retry). Answers false when no such job has failed.
   * `jobId` is an id as `add` or `failed` answered it.
   */
  retry(queue: string, jobId: string): Promise<boolean>;
  counts(queue: string): Promise<JobCounts>;
  /** Stops taking jobs, waits for running ones and releases connections. Jobs not started stay queued. */
  close(): Promise<void>;
}

export const defaultAttempts = 3;
export const defaultBackoff = { type: 'exponential', delayMs: 1_000 } as const;

export function retryDelay(attempt: number, backoff: JobOptions['backoff'] = defaultBackoff): number {
  return backoff.type === 'fixed' ? backoff.delayMs : backoff.delayMs * 2 ** (attempt - 1);
}
