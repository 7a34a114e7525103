import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { fixedClock } from '../../platform/clock';
import { openDatabase, type Database } from '../../platform/database/open-database';
import { migrateDatabase } from '../../platform/database/migrate';
import { allMigrations } from '../../migrations';
import { loadSeed } from '../../seed/load-seed';
import { readSeedFile } from '../../seed/parse-seed';
import { createChunkStore, embeddingStorage } from './chunk-store';
import { createOpenAiEmbedder, type Embedder } from './embedder';
import { createKnowledgeIndex } from './knowledge-index';
import { createKnowledgeService } from './knowledge-service';
import { createLocalEmbedder } from './local-embedder';

const clock = fixedClock('2026-12-01T09:00:00Z');
const questions = (parse(readFileSync(new URL('../../../../evals/knowledge/questions.yaml', import.meta.url), 'utf8')) as {
  questions: Array<{ id: string; locale: string; question: string }>;
}).questions;

/** A seeded in-memory PGlite, with or without pgvector, and the knowledge module on it. */
async function knowledgeOn(withVector: boolean, embedder: Embedder = createLocalEmbedder()) {
  const database = await openDatabase({ dataDirectory: 'memory://' });
  if (!withVector) await database.pool.query('DROP EXTENSION vector');
  await migrateDatabase(database, allMigrations);
  await loadSeed(database.pool, readSeedFile(), { now: clock.now() });
  return { database, ...(await wire(database, embedder)) };
}

async function wire(database: Database, embedder: Embedder) {
  const store = createChunkStore(database.pool, await embeddingStorage(database.pool));
  const index = createKnowledgeIndex({ pool: database.pool, store, embedder, clock });
  const queued: string[] = [];
  const service = createKnowledgeService({
    pool: database.pool, clock, store, index, embedder,
    organization: async () => ({ id: 'org-demo', defaultLocale: 'en' }),
    enqueueIndex: async (documentId, version) => void queued.push(`${documentId}@${version}`),
  });
  await index.reconcile();
  return { store, index, service, queued };
}

describe('vector and array storage', () => {
  let indexed: Awaited<ReturnType<typeof knowledgeOn>>;
  let exact: Awaited<ReturnType<typeof knowledgeOn>>;
  beforeAll(async () => {
    indexed = await knowledgeOn(true);
    exact = await knowledgeOn(false);
  });
  afterAll(async () => {
    await indexed.database.close();
    await exact.database.close();
  });

  it('uses a pgvector column where the extension exists and a plain array where it does not', () => {
    expect(indexed.store.storage).toBe('vector');
    expect(exact.store.storage).toBe('array');
  });

  it('gives the same top three passages for every question of the retrieval set', async () => {
    expect(questions.length).toBeGreaterThanOrEqual(40);
    for (const question of questions) {
      const ask = (on: typeof indexed) =>
        on.service.search({ question: question.question, locale: question.locale, limit: 3, minimumRelevance: 0 });
      const [a, b] = await Promise.all([ask(indexed), ask(exact)]);
      const top = (found: typeof a) => found.passages.map((passage) => `${passage.documentId}#${passage.heading}`);
      expect(top(a), question.id).toEqual(top(b));
    }
  });
});

describe('re-indexing', () => {
  it('rebuilds every passage, the column and its HNSW index when the embedder changes, and does nothing twice', async () => {
    const { database, index } = await knowledgeOn(true);
    try {
      const smaller = createLocalEmbedder(128);
      const again = await wire(database, smaller);
      const state = await database.pool.query(`SELECT embedder, dimension FROM knowledge.index_state`);
      expect(state.rows).toEqual([{ embedder: 'local-hash-v1/128', dimension: 128 }]);
      const column = await database.pool.query(
        `SELECT format_type(atttypid, atttypmod) AS type FROM pg_attribute WHERE attrelid = 'knowledge.chunks'::regclass AND attname = 'embedding'`,
      );
      expect(column.rows[0].type).toBe('vector(128)');
      const embedders = await database.pool.query(`SELECT DISTINCT embedder FROM knowledge.chunks`);
      expect(embedders.rows).toEqual([{ embedder: 'local-hash-v1/128' }]);
      const hnsw = await database.pool.query(`SELECT indexdef FROM pg_indexes WHERE schemaname = 'knowledge' AND indexname = 'chunks_embedding_hnsw'`);
      expect(hnsw.rows[0].indexdef).toContain('hnsw');
      expect(await again.index.reconcile()).toEqual([]);
      const found = await again.service.search({ question: 'Where can I park near the Madrid office?', locale: 'en' });
      expect(found.passages[0]?.documentId).toBe('address-and-parking-en');
      // The old wiring's embedder no longer matches what is stored: its documents count as behind.
      expect((await index.reconcile()).length).toBeGreaterThan(0);
    } finally {
      await database.close();
    }
  });

  it('keeps an edit queued when the embeddings endpoint fails, and the job brings the passages up to date', async () => {
    const database = await openDatabase({ dataDirectory: 'memory://' });
    try {
      await migrateDatabase(database, allMigrations);
      await loadSeed(database.pool, readSeedFile(), { now: clock.now() });
      let failing = true;
      const local = createLocalEmbedder();
      const flaky: Embedder = { id: local.id, dimension: local.dimension, embed: async (texts) => (failing ? Promise.reject(new Error('down')) : local.embed(texts)) };
      failing = false;
      const { service, index, queued } = await wire(database, flaky);
      failing = true;
      const admin = { kind: 'user', userId: 'admin-sam', role: 'admin', organizationId: 'org-demo', channel: 'api' } as const;
      const saved = await service.update(admin, 'prices-en', { title: 'Prices and payment', locale: 'en', format: 'markdown', body: '## Medical\nMole check: 75 EUR.' });
      expect(saved).toMatchObject({ version: 2, indexedVersion: 1 });
      expect(queued).toEqual(['prices-en@2']);
      failing = false;
      expect(await index.indexDocument('prices-en')).toBe('indexed');
      expect(await index.indexDocument('prices-en')).toBe('current');
      const found = await service.search({ question: 'how much is a mole check', locale: 'en', limit: 5 });
      expect(found.passages.map((passage) => passage.content).join('\n')).toContain('75 EUR');
      expect(found.passages.map((passage) => passage.content).join('\n')).not.toContain('70 EUR');
    } finally {
      await database.close();
    }
  });
});

describe('the OpenAI-compatible embedder', () => {
  let server: Server;
  let baseURL: string;
  const requests: Array<{ authorization?: string; body: { model: string; input: string[]; dimensions?: number } }> = [];
  let failNext = 0;
  beforeAll(async () => {
    const local = createLocalEmbedder(16);
    server = createServer((request, response) => {
      let raw = '';
      request.on('data', (chunk) => (raw += chunk));
      request.on('end', async () => {
        const body = JSON.parse(raw);
        requests.push({ authorization: request.headers.authorization, body });
        if (failNext > 0) {
          failNext -= 1;
          response.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: 'boom' } }));
          return;
        }
        // Out of order on purpose: the client must sort by index. Not normalised: the embedder must.
        const vectors = await local.embed(body.input);
        const data = vectors.map((embedding: number[], index: number) => ({ object: 'embedding', index, embedding: embedding.map((value) => value * 3) })).reverse();
        response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ object: 'list', data, model: body.model, usage: { prompt_tokens: 1, total_tokens: 1 } }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('sends the model and key, learns the dimension, keeps the order and normalises', async () => {
    const embedder = createOpenAiEmbedder({ baseURL, apiKey: 'sk-test', model: 'text-embedding-3-small' });
    expect(embedder.id).toBe('openai:text-embedding-3-small');
    expect(embedder.dimension).toBe(0);
    const [first, second] = await embedder.embed(['parking in Madrid', 'insurance']);
    expect(embedder.dimension).toBe(16);
    const expected = await createLocalEmbedder(16).embed(['parking in Madrid', 'insurance']);
    expect(first!.map((value) => value.toFixed(6))).toEqual(expected[0]!.map((value) => value.toFixed(6)));
    expect(second!.map((value) => value.toFixed(6))).toEqual(expected[1]!.map((value) => value.toFixed(6)));
    expect(requests.at(-1)).toMatchObject({ authorization: 'Bearer sk-test', body: { model: 'text-embedding-3-small', input: ['parking in Madrid', 'insurance'] } });
  });

  it('retries a failing endpoint and reports embeddings_unavailable when it keeps failing', async () => {
    failNext = 1;
    const embedder = createOpenAiEmbedder({ baseURL, model: 'm', dimensions: 16 });
    await expect(embedder.embed(['x'])).resolves.toHaveLength(1);
    failNext = 10;
    await expect(embedder.embed(['x'])).rejects.toMatchObject({ code: 'embeddings_unavailable', kind: 'unavailable' });
    failNext = 0;
  });
});
