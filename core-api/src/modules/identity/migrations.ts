import { sqlMigration, type ModuleMigrations } from '../../platform/database/migrate';

export const identityMigrations: ModuleMigrations = {
  '0030-identity-init': sqlMigration(`
    CREATE SCHEMA identity;
    CREATE TABLE identity.users (
      id text PRIMARY KEY,
      organization_id text NOT NULL,
      role text NOT NULL CHECK (role IN ('patient', 'professional', 'admin')),
      name text NOT NULL,
      email text,
      phone text,
      locale text NOT NULL DEFAULT 'en',
      timezone text NOT NULL DEFAULT 'UTC',
      date_of_birth date,
      entra_user_principal text,
      entra_object_id text UNIQUE,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      erased_at timestamptz
    );
    CREATE TABLE identity.channel_identities (
      channel text NOT NULL CHECK (channel IN ('webchat', 'sms', 'whatsapp', 'teams')),
      external_id text NOT NULL,
      user_id text NOT NULL REFERENCES identity.users(id) ON DELETE CASCADE,
      verified_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (channel, external_id)
    );
    CREATE INDEX channel_identities_user ON identity.channel_identities (user_id);
  `),
  '0031-identity-audit-log': sqlMigration(`
    CREATE TABLE identity.audit_log (
      id bigserial PRIMARY KEY,
      at timestamptz NOT NULL,
      actor_id text NOT NULL,
      actor_role text NOT NULL,
      acting_service text,
      action text NOT NULL,
      resource_type text NOT NULL,
      resource_id text NOT NULL,
      patient_id text,
      outcome text NOT NULL DEFAULT 'allowed' CHECK (outcome IN ('allowed', 'denied')),
      request_id text NOT NULL,
      channel text NOT NULL
    );
    CREATE INDEX audit_log_at ON identity.audit_log (at);
    CREATE INDEX audit_log_actor ON identity.audit_log (actor_id, at);
    CREATE INDEX audit_log_resource ON identity.audit_log (resource_type, resource_id);
  `),
};
