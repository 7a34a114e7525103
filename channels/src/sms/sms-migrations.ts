import { sql, type Migration } from 'kysely';
import type pg from 'pg';
import { migrateChannelSchema } from '../channel-migrations';

const migrations: Record<string, Migration> = {
  '0001-sms-channel': {
    async up(db) {
      await sql`CREATE SCHEMA IF NOT EXISTS sms`.execute(db);
      // Only what deduplication needs: the text itself goes to the turn handler, not here.
      await sql`
        CREATE TABLE sms.inbound_messages (
          message_sid text PRIMARY KEY,
          phone text NOT NULL,
          received_at timestamptz NOT NULL DEFAULT now(),
          handled_at timestamptz
        )`.execute(db);
      await sql`
        CREATE TABLE sms.contacts (
          phone text PRIMARY KEY,
          locale text,
          choices jsonb,
          choices_at timestamptz,
          updated_at timestamptz NOT NULL DEFAULT now()
        )`.execute(db);
      await sql`
        CREATE TABLE sms.outbound_messages (
          sid text PRIMARY KEY,
          to_phone text,
          status text NOT NULL,
          error_code text,
          created_at timestamptz NOT NULL DEFAULT now(),
          updated_at timestamptz NOT NULL DEFAULT now()
        )`.execute(db);
    },
  },
  '0002-sms-delivery-reports': {
    async up(db) {
      // Set on what the notifications engine sent: only those messages' outcomes are reported to it.
      await sql`ALTER TABLE sms.outbound_messages ADD COLUMN report_delivery boolean NOT NULL DEFAULT false`.execute(db);
    },
  },
};

/** Creates the `sms` schema (its own migration table, so it runs beside core-api's and the other channels'). */
export async function migrateSms(pool: pg.Pool): Promise<void> {
  await migrateChannelSchema(pool, 'sms', migrations);
}
