import { sqlMigration, type ModuleMigrations } from '../../platform/database/migrate';

export const documentsMigrations: ModuleMigrations = {
  '0130-documents': sqlMigration(`
    CREATE SCHEMA documents;
    -- A document of one patient (its owner): generated from a template, a filled form, or an upload.
    CREATE TABLE documents.documents (
      id text PRIMARY KEY,
      organization_id text NOT NULL,
      patient_id text NOT NULL,
      kind text NOT NULL CHECK (kind IN ('generated', 'form', 'upload')),
      template_key text,
      title text NOT NULL,
      appointment_id text,
      -- The domain event that generated it: one document per event and template, however often the event comes.
      source_event_id text,
      created_by text NOT NULL,
      created_at timestamptz NOT NULL,
      UNIQUE (source_event_id, template_key)
    );
    CREATE INDEX documents_patient ON documents.documents (patient_id, created_at);
    -- Every version, encrypted (AES-256-GCM) under its own data key, which is wrapped by a master key named by key_id.
    CREATE TABLE documents.versions (
      document_id text NOT NULL REFERENCES documents.documents (id),
      version int NOT NULL CHECK (version > 0),
      content_type text NOT NULL,
      size_bytes int NOT NULL,
      sha256 text NOT NULL,
      key_id text NOT NULL,
      wrapped_key bytea NOT NULL,
      iv bytea NOT NULL,
      auth_tag bytea NOT NULL,
      ciphertext bytea NOT NULL,
      created_by text NOT NULL,
      created_at timestamptz NOT NULL,
      PRIMARY KEY (document_id, version)
    );
    CREATE INDEX versions_key ON documents.versions (key_id);
    -- Who may read a document besides nobody: named users only (the patient is shared on their own documents).
    CREATE TABLE documents.shares (
      document_id text NOT NULL REFERENCES documents.documents (id),
      user_id text NOT NULL,
      granted_by text NOT NULL,
      granted_at timestamptz NOT NULL,
      PRIMARY KEY (document_id, user_id)
    );
    CREATE INDEX shares_user ON documents.shares (user_id);
    -- Every access to a document, allowed or denied; the document's own audit trail.
    CREATE TABLE documents.access_log (
      id bigserial PRIMARY KEY,
      document_id text NOT NULL,
      version int,
      actor_id text NOT NULL,
      action text NOT NULL,
      outcome text NOT NULL CHECK (outcome IN ('allowed', 'denied')),
      request_id text NOT NULL,
      at timestamptz NOT NULL
    );
    CREATE INDEX access_log_document ON documents.access_log (document_id, id);
    -- What OCR read from a version, sealed like the content (the values are patient data).
    CREATE TABLE documents.extractions (
      document_id text NOT NULL,
      version int NOT NULL,
      key_id text NOT NULL,
      wrapped_key bytea NOT NULL,
      iv bytea NOT NULL,
      auth_tag bytea NOT NULL,
      ciphertext bytea NOT NULL,
      needs_review boolean NOT NULL,
      created_at timestamptz NOT NULL,
      PRIMARY KEY (document_id, version),
      FOREIGN KEY (document_id, version) REFERENCES documents.versions (document_id, version)
    );
    -- Fillable PDF forms (AcroForm) uploaded by admins: blank forms, no patient data.
    CREATE TABLE documents.forms (
      id text PRIMARY KEY,
      organization_id text NOT NULL,
      name text NOT NULL,
      content bytea NOT NULL,
      field_names text[] NOT NULL,
      created_by text NOT NULL,
      created_at timestamptz NOT NULL,
      UNIQUE (organization_id, name)
    );
    -- Which documents to generate on which events, per domain.
    CREATE TABLE documents.rules (
      id text PRIMARY KEY,
      domain_id text NOT NULL,
      event_type text NOT NULL,
      template_key text NOT NULL,
      enabled boolean NOT NULL DEFAULT true,
      UNIQUE (domain_id, event_type, template_key)
    );
    INSERT INTO documents.rules (id, domain_id, event_type, template_key) VALUES
      ('rule-medical-confirmation', 'medical', 'appointment.approved', 'appointment-confirmation'),
      ('rule-legal-confirmation', 'legal', 'appointment.approved', 'appointment-confirmation'),
      ('rule-legal-intake-summary', 'legal', 'appointment.approved', 'legal-intake-summary');
  `),
};
