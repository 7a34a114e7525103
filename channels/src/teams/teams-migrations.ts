import { sql, type Migration } from 'kysely';
import type pg from 'pg';
import { migrateChannelSchema } from '../channel-migrations';

const migrations: Record<string, Migration> = {
  '0001-teams-channel': {
    async up(db) {
      await sql`CREATE SCHEMA IF NOT EXISTS teams`.execute(db);
      // One personal conversation per Teams user: where proactive cards go. The reference is the
      // Bot Framework's (service URL, conversation, bot and user ids), nothing personal beyond ids.
      await sql`
        CREATE TABLE teams.conversations (
          aad_object_id text PRIMARY KEY,
          user_id text,
          conversation_id text NOT NULL,
          reference jsonb NOT NULL,
          updated_at timestamptz NOT NULL DEFAULT now()
        )`.execute(db);
      await sql`CREATE UNIQUE INDEX conversations_user ON teams.conversations (user_id) WHERE user_id IS NOT NULL`.execute(db);
      // The approval card sent for each request, so reminders and expiry can update it in place.
      await sql`
        CREATE TABLE teams.approval_cards (
          appointment_id text PRIMARY KEY,
          aad_object_id text NOT NULL,
          activity_id text NOT NULL,
          sent_at timestamptz NOT NULL DEFAULT now(),
          reminded_at timestamptz,
          closed_at timestamptz
        )`.execute(db);
      // Retried deliveries of one activity are handled once.
      await sql`
        CREATE TABLE teams.inbound_activities (
          activity_id text PRIMARY KEY,
          received_at timestamptz NOT NULL DEFAULT now()
        )`.execute(db);
    },
  },
};

/** Creates the `teams` schema (its own migration table, beside core-api's and the other channels'). */
export async function migrateTeams(pool: pg.Pool): Promise<void> {
  await migrateChannelSchema(pool, 'teams', migrations);
}
