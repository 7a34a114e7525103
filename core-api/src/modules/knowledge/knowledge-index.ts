import type pg from 'pg';
import type { Clock } from '../../platform/clock';
import { chunkDocument } from './chunk-document';
import { textSearchConfig, type ChunkStore } from './chunk-store';
import type { Embedder } from './embedder';

const HNSW_INDEX = 'knowledge.chunks_embedding_hnsw';

/**
 * Keeps the passages in step with the documents: a document is indexed when
 * its version or the embedder differ from what its passages were built from,
 * so indexing the same thing twice does nothing. A change of embedder (another
 * model or dimension) drops every passage and rebuilds the index.
 */
export function createKnowledgeIndex(options: { pool: pg.Pool; store: ChunkStore; embedder: Embedder; clock: Clock }) {
  const { pool, store, embedder, clock } = options;

  async function indexDocument(documentId: string): Promise<'indexed' | 'current' | 'gone'> {
    const { rows } = await pool.query(
      `SELECT title, format, body, locale, version, indexed_version, indexed_embedder FROM knowledge.documents WHERE id = $1`,
      [documentId],
    );
    const document = rows[0];
    if (!document) return 'gone';
    if (document.indexed_version === document.version && document.indexed_embedder === embedder.id) return 'current';
    const chunks = chunkDocument(document.title, document.format, document.body);
    const embeddings = await embedder.embed(chunks.map((chunk) => `${chunk.heading}\n${chunk.content}`));
    const written = await store.replace(
      documentId, document.version, embedder.id, textSearchConfig(document.locale),
      chunks.map((chunk, index) => ({ ...chunk, embedding: embeddings[index]! })),
    );
    return written ? 'indexed' : 'current';
  }

  /**
   * Makes the stored index match the configured embedder, then indexes every
   * document that is behind. Returns the ids it indexed.
   */
  async function reconcile(): Promise<string[]> {
    if (embedder.dimension === 0) await embedder.embed(['dimension probe']);
    const { rows } = await pool.query(`SELECT embedder, dimension FROM knowledge.index_state`);
    const state = rows[0] as { embedder: string; dimension: number } | undefined;
    if (!state || state.embedder !== embedder.id || state.dimension !== embedder.dimension) await switchEmbedder();
    const behind = await pool.query(
      `SELECT id FROM knowledge.documents WHERE indexed_version IS DISTINCT FROM version OR indexed_embedder IS DISTINCT FROM $1 ORDER BY id`,
      [embedder.id],
    );
    const indexed: string[] = [];
    for (const { id } of behind.rows) if ((await indexDocument(id)) === 'indexed') indexed.push(id);
    return indexed;
  }

  async function switchEmbedder(): Promise<void> {
    // Vectors of two embedders cannot be compared: everything is rebuilt.
    await pool.query(`DELETE FROM knowledge.chunks`);
    await pool.query(`UPDATE knowledge.documents SET indexed_version = NULL, indexed_embedder = NULL`);
    if (store.storage === 'vector') {
      // HNSW needs a fixed dimension: the column takes the embedder's, and the index is built anew.
      await pool.query(`DROP INDEX IF EXISTS ${HNSW_INDEX}`);
      await pool.query(`ALTER TABLE knowledge.chunks ALTER COLUMN embedding TYPE vector(${embedder.dimension})`);
      await pool.query(`CREATE INDEX chunks_embedding_hnsw ON knowledge.chunks USING hnsw (embedding vector_cosine_ops)`);
    }
    await pool.query(
      `INSERT INTO knowledge.index_state (singleton, embedder, dimension, changed_at) VALUES (true, $1, $2, $3)
       ON CONFLICT (singleton) DO UPDATE SET embedder = EXCLUDED.embedder, dimension = EXCLUDED.dimension, changed_at = EXCLUDED.changed_at`,
      [embedder.id, embedder.dimension, clock.now()],
    );
  }

  return { indexDocument, reconcile };
}

export type KnowledgeIndex = ReturnType<typeof createKnowledgeIndex>;
