import type { FastifyInstance } from 'fastify';
import type { Clock } from '../../platform/clock';
import type { Config } from '../../platform/config';
import type { Database } from '../../platform/database/open-database';
import type { JobQueue } from '../../platform/queue/job-queue';
import type { DirectoryService } from '../directory/directory-service';
import { createChunkStore, embeddingStorage } from './chunk-store';
import { embedderFromConfig, type Embedder } from './embedder';
import { createKnowledgeIndex, type KnowledgeIndex } from './knowledge-index';
import { knowledgeRoutes } from './knowledge-routes';
import { createKnowledgeService, knowledgeIndexQueue, type KnowledgeService } from './knowledge-service';

export interface KnowledgeServices {
  knowledge: KnowledgeService;
  knowledgeIndex: KnowledgeIndex;
}

type EmbeddingsConfig = Pick<Config, 'EMBEDDINGS_BASE_URL' | 'EMBEDDINGS_API_KEY' | 'EMBEDDINGS_MODEL' | 'EMBEDDINGS_DIMENSIONS'>;

/**
 * Wires the knowledge module: the embedder the configuration names, the
 * storage the database allows, the index job, and the routes. Documents
 * that are behind (new seed texts, another embedder) are indexed before the
 * first request; if the embeddings endpoint is down, a queued job keeps trying.
 */
export async function registerKnowledgeModule(
  app: FastifyInstance,
  options: { database: Database; queue: JobQueue; clock: Clock; config: EmbeddingsConfig; directory: DirectoryService; embedder?: Embedder },
): Promise<KnowledgeServices> {
  const { database, queue, clock, directory } = options;
  const pool = database.pool;
  const embedder = options.embedder ?? embedderFromConfig(options.config);
  const { store, index } = await knowledgeIndexOn(database, embedder, clock);
  const retry = { attempts: 8, backoff: { type: 'exponential' as const, delayMs: 5_000 } };
  const knowledge = createKnowledgeService({
    pool, clock, store, index, embedder,
    organization: async () => {
      const organization = await directory.organization();
      return { id: organization.id, defaultLocale: organization.defaultLocale };
    },
    enqueueIndex: async (documentId, version) => {
      // The id makes the job idempotent per document version and embedder.
      await queue.add(knowledgeIndexQueue, 'index', { documentId }, { ...retry, jobId: jobId('index', documentId, String(version), embedder.id) });
    },
  });
  queue.work<{ documentId?: string }>(knowledgeIndexQueue, async (job) => {
    if (job.data.documentId) await index.indexDocument(job.data.documentId);
    else await index.reconcile();
  });
  try {
    await index.reconcile();
  } catch (error) {
    app.log.warn({ err: error }, 'knowledge index not reconciled at start; a queued job keeps trying');
    await queue.add(knowledgeIndexQueue, 'reconcile', {}, { ...retry, jobId: jobId('reconcile', embedder.id, String(clock.now().getTime())) });
  }
  await app.register(knowledgeRoutes, { knowledge });
  return { knowledge, knowledgeIndex: index };
}

// Queue job ids may not contain ':' (BullMQ keys use it).
function jobId(...parts: string[]): string {
  return parts.map((part) => part.replace(/[^A-Za-z0-9_.-]/g, '_')).join('-');
}

/**
 * Indexes what is behind without mounting core-api: for tools that prepare a
 * database once and copy it (the evals' seeded template), so every copy starts
 * with its passages built.
 */
export async function reconcileKnowledge(database: Database, config: EmbeddingsConfig, clock: Clock): Promise<string[]> {
  return (await knowledgeIndexOn(database, embedderFromConfig(config), clock)).index.reconcile();
}

/** The passages' store in the storage this database allows, and the index that keeps it current. */
async function knowledgeIndexOn(database: Database, embedder: Embedder, clock: Clock) {
  const store = createChunkStore(database.pool, await embeddingStorage(database.pool));
  return { store, index: createKnowledgeIndex({ pool: database.pool, store, embedder, clock }) };
}
