import { verificationMigrations } from './verification-migrations';
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
  '0032-identity-profiles-consents-append-only-audit': sqlMigration(`
    ALTER TABLE identity.users
      ADD COLUMN professional_title text,
      ADD COLUMN professional_registration text,
      ADD COLUMN professional_verified_at timestamptz,
      -- AES-256-GCM sealed by platform/field-encryption; date_of_birth only receives seed values until sealed.
      ADD COLUMN date_of_birth_sealed text;
    CREATE UNIQUE INDEX users_entra_user_principal ON identity.users (lower(entra_user_principal));

    CREATE TABLE identity.consents (
      id bigserial PRIMARY KEY,
      channel text NOT NULL CHECK (channel IN ('webchat', 'sms', 'whatsapp', 'teams')),
      external_id text,
      user_id text REFERENCES identity.users(id),
      granted boolean NOT NULL,
      source text NOT NULL,
      at timestamptz NOT NULL
    );
    CREATE INDEX consents_identity ON identity.consents (channel, external_id, id);
    CREATE INDEX consents_user ON identity.consents (user_id, id);

    ALTER TABLE identity.audit_log ADD COLUMN organization_id text;
    CREATE INDEX audit_log_organization ON identity.audit_log (organization_id, id);
    CREATE FUNCTION identity.refuse_audit_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'identity.audit_log is append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
    END;
    $$;
    CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON identity.audit_log
      FOR EACH ROW EXECUTE FUNCTION identity.refuse_audit_change();
    CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON identity.audit_log
      FOR EACH STATEMENT EXECUTE FUNCTION identity.refuse_audit_change();
  `),
  ...verificationMigrations,
  '0135-identity-insurance-number': sqlMigration(`
    -- A patient's health insurance number, sealed like the date of birth (platform/field-encryption): it is
    -- kept with the profile so that it need not be asked for every appointment, and a photo of the card can fill it.
    ALTER TABLE identity.users ADD COLUMN insurance_number_sealed text;
  `),
};
