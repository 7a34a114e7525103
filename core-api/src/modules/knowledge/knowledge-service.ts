import type pg from 'pg';
import type { Clock } from '../../platform/clock';
import { conflict, forbidden, invalid, notFound } from '../../platform/errors';
import type { UserPrincipal } from '../identity/principal';
import { isAdmin } from '../identity/policy';
import type { ChunkHit, ChunkStore } from './chunk-store';
import type { Embedder } from './embedder';
import type { KnowledgeIndex } from './knowledge-index';
import { contentWords } from './local-embedder';

export interface KnowledgeDocumentInput {
  title: string;
  body: string;
  format: 'markdown' | 'text';
  locale: string;
  domainId?: string | null;
  professionalId?: string | null;
}

export interface KnowledgeDocument extends Required<KnowledgeDocumentInput> {
  id: string;
  version: number;
  /** The passages are built from this version (null while waiting to be indexed). */
  indexedVersion: number | null;
  updatedBy: string;
  updatedAt: string;
}

export interface Passage {
  documentId: string;
  title: string;
  heading: string;
  content: string;
  /** Rank fusion score of the hybrid search. */
  score: number;
  similarity: number;
  /** Share of the question's content words found in the passage. */
  coverage: number;
  /** similarity + coverage × weight: what the relevance bar is applied to. */
  relevance: number;
}

export interface SearchQuery {
  question: string;
  locale?: string;
  domainId?: string;
  professionalId?: string;
  limit?: number;
  /** Passages below this relevance are left out (default `relevanceBar`); 0 returns the raw ranking. */
  minimumRelevance?: number;
}

// Calibrated on evals/knowledge/questions.yaml with the local embedder: unrelated questions
// share a word or two with some passage (a city, "hora") but reach neither a close vector nor
// most of the question's words. Similarity alone does not separate them; adding coverage does.
export const relevanceBar = 0.3;
const COVERAGE_WEIGHT = 0.5;

export const knowledgeIndexQueue = 'knowledge-index';

/**
 * The organisation's own texts for the assistant: admins write documents,
 * every change is re-indexed at once (and by a queue job if that fails), and
 * the search answers only passages relevant enough to quote.
 */
export function createKnowledgeService(options: {
  pool: pg.Pool; clock: Clock; store: ChunkStore; index: KnowledgeIndex; embedder: Embedder;
  organization: () => Promise<{ id: string; defaultLocale: string }>;
  /** Queues a re-index of one document; the job is a no-op when it is already current. */
  enqueueIndex: (documentId: string, version: number) => Promise<void>;
}) {
  const { pool, clock, store, index, embedder } = options;

  const requireAdmin = (principal: UserPrincipal) => {
    if (!isAdmin(principal)) throw forbidden('Only admins manage knowledge documents.');
  };

  async function load(id: string, client: Pick<pg.Pool, 'query'> = pool): Promise<KnowledgeDocument> {
    const { rows } = await client.query(`SELECT * FROM knowledge.documents WHERE id = $1`, [id]);
    if (!rows[0]) throw notFound('knowledge_document', id);
    return toDocument(rows[0]);
  }

  async function checkScope(input: KnowledgeDocumentInput): Promise<void> {
    if (input.domainId) {
      const { rowCount } = await pool.query(`SELECT 1 FROM directory.domains WHERE id = $1`, [input.domainId]);
      if (rowCount === 0) throw invalid('unknown_domain', `No domain with id "${input.domainId}".`);
    }
    if (input.professionalId) {
      const { rowCount } = await pool.query(`SELECT 1 FROM directory.professionals WHERE id = $1`, [input.professionalId]);
      if (rowCount === 0) throw invalid('unknown_professional', `No professional with id "${input.professionalId}".`);
    }
  }

  // Indexed before answering, so the next question already sees the new text; the queued
  // job is the safety net when the embeddings endpoint fails now.
  async function reindex(document: KnowledgeDocument): Promise<KnowledgeDocument> {
    await options.enqueueIndex(document.id, document.version);
    try {
      await index.indexDocument(document.id);
    } catch {
      return document;
    }
    return load(document.id);
  }

  return {
    async list(principal: UserPrincipal, filter: { locale?: string; domainId?: string }): Promise<KnowledgeDocument[]> {
      requireAdmin(principal);
      const { rows } = await pool.query(
        `SELECT * FROM knowledge.documents WHERE organization_id = $1 AND ($2::text IS NULL OR locale = $2) AND ($3::text IS NULL OR domain_id = $3)
          ORDER BY locale, title`,
        [principal.organizationId, filter.locale ?? null, filter.domainId ?? null],
      );
      return rows.map(toDocument);
    },

    async get(principal: UserPrincipal, id: string): Promise<KnowledgeDocument> {
      requireAdmin(principal);
      return load(id);
    },

    async create(principal: UserPrincipal, input: KnowledgeDocumentInput & { id?: string }): Promise<KnowledgeDocument> {
      requireAdmin(principal);
      await checkScope(input);
      const id = input.id ?? `${slug(input.title)}-${input.locale}`;
      const { rowCount } = await pool.query(
        `INSERT INTO knowledge.documents (id, organization_id, domain_id, professional_id, locale, title, format, body, updated_by, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (id) DO NOTHING`,
        [id, principal.organizationId, input.domainId ?? null, input.professionalId ?? null, input.locale, input.title, input.format, input.body, principal.userId, clock.now()],
      );
      if (rowCount === 0) throw conflict('knowledge_document_exists', `A knowledge document with id "${id}" already exists.`);
      return reindex(await load(id));
    },

    async update(principal: UserPrincipal, id: string, input: KnowledgeDocumentInput & { expectedVersion?: number }): Promise<KnowledgeDocument> {
      requireAdmin(principal);
      await checkScope(input);
      const { rows } = await pool.query(
        `UPDATE knowledge.documents SET title = $2, body = $3, format = $4, locale = $5, domain_id = $6, professional_id = $7,
                version = version + 1, updated_by = $8, updated_at = $9
          WHERE id = $1 AND organization_id = $10 AND ($11::int IS NULL OR version = $11) RETURNING *`,
        [id, input.title, input.body, input.format, input.locale, input.domainId ?? null, input.professionalId ?? null, principal.userId, clock.now(), principal.organizationId, input.expectedVersion ?? null],
      );
      if (!rows[0]) {
        const current = await load(id);
        throw conflict('version_mismatch', `The document is at version ${current.version}, not ${input.expectedVersion}; reload it and edit again.`);
      }
      return reindex(toDocument(rows[0]));
    },

    async remove(principal: UserPrincipal, id: string): Promise<void> {
      requireAdmin(principal);
      // The passages go with the row (ON DELETE CASCADE): a deleted text is never cited again.
      const { rowCount } = await pool.query(`DELETE FROM knowledge.documents WHERE id = $1 AND organization_id = $2`, [id, principal.organizationId]);
      if (rowCount === 0) throw notFound('knowledge_document', id);
    },

    /**
     * The passages worth quoting for a question, best first; empty when none is
     * relevant enough. Falls back to the organisation's default language when
     * nothing is written in the one asked for.
     */
    async search(query: SearchQuery): Promise<{ locale: string; passages: Passage[] }> {
      const question = query.question.trim();
      if (!question) throw invalid('empty_question', 'Ask a question to search for.');
      const organization = await options.organization();
      const [embedding] = await embedder.embed([question]);
      const run = (locale: string) =>
        store.search(
          { organizationId: organization.id, locale, domainId: query.domainId, professionalId: query.professionalId },
          { text: question, embedding: embedding!, embedder: embedder.id },
          query.limit ?? 3,
        );
      let locale = query.locale?.slice(0, 2) ?? organization.defaultLocale;
      let hits = await run(locale);
      if (hits.length === 0 && locale !== organization.defaultLocale) {
        locale = organization.defaultLocale;
        hits = await run(locale);
      }
      const bar = query.minimumRelevance ?? relevanceBar;
      return { locale, passages: hits.map((hit) => toPassage(question, hit)).filter((passage) => passage.relevance >= bar) };
    },
  };
}

export type KnowledgeService = ReturnType<typeof createKnowledgeService>;

/** The share of the question's content words the passage contains (words compared by their first five letters). */
export function termCoverage(question: string, passage: string): number {
  const asked = new Set(contentWords(question).map((word) => word.slice(0, 5)));
  if (asked.size === 0) return 0;
  const present = new Set(contentWords(passage).map((word) => word.slice(0, 5)));
  return [...asked].filter((word) => present.has(word)).length / asked.size;
}

function toPassage(question: string, hit: ChunkHit): Passage {
  const coverage = termCoverage(question, `${hit.heading} ${hit.content}`);
  return {
    documentId: hit.documentId, title: hit.title, heading: hit.heading, content: hit.content, score: hit.score, similarity: hit.similarity,
    coverage, relevance: hit.similarity + COVERAGE_WEIGHT * coverage,
  };
}

function slug(text: string): string {
  return text.normalize('NFD').replace(/\p{M}+/gu, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60) || 'document';
}

function toDocument(row: Record<string, unknown>): KnowledgeDocument {
  return {
    id: row.id as string, title: row.title as string, body: row.body as string, format: row.format as 'markdown' | 'text',
    locale: row.locale as string, domainId: (row.domain_id as string | null) ?? null, professionalId: (row.professional_id as string | null) ?? null,
    version: row.version as number, indexedVersion: (row.indexed_version as number | null) ?? null,
    updatedBy: row.updated_by as string, updatedAt: (row.updated_at as Date).toISOString(),
  };
}
