/**
 * Eval runs kept in the application's own database (schema `evals`), so the
 * admin UI lists them with the prompt versions they used. The evals CLI and
 * the admin's run launcher both write through here.
 */
import type pg from 'pg';

/** The parts of an eval report that are stored (the evals package's EvalReport has this shape). */
export interface StoredEvalReport {
  run: {
    id: string; started_at: string; finished_at: string; model: string; k: number; engine: string;
    suites: string[]; tags: string[]; prompts: string[]; git_commit?: string;
  };
  overall: { scenarios: number; 'pass^1': number; 'pass^k': number };
  tags: Record<string, unknown>;
  scenarios: Array<{
    runs: Array<{
      id: string; attempt: number; file: string; tags: string[]; passed: boolean; why: unknown; assistantTurns: number; toolCalls: number;
      toolErrors: unknown; latenciesMs: number[]; durationMs: number; prompts: string[]; transcript: unknown; differences: unknown;
    }>;
  }>;
}

export interface StoredEvalRun {
  id: string;
  startedAt: string;
  finishedAt: string;
  model: string;
  k: number;
  tags: string[];
  prompts: string[];
  scenarios: number;
  pass1: number;
  passK: number;
}

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
export async function saveRun(pool: pg.Pool, report: StoredEvalReport): Promise<void> {
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

/** The latest stored runs, newest first (none before the first run created the tables). */
export async function listEvalRuns(pool: pg.Pool, limit = 50): Promise<StoredEvalRun[]> {
  const { rows: present } = await pool.query(`SELECT to_regclass('evals.runs') IS NOT NULL AS present`);
  if (!present[0]?.present) return [];
  const { rows } = await pool.query<{
    id: string; started_at: Date; finished_at: Date; model: string; k: number; tags: string[]; prompts: string[]; scenarios: number; pass_1: number; pass_k: number;
  }>(
    `SELECT id, started_at, finished_at, model, k, tags, prompts, scenarios, pass_1, pass_k FROM evals.runs ORDER BY started_at DESC LIMIT $1`,
    [limit],
  );
  return rows.map((row) => ({
    id: row.id, startedAt: row.started_at.toISOString(), finishedAt: row.finished_at.toISOString(), model: row.model, k: row.k,
    tags: row.tags, prompts: row.prompts, scenarios: row.scenarios, pass1: row.pass_1, passK: row.pass_k,
  }));
}
