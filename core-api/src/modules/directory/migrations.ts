import { sqlMigration, type ModuleMigrations } from '../../platform/database/migrate';

export const directoryMigrations: ModuleMigrations = {
  '0010-directory-init': sqlMigration(`
    CREATE SCHEMA directory;
    CREATE TABLE directory.organizations (
      id text PRIMARY KEY,
      name text NOT NULL,
      default_locale text NOT NULL,
      locales text[] NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE TABLE directory.domains (
      id text PRIMARY KEY,
      organization_id text NOT NULL REFERENCES directory.organizations(id),
      name text NOT NULL,
      approval text NOT NULL CHECK (approval IN ('required', 'automatic')),
      intake_fields jsonb NOT NULL DEFAULT '[]',
      custom_fields jsonb NOT NULL DEFAULT '{}',
      request_expiry_hours int NOT NULL DEFAULT 48 CHECK (request_expiry_hours > 0),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE TABLE directory.services (
      id text PRIMARY KEY,
      organization_id text NOT NULL REFERENCES directory.organizations(id),
      domain_id text NOT NULL REFERENCES directory.domains(id),
      specialty text NOT NULL,
      name text NOT NULL,
      minutes int NOT NULL CHECK (minutes > 0 AND minutes <= 1440)
    );
    CREATE TABLE directory.professionals (
      id text PRIMARY KEY,
      organization_id text NOT NULL REFERENCES directory.organizations(id),
      name text NOT NULL,
      domain_id text NOT NULL REFERENCES directory.domains(id),
      specialty text NOT NULL,
      timezone text NOT NULL,
      languages text[] NOT NULL DEFAULT '{}',
      teams_user text,
      buffer_minutes int NOT NULL DEFAULT 0 CHECK (buffer_minutes >= 0),
      min_notice_hours int NOT NULL DEFAULT 0 CHECK (min_notice_hours >= 0),
      booking_horizon_days int NOT NULL DEFAULT 90 CHECK (booking_horizon_days > 0),
      cancellation_cutoff_hours int NOT NULL DEFAULT 24 CHECK (cancellation_cutoff_hours >= 0),
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE TABLE directory.professional_services (
      professional_id text NOT NULL REFERENCES directory.professionals(id) ON DELETE CASCADE,
      service_id text NOT NULL REFERENCES directory.services(id),
      PRIMARY KEY (professional_id, service_id)
    );
  `),
};
