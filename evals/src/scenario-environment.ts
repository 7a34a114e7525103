/**
 * A fresh core-api on a freshly seeded database for every scenario, fast.
 *
 * Migrating and seeding a database costs seconds, so it is done once per
 * distinct `now` (the seed stamps its rows with the clock): on PGlite the
 * seeded data folder is dumped to a tarball and every scenario starts an
 * in-memory PGlite from it; on PostgreSQL (DATABASE_URL) the seeded database
 * is the TEMPLATE of every scenario's database, dropped when the scenario ends.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import pg from 'pg';
import { PGlite } from '@electric-sql/pglite';
import { createPgConfig } from '@electric-sql/pglite/node-postgres';
import { btree_gist } from '@electric-sql/pglite/contrib/btree_gist';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import { vector } from '@electric-sql/pglite-pgvector';
import {
  coreApi,
  fixedClock,
  installErrorHandler,
  loadConfig,
  reconcileKnowledge,
  startCoreRuntime,
  type Config,
  type Database,
  type JobQueue,
} from '@consulta/core-api';
import { openDatabase } from '@consulta/core-api/testing/open-database';

export interface ScenarioApp {
  /** core-api mounted at /api/v1, reached with `inject`. */
  app: FastifyInstance;
  /** The scenario's own database, for the judge to read appointment rows. */
  pool: pg.Pool;
  close(): Promise<void>;
}

export interface ScenarioEnvironment {
  readonly engine: 'pglite' | 'postgres';
  /** core-api on a fresh database holding the demo seed, with the clock frozen at `now`. */
  open(now: string): Promise<ScenarioApp>;
  /** The channel identity (external id) of a seed user on a channel, or undefined. */
  identityOf(userId: string, channel: string): Promise<string | undefined>;
  close(): Promise<void>;
}

const extensions = { vector, btree_gist, unaccent };
const quietLogger = { info: () => undefined, warn: () => undefined } as never;

function evalConfig(now: string, dataDirectory: string, databaseUrl = ''): Config {
  return loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    AUTH_MODE: 'dev',
    DATABASE_URL: databaseUrl,
    REDIS_URL: '',
    DATA_DIR: dataDirectory,
    FIXED_NOW: new Date(now).toISOString(),
    QUEUE_PREFIX: `evals-${randomBytes(4).toString('hex')}`,
    // Rate limits are not what a scenario measures; a long conversation must never meet one.
    RATE_LIMIT_AUTH_MAX: '1000000',
    RATE_LIMIT_PUBLIC_MAX: '1000000',
    RATE_LIMIT_USER_MAX: '1000000',
  });
}

/**
 * core-api publishes its events through the queue only when background work
 * runs, which scenarios do not; this queue keeps what is added and runs nothing.
 */
function idleQueue(): JobQueue {
  let next = 0;
  return {
    kind: 'database',
    add: async () => `evals-job-${++next}`,
    work: () => undefined,
    failed: async () => [],
    counts: async () => ({ waiting: 0, delayed: 0, active: 0, failed: 0 }),
    retry: async () => false,
    close: async () => undefined,
  };
}

async function mountCoreApi(database: Database, config: Config): Promise<FastifyInstance> {
  // No plugin timeout: on a busy machine starting core-api may take longer than Fastify's 10 s default.
  const app = Fastify({ logger: false, pluginTimeout: 0 });
  installErrorHandler(app);
  await app.register(coreApi, {
    prefix: '/api/v1',
    config,
    database,
    queue: idleQueue(),
    clock: fixedClock(config.FIXED_NOW!),
    backgroundWork: false,
  });
  await app.ready();
  return app;
}

/** The seed's knowledge documents indexed once in the template, so scenarios do not rebuild the passages. */
async function indexKnowledge(database: Database, config: Config): Promise<void> {
  await reconcileKnowledge(database, config, fixedClock(config.FIXED_NOW!));
}

async function readIdentities(pool: pg.Pool): Promise<Map<string, string>> {
  const result = await pool.query<{ user_id: string; channel: string; external_id: string }>(
    'SELECT user_id, channel, external_id FROM identity.channel_identities ORDER BY created_at, external_id',
  );
  const identities = new Map<string, string>();
  for (const row of result.rows) {
    const key = `${row.user_id}|${row.channel}`;
    if (!identities.has(key)) identities.set(key, row.external_id);
  }
  return identities;
}

/** Caches one template per `now`, built once even when scenarios ask for it concurrently. */
function templateCache<T>(build: (now: string) => Promise<T>) {
  const templates = new Map<string, Promise<T>>();
  return {
    get(now: string): Promise<T> {
      const key = new Date(now).toISOString();
      let template = templates.get(key);
      if (!template) {
        template = build(key);
        templates.set(key, template);
      }
      return template;
    },
    async all(): Promise<T[]> {
      return Promise.all([...templates.values()].map((template) => template.catch(() => undefined))).then(
        (values) => values.filter((value): value is Awaited<T> => value !== undefined) as T[],
      );
    },
  };
}

/**
 * Scenario databases on PGlite (the default) or, with a server URL, on
 * PostgreSQL.
 *
 * @example
 * const environment = createScenarioEnvironment();
 * const scenario = await environment.open('2026-12-01T09:00:00Z');
 */
export function createScenarioEnvironment(options: { databaseUrl?: string; templates?: TemplateSource } = {}): ScenarioEnvironment {
  return options.databaseUrl ? postgresEnvironment(options.databaseUrl) : pgliteEnvironment(options.templates);
}

/**
 * Where the seeded PGlite tarball of a `now` comes from. Worker threads share
 * one through the main thread, so each is built once per run; `build` makes it.
 */
export type TemplateSource = (now: string, build: () => Promise<Blob>) => Promise<Blob>;

/** Migrates and seeds a PGlite exactly as `npm start` does (startCoreRuntime), in a folder it then dumps. */
export async function buildPgliteTemplate(now: string, workDirectory: string): Promise<Blob> {
  const dataDirectory = mkdtempSync(path.join(workDirectory, 'template-'));
  try {
    const runtime = await startCoreRuntime({ config: evalConfig(now, dataDirectory), logger: quietLogger });
    await indexKnowledge(runtime.database, evalConfig(now, dataDirectory));
    await runtime.close();
    const pglite = await PGlite.create(path.join(dataDirectory, 'pglite'), { extensions });
    const tarball = await pglite.dumpDataDir('none');
    await pglite.close();
    return tarball;
  } finally {
    rmSync(dataDirectory, { recursive: true, force: true });
  }
}

function pgliteEnvironment(source?: TemplateSource): ScenarioEnvironment {
  const workDirectory = mkdtempSync(path.join(os.tmpdir(), 'consulta-evals-'));
  let identities: Promise<Map<string, string>> | undefined;
  const templates = templateCache((now) => {
    const build = () => buildPgliteTemplate(now, workDirectory);
    return source ? source(now, build) : build();
  });

  return {
    engine: 'pglite',
    async open(now) {
      const tarball = await templates.get(now);
      const pglite = await PGlite.create({ loadDataDir: tarball, extensions });
      const pool = new pg.Pool(createPgConfig(pglite));
      // Identities are the same in every copy of the seed: read them from the first database opened.
      identities ??= readIdentities(pool);
      const database: Database = {
        pool,
        engine: 'pglite',
        hasVector: true,
        close: async () => {
          await pool.end();
          await pglite.close();
        },
      };
      try {
        const app = await mountCoreApi(database, evalConfig(now, workDirectory));
        return { app, pool, close: async () => void (await app.close(), await database.close()) };
      } catch (error) {
        await database.close().catch(() => undefined);
        throw error;
      }
    },
    async identityOf(userId, channel) {
      if (!identities) throw new Error('identityOf is answered once a scenario database was opened');
      return (await identities).get(`${userId}|${channel}`);
    },
    async close() {
      await templates.all();
      rmSync(workDirectory, { recursive: true, force: true });
    },
  };
}

function postgresEnvironment(serverUrl: string): ScenarioEnvironment {
  const workDirectory = mkdtempSync(path.join(os.tmpdir(), 'consulta-evals-'));
  const created = new Set<string>();
  let identities: Promise<Map<string, string>> | undefined;
  const urlOf = (name: string) => {
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    return url.toString();
  };
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: serverUrl });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  const createDatabase = async (suffix: string, template?: string) => {
    const name = `consulta_evals_${suffix}_${randomBytes(5).toString('hex')}`;
    await admin(`CREATE DATABASE ${name}${template ? ` TEMPLATE ${template}` : ''}`);
    created.add(name);
    return name;
  };
  const dropDatabase = async (name: string) => {
    await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    created.delete(name);
  };
  // CREATE DATABASE … TEMPLATE copies the seeded database in milliseconds; copies of one template run one at a time.
  let copying: Promise<unknown> = Promise.resolve();
  const templates = templateCache(async (now) => {
    const name = await createDatabase('template');
    const runtime = await startCoreRuntime({ config: evalConfig(now, workDirectory, urlOf(name)), logger: quietLogger });
    await indexKnowledge(runtime.database, evalConfig(now, workDirectory, urlOf(name)));
    identities ??= readIdentities(runtime.database.pool);
    await identities;
    await runtime.close();
    return name;
  });

  return {
    engine: 'postgres',
    async open(now) {
      const template = await templates.get(now);
      const copy = copying.then(() => createDatabase('scenario', template));
      copying = copy.catch(() => undefined);
      const name = await copy;
      const database = await openDatabase({ url: urlOf(name), poolSize: 5 });
      try {
        const app = await mountCoreApi(database, evalConfig(now, workDirectory));
        return {
          app,
          pool: database.pool,
          close: async () => {
            await app.close();
            await database.close();
            await dropDatabase(name);
          },
        };
      } catch (error) {
        await database.close().catch(() => undefined);
        await dropDatabase(name).catch(() => undefined);
        throw error;
      }
    },
    async identityOf(userId, channel) {
      if (!identities) throw new Error('identityOf is answered once a scenario database was opened');
      return (await identities).get(`${userId}|${channel}`);
    },
    async close() {
      await templates.all();
      for (const name of [...created]) await dropDatabase(name).catch(() => undefined);
      rmSync(workDirectory, { recursive: true, force: true });
    },
  };
}
