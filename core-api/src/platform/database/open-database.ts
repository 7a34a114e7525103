import { mkdirSync } from 'node:fs';
import { setImmediate as setImmediatePromise } from 'node:timers/promises';
import path from 'node:path';
import pg from 'pg';
import { PGlite } from '@electric-sql/pglite';
import { createPgConfig } from '@electric-sql/pglite/node-postgres';
import { btree_gist } from '@electric-sql/pglite/contrib/btree_gist';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import { vector } from '@electric-sql/pglite-pgvector';
import { redactUrl } from '../config';
import { StartupError } from '../startup-error';

/**
 * The database as every module sees it: a `pg` pool, whatever engine is
 * behind it. PGlite is real PostgreSQL compiled to WebAssembly, so the same SQL
 * runs on both; only optional extensions differ (see `hasVector`).
 */
export interface Database {
  pool: pg.Pool;
  engine: 'pglite' | 'postgres';
  /** pgvector is installed; without it, vectors are stored as plain arrays. */
  hasVector: boolean;
  close(): Promise<void>;
}


export interface OpenDatabaseOptions {
  /** A PostgreSQL URL; without it an embedded PGlite is used. */
  url?: string;
  /** Where PGlite keeps its files; `memory://` (or unset) keeps everything in memory. */
  dataDirectory?: string;
  poolSize?: number;
  /** How long a query waits for a free connection (PostgreSQL only). */
  poolWaitMs?: number;
}

/**
 * Opens the database and makes sure the extensions Consulta needs exist.
 *
 * @example
 * const database = await openDatabase({ dataDirectory: './.data/pglite' });
 * await database.pool.query('select 1');
 */
export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  return options.url ? openPostgres(options.url, options.poolSize ?? 10, options.poolWaitMs ?? 10_000) : openPglite(options.dataDirectory);
}

async function openPostgres(url: string, poolSize: number, poolWaitMs: number): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: poolSize, connectionTimeoutMillis: poolWaitMs });
  // An idle client that loses its server must not crash the process.
  pool.on('error', () => undefined);
  try {
    await pool.query('CREATE EXTENSION IF NOT EXISTS btree_gist');
    await pool.query('CREATE EXTENSION IF NOT EXISTS unaccent');
  } catch (error) {
    await pool.end().catch(() => undefined);
    const reason = error instanceof Error ? error.message || (error as { code?: string }).code : String(error);
    throw new StartupError(`Cannot use the database at ${redactUrl(url)}: ${reason}`);
  }
  const hasVector = await tryCreateVectorExtension(pool);
  return { pool, engine: 'postgres', hasVector, close: () => pool.end() };
}

/**
 * PGlite runs in this thread and answers through promises alone, so a backlog of queries (a burst
 * of background turns) would run back to back as microtasks and keep the event loop from reading
 * sockets until it drained: requests would wait seconds for their first byte to be read. So before
 * each round trip outside a transaction the loop may poll for I/O, as it would while a query went
 * to a server over a socket. Not inside a transaction, which would then hold the only connection
 * longer; and not inside a round trip (pg sends Parse, Bind, Execute and Sync one by one).
 */
function yieldingToIo(pglite: PGlite): PGlite {
  const sync = 0x53;
  const simpleQuery = 0x51;
  let roundTripOpen = false;
  let inTransaction = false;
  const connectionSide: Pick<PGlite, 'waitReady' | 'execProtocolStream'> = {
    waitReady: pglite.waitReady,
    execProtocolStream: async (message, options) => {
      const mayYield = !roundTripOpen && !inTransaction;
      const type = message[0];
      roundTripOpen = type !== sync && type !== simpleQuery;
      if (mayYield) await setImmediatePromise();
      const replies = await pglite.execProtocolStream(message, options);
      for (const reply of replies) {
        if (reply.name === 'readyForQuery') inTransaction = (reply as { status?: string }).status !== 'I';
      }
      return replies;
    },
  };
  return connectionSide as PGlite;
}

async function tryCreateVectorExtension(pool: pg.Pool): Promise<boolean> {
  const available = await pool.query(`SELECT 1 FROM pg_available_extensions WHERE name = 'vector'`);
  if (available.rowCount === 0) return false;
  try {
    await pool.query('CREATE EXTENSION IF NOT EXISTS vector');
    return true;
  } catch {
    return false;
  }
}

async function openPglite(dataDirectory: string | undefined): Promise<Database> {
  const inMemory = !dataDirectory || dataDirectory.startsWith('memory://');
  if (!inMemory) mkdirSync(path.dirname(path.resolve(dataDirectory)), { recursive: true });
  const pglite = await PGlite.create(inMemory ? 'memory://' : path.resolve(dataDirectory), {
    extensions: { vector, btree_gist, unaccent },
  });
  await pglite.exec(
    'CREATE EXTENSION IF NOT EXISTS vector; CREATE EXTENSION IF NOT EXISTS btree_gist; CREATE EXTENSION IF NOT EXISTS unaccent;',
  );
  // PGlite serves one connection; the pool queues the rest, so transactions stay isolated.
  const pool = new pg.Pool(createPgConfig(yieldingToIo(pglite)));
  return {
    pool,
    engine: 'pglite',
    hasVector: true,
    close: async () => {
      await pool.end();
      await pglite.close();
    },
  };
}
