/**
 * Keeps eval runs in the application's own database (schema `evals`), so the
 * admin UI can list them with the prompt versions they used: on DATABASE_URL
 * when it is set, otherwise in the embedded PGlite under DATA_DIR (the one
 * `npm start` uses; do not store while `npm start` runs on that same folder:
 * PGlite serves one process at a time).
 */
import path from 'node:path';
import type pg from 'pg';
import { openDatabase } from '@consulta/core-api/testing/open-database';
import type { EvalReport } from './report';

export const evalsSchemaSql = `
  CREATE SCHEMA IF NOT EXISTS evals;
  CREATE TABLE IF NOT EXISTS evals.runs (
    id text PRIMARY KEY,
    started_at timestamptz NOT NULL,
    finished_at timestamptz NOT NULL,
    model text NOT NULL,
    k int NOT NULL,
    engine text NOT NULL,
    suites jsonb NOT NULL DEFAULT '[]',
    tags jsonb NOT NULL DEFAULT '[]',
    prompts jsonb NOT NULL DEFAULT '[]',
    git_commit text,
    scenarios int NOT NULL,
    pass_1 double precision NOT NULL,
    pass_k double precision NOT NULL,
    overall jsonb NOT NULL,
    tag_summaries jsonb NOT NULL
  );
  CREATE INDEX IF NOT EXISTS runs_started ON evals.runs (started_at DESC);
  CREATE TABLE IF NOT EXISTS evals.results (
    run_id text NOT NULL REFERENCES evals.runs(id) ON DELETE CASCADE,
    scenario_id text NOT NULL,
    attempt int NOT NULL,
    file text NOT NULL,
    tags jsonb NOT NULL DEFAULT '[]',
    passed boolean NOT NULL,
    why jsonb NOT NULL DEFAULT '[]',
    assistant_turns int NOT NULL,
    tool_calls int NOT NULL,
    tool_errors jsonb NOT NULL DEFAULT '[]',
    latencies_ms jsonb NOT NULL DEFAULT '[]',
    duration_ms int NOT NULL,
    prompts jsonb NOT NULL DEFAULT '[]',
    transcript jsonb NOT NULL DEFAULT '[]',
    differences jsonb NOT NULL DEFAULT '[]',
    PRIMARY KEY (run_id, scenario_id, attempt)
  );
`;

/** Writes one run and its results in one transaction, creating the tables on first use. */
export async function saveRun(pool: pg.Pool, report: EvalReport): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query(evalsSchemaSql);
    await client.query('BEGIN');
    const { run, overall } = report;
    await client.query(
      `INSERT INTO evals.runs (id, started_at, finished_at, model, k, engine, suites, tags, prompts, git_commit,
                               scenarios, pass_1, pass_k, overall, tag_summaries)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`,
      [
        run.id, run.started_at, run.finished_at, run.model, run.k, run.engine, JSON.stringify(run.suites), JSON.stringify(run.tags),
        JSON.stringify(run.prompts), run.git_commit ?? null, overall.scenarios, overall['pass^1'], overall['pass^k'],
        JSON.stringify(overall), JSON.stringify(report.tags),
      ],
    );
    for (const result of report.scenarios.flatMap((scenario) => scenario.runs)) {
      await client.query(
        `INSERT INTO evals.results (run_id, scenario_id, attempt, file, tags, passed, why, assistant_turns, tool_calls,
                                    tool_errors, latencies_ms, duration_ms, prompts, transcript, differences)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`,
        [
          run.id, result.id, result.attempt, result.file, JSON.stringify(result.tags), result.passed, JSON.stringify(result.why),
          result.assistantTurns, result.toolCalls, JSON.stringify(result.toolErrors), JSON.stringify(result.latenciesMs),
          result.durationMs, JSON.stringify(result.prompts), JSON.stringify(result.transcript), JSON.stringify(result.differences),
        ],
      );
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

/**
 * Stores the run in the configured database and answers where it went.
 *
 * @example
 * const where = await storeRun(report, process.env);
 */
export async function storeRun(report: EvalReport, environment: Record<string, string | undefined>): Promise<string> {
  const url = environment.DATABASE_URL || undefined;
  const dataDirectory = path.join(environment.DATA_DIR || './.data', 'pglite');
  const database = await openDatabase(url ? { url, poolSize: 2 } : { dataDirectory });
  try {
    await saveRun(database.pool, report);
  } finally {
    await database.close();
  }
  return url ? 'DATABASE_URL' : dataDirectory;
}
