import { sqlMigration, type ModuleMigrations } from '../../platform/database/migrate';

export const promptsMigrations: ModuleMigrations = {
  '0060-prompts-overrides': sqlMigration(`
    CREATE SCHEMA prompts;
    -- Versions of a prompt written by admins; version 0 is the file shipped in prompts/.
    CREATE TABLE prompts.versions (
      prompt_id text NOT NULL,
      domain text NOT NULL,
      locale text NOT NULL,
      version int NOT NULL CHECK (version > 0),
      body text NOT NULL,
      note text,
      created_by text NOT NULL,
      created_at timestamptz NOT NULL,
      PRIMARY KEY (prompt_id, domain, locale, version)
    );
    -- Every activation is kept: the latest row is in force, rollback re-activates the one before.
    CREATE TABLE prompts.activations (
      id bigserial PRIMARY KEY,
      prompt_id text NOT NULL,
      domain text NOT NULL,
      locale text NOT NULL,
      version int NOT NULL,
      variant_version int,
      variant_share real CHECK (variant_share IS NULL OR (variant_share > 0 AND variant_share < 1)),
      activated_by text NOT NULL,
      at timestamptz NOT NULL
    );
    CREATE INDEX activations_latest ON prompts.activations (prompt_id, domain, locale, id DESC);
    -- Which version each conversation got, so A/B outcomes can be compared.
    CREATE TABLE prompts.assignments (
      conversation_id text NOT NULL,
      prompt_id text NOT NULL,
      domain text NOT NULL,
      locale text NOT NULL,
      version int NOT NULL,
      assigned_at timestamptz NOT NULL,
      PRIMARY KEY (conversation_id, prompt_id, domain, locale)
    );
  `),
};
