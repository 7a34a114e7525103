import { sqlMigration, type ModuleMigrations } from '../../platform/database/migrate';

export const verificationMigrations: ModuleMigrations = {
  '0120-identity-verifications': sqlMigration(`
    -- One-time codes that bind a channel identity (a web chat visitor) to the patient who can read
    -- the code sent to their e-mail or phone. Only a hash of the code is kept.
    CREATE TABLE identity.verifications (
      id text PRIMARY KEY,
      channel text NOT NULL CHECK (channel IN ('webchat', 'sms', 'whatsapp', 'teams')),
      external_id text NOT NULL,
      -- NULL when the contact matched nobody: the row exists so the answer looks the same.
      user_id text REFERENCES identity.users(id) ON DELETE CASCADE,
      sent_via text NOT NULL CHECK (sent_via IN ('email', 'sms')),
      code_hash text NOT NULL,
      attempts int NOT NULL DEFAULT 0,
      expires_at timestamptz NOT NULL,
      confirmed_at timestamptz,
      created_at timestamptz NOT NULL
    );
    CREATE INDEX verifications_recent ON identity.verifications (channel, external_id, created_at);
  `),
};
