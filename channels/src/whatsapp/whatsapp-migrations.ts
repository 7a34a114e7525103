import { sql, type Migration } from 'kysely';
import type pg from 'pg';
import { migrateChannelSchema } from '../channel-migrations';

const migrations: Record<string, Migration> = {
  '0001-whatsapp-channel': {
    async up(db) {
      await sql`CREATE SCHEMA IF NOT EXISTS whatsapp`.execute(db);
      // Only what deduplication needs: the text itself goes to the turn handler, not here.
      await sql`
        CREATE TABLE whatsapp.inbound_messages (
          message_id text PRIMARY KEY,
          phone text NOT NULL,
          sent_at timestamptz NOT NULL,
          received_at timestamptz NOT NULL DEFAULT now(),
          handled_at timestamptz
        )`.execute(db);
      // last_inbound_at opens the 24-hour window in which free-form messages may be sent.
      await sql`
        CREATE TABLE whatsapp.contacts (
          phone text PRIMARY KEY,
          locale text,
          last_inbound_at timestamptz,
          choice_set text,
          choices_at timestamptz,
          updated_at timestamptz NOT NULL DEFAULT now()
        )`.execute(db);
      await sql`
        CREATE TABLE whatsapp.choices (
          id text PRIMARY KEY,
          phone text NOT NULL,
          set_id text NOT NULL,
          position integer NOT NULL,
          label text NOT NULL,
          value text NOT NULL,
          created_at timestamptz NOT NULL DEFAULT now()
        )`.execute(db);
      await sql`CREATE INDEX choices_by_phone ON whatsapp.choices (phone, set_id, position)`.execute(db);
      await sql`
        CREATE TABLE whatsapp.outbound_messages (
          id text PRIMARY KEY,
          to_phone text,
          status text NOT NULL,
          error_code text,
          error_title text,
          created_at timestamptz NOT NULL DEFAULT now(),
          updated_at timestamptz NOT NULL DEFAULT now()
        )`.execute(db);
      await sql`
        CREATE TABLE whatsapp.verification_challenges (
          challenge text PRIMARY KEY,
          answered_at timestamptz NOT NULL DEFAULT now()
        )`.execute(db);
    },
  },
  '0002-whatsapp-delivery-reports-and-answers': {
    async up(db) {
      // Set on what the notifications engine sent: only those messages' outcomes are reported to it.
      await sql`ALTER TABLE whatsapp.outbound_messages ADD COLUMN report_delivery boolean NOT NULL DEFAULT false`.execute(db);
      // A choice the channel answers itself (a reminder's "Confirm"), wherever the tap lands.
      await sql`ALTER TABLE whatsapp.choices ADD COLUMN answer text`.execute(db);
    },
  },
  '0003-whatsapp-choices-about': {
    async up(db) {
      // The appointment a reminder's buttons are about, for an answer typed in words instead,
      // and the letter that picks an answer typed instead of tapped ("C").
      await sql`ALTER TABLE whatsapp.choices ADD COLUMN about jsonb`.execute(db);
      await sql`ALTER TABLE whatsapp.choices ADD COLUMN key text`.execute(db);
    },
  },
};

/** Creates the `whatsapp` schema (its own migration table, so it runs beside core-api's and the other channels'). */
export async function migrateWhatsapp(pool: pg.Pool): Promise<void> {
  await migrateChannelSchema(pool, 'whatsapp', migrations);
}
