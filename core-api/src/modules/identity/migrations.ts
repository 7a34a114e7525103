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
};
