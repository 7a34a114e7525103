/**
 * Keeps eval runs in the application's own database (schema `evals`), so the
 * admin UI can list them with the prompt versions they used: on DATABASE_URL
 * when it is set, otherwise in the embedded PGlite under DATA_DIR (the one
 * `npm start` uses; do not store while `npm start` runs on that same folder:
 * PGlite serves one process at a time).
 */
import path from 'node:path';
import { saveRun } from '@consulta/bot';
import { openDatabase } from '@consulta/core-api/testing/open-database';
import type { EvalReport } from './report';

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
