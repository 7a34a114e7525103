import { sql } from 'kysely';
import type { ModuleMigrations } from '../../platform/database/migrate';

export const knowledgeMigrations: ModuleMigrations = {
  '0090-knowledge-documents': {
    async up(db) {
      // The extension decides the storage once: a pgvector column (indexable) or a plain array
      // (similarity computed in SQL without an index). The search reads the column's type back.
      const { rows } = await sql<{ present: boolean }>`SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'vector') AS present`.execute(db);
      const embeddingType = rows[0]?.present ? 'vector' : 'real[]';
      await sql
        .raw(`
        CREATE SCHEMA knowledge;
        CREATE TABLE knowledge.documents (
          id text PRIMARY KEY,
          organization_id text NOT NULL REFERENCES directory.organizations(id),
          -- NULL: applies to the whole organisation; otherwise narrowed to a domain or one professional.
          domain_id text,
          professional_id text,
          locale text NOT NULL,
          title text NOT NULL,
          format text NOT NULL CHECK (format IN ('markdown', 'text')),
          body text NOT NULL,
          version int NOT NULL DEFAULT 1,
          -- The version and embedder the chunks were built from; behind version or embedder means "index me".
          indexed_version int,
          indexed_embedder text,
          updated_by text NOT NULL,
          updated_at timestamptz NOT NULL
        );
        CREATE INDEX documents_scope ON knowledge.documents (organization_id, locale);
        CREATE TABLE knowledge.chunks (
          document_id text NOT NULL REFERENCES knowledge.documents(id) ON DELETE CASCADE,
          ordinal int NOT NULL,
          version int NOT NULL,
          heading text NOT NULL,
          content text NOT NULL,
          search_vector tsvector NOT NULL,
          embedder text NOT NULL,
          embedding ${embeddingType} NOT NULL,
          PRIMARY KEY (document_id, ordinal)
        );
        CREATE INDEX chunks_full_text ON knowledge.chunks USING gin (search_vector);
        -- One row: the embedder the whole index is built with, and its dimension.
        CREATE TABLE knowledge.index_state (
          singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
          embedder text NOT NULL,
          dimension int NOT NULL,
          changed_at timestamptz NOT NULL
        );
      `)
        .execute(db);
    },
  },
};
