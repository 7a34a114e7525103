import { sql, type Migration } from 'kysely';
import type pg from 'pg';
import { migrateChannelSchema } from '../channel-migrations';
import type { Activity } from './activity';

export interface StoredConversation {
  id: string;
  userId: string;
  locale: string | null;
  watermark: number;
}

export interface AppendResult {
  activity: Activity;
  watermark: number;
  /** True when the client's activity id was already stored (a retried POST): nothing new was added. */
  duplicate: boolean;
  conversation: StoredConversation;
}

/**
 * Direct Line conversations and their transcripts in PostgreSQL, so that any
 * replica can answer a poll, a reconnect or a stream from the same watermark.
 * The watermark is the conversation's sequence number, bumped in the same
 * statement that stores an activity, so readers never see a gap fill later.
 */
export interface TranscriptStore {
  start(conversation: { id: string; userId: string; locale?: string }): Promise<{ conversation: StoredConversation; created: boolean }>;
  find(conversationId: string): Promise<StoredConversation | undefined>;
  /** Undefined when there is no such conversation. */
  append(conversationId: string, activity: Activity, clientActivityId?: string): Promise<AppendResult | undefined>;
  after(conversationId: string, watermark: number, limit?: number): Promise<{ activities: Activity[]; watermark: number }>;
}

const migrations: Record<string, Migration> = {
  '0001-webchat-transcripts': {
    async up(db) {
      await sql`CREATE SCHEMA IF NOT EXISTS webchat`.execute(db);
      await sql`
        CREATE TABLE webchat.conversations (
          id text PRIMARY KEY,
          user_id text NOT NULL,
          locale text,
          watermark bigint NOT NULL DEFAULT 0,
          created_at timestamptz NOT NULL DEFAULT now(),
          updated_at timestamptz NOT NULL DEFAULT now()
        )`.execute(db);
      await sql`
        CREATE TABLE webchat.activities (
          conversation_id text NOT NULL REFERENCES webchat.conversations (id) ON DELETE CASCADE,
          seq bigint NOT NULL,
          client_activity_id text,
          activity jsonb NOT NULL,
          created_at timestamptz NOT NULL DEFAULT now(),
          PRIMARY KEY (conversation_id, seq)
        )`.execute(db);
      await sql`CREATE UNIQUE INDEX activities_client_id ON webchat.activities (conversation_id, client_activity_id) WHERE client_activity_id IS NOT NULL`.execute(db);
    },
  },
};

/** Creates the `webchat` schema (its own migration table, so it runs beside core-api's and the other channels'). */
export async function migrateTranscripts(pool: pg.Pool): Promise<void> {
  await migrateChannelSchema(pool, 'webchat', migrations);
}

type ConversationRow = { id: string; user_id: string; locale: string | null; watermark: string };
const toConversation = (row: ConversationRow): StoredConversation => ({
  id: row.id,
  userId: row.user_id,
  locale: row.locale,
  watermark: Number(row.watermark),
});

export const activityId = (conversationId: string, seq: number) => `${conversationId}|${String(seq).padStart(7, '0')}`;

export function createTranscriptStore(pool: pg.Pool): TranscriptStore {
  return {
    async start({ id, userId, locale }) {
      const inserted = await pool.query<ConversationRow>(
        `INSERT INTO webchat.conversations (id, user_id, locale) VALUES ($1, $2, $3)
         ON CONFLICT (id) DO NOTHING RETURNING id, user_id, locale, watermark`,
        [id, userId, locale ?? null],
      );
      if (inserted.rows[0]) return { conversation: toConversation(inserted.rows[0]), created: true };
      const existing = await this.find(id);
      if (!existing) throw new Error(`conversation ${id} vanished while starting`);
      return { conversation: existing, created: false };
    },

    async find(id) {
      const { rows } = await pool.query<ConversationRow>({
        name: 'webchat_find_conversation',
        text: 'SELECT id, user_id, locale, watermark FROM webchat.conversations WHERE id = $1',
        values: [id],
      });
      return rows[0] ? toConversation(rows[0]) : undefined;
    },

    async append(conversationId, activity, clientActivityId) {
      const timestamp = activity.timestamp ?? new Date().toISOString();
      // One statement: the conversation row's lock orders concurrent appends, the activity commits
      // together with the watermark that names it, and the conversation comes back with it (no
      // separate read per message).
      const { rows } = await pool.query<{ seq: string | null; activity: Activity | null; user_id: string; locale: string | null; watermark: string }>({
        // Named, so each connection parses and plans it once: two run for every message (PGlite: a third of their cost).
        name: 'webchat_append_activity',
        text: `WITH next AS (
           UPDATE webchat.conversations SET watermark = watermark + 1, updated_at = now() WHERE id = $1
           RETURNING watermark, user_id, locale
         ), inserted AS (
           INSERT INTO webchat.activities (conversation_id, seq, client_activity_id, activity)
           SELECT $1, next.watermark, $2,
                  $3::jsonb || jsonb_build_object('id', $1 || '|' || lpad(next.watermark::text, 7, '0'), 'timestamp', $4::text)
           FROM next
           ON CONFLICT (conversation_id, client_activity_id) WHERE client_activity_id IS NOT NULL DO NOTHING
           RETURNING seq, activity
         )
         SELECT inserted.seq, inserted.activity, next.user_id, next.locale, next.watermark FROM next LEFT JOIN inserted ON true`,
        values: [conversationId, clientActivityId ?? null, JSON.stringify(activity), timestamp],
      });
      const row = rows[0];
      if (!row) return undefined;
      const conversation = { id: conversationId, userId: row.user_id, locale: row.locale, watermark: Number(row.watermark) };
      if (row.seq !== null && row.activity !== null) return { activity: row.activity, watermark: Number(row.seq), duplicate: false, conversation };
      const existing = await pool.query<{ seq: string; activity: Activity }>(
        'SELECT seq, activity FROM webchat.activities WHERE conversation_id = $1 AND client_activity_id = $2',
        [conversationId, clientActivityId],
      );
      return { activity: existing.rows[0]!.activity, watermark: Number(existing.rows[0]!.seq), duplicate: true, conversation };
    },

    async after(conversationId, watermark, limit = 500) {
      const { rows } = await pool.query<{ seq: string; activity: Activity }>({
        name: 'webchat_activities_after',
        text: 'SELECT seq, activity FROM webchat.activities WHERE conversation_id = $1 AND seq > $2 ORDER BY seq LIMIT $3',
        values: [conversationId, watermark, limit],
      });
      return { activities: rows.map((row) => row.activity), watermark: rows.length > 0 ? Number(rows.at(-1)!.seq) : watermark };
    },
  };
}
