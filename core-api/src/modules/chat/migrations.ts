import { sqlMigration, type ModuleMigrations } from '../../platform/database/migrate';

export const chatMigrations: ModuleMigrations = {
  '0050-chat-handoffs': sqlMigration(`
    CREATE SCHEMA chat;
    CREATE TABLE chat.handoffs (
      id text PRIMARY KEY,
      organization_id text NOT NULL,
      patient_id text NOT NULL,
      summary text NOT NULL,
      channel text NOT NULL,
      status text NOT NULL CHECK (status IN ('open', 'closed')),
      created_at timestamptz NOT NULL
    );
    CREATE INDEX handoffs_open ON chat.handoffs (organization_id, created_at) WHERE status = 'open';
  `),
};
