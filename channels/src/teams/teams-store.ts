import type pg from 'pg';

/** The Bot Framework conversation reference, kept as the adapter gave it. */
export type StoredReference = Record<string, unknown> & { conversation?: { id?: string } };

export interface TeamsConversation {
  aadObjectId: string;
  userId: string | null;
  reference: StoredReference;
}

export interface ApprovalCardRecord {
  appointmentId: string;
  aadObjectId: string;
  activityId: string;
  sentAt: Date;
  remindedAt: Date | null;
}

/** The channel's state in PostgreSQL, so any replica can send a proactive card or update one. */
export function createTeamsStore(pool: pg.Pool) {
  const toConversation = (row: { aad_object_id: string; user_id: string | null; reference: StoredReference }): TeamsConversation => ({
    aadObjectId: row.aad_object_id,
    userId: row.user_id,
    reference: row.reference,
  });
  return {
    /** True the first time an activity id is seen. */
    async claimInbound(activityId: string): Promise<boolean> {
      const { rowCount } = await pool.query('INSERT INTO teams.inbound_activities (activity_id) VALUES ($1) ON CONFLICT DO NOTHING', [activityId]);
      return rowCount === 1;
    },

    /** Keeps the newest reference; a known link to a user is kept unless a new one is given. */
    async rememberConversation(aadObjectId: string, reference: StoredReference, userId?: string): Promise<void> {
      await pool.query(
        `INSERT INTO teams.conversations (aad_object_id, user_id, conversation_id, reference) VALUES ($1, $2, $3, $4::jsonb)
         ON CONFLICT (aad_object_id) DO UPDATE SET reference = EXCLUDED.reference, conversation_id = EXCLUDED.conversation_id,
           user_id = coalesce(EXCLUDED.user_id, teams.conversations.user_id), updated_at = now()`,
        [aadObjectId.toLowerCase(), userId ?? null, reference.conversation?.id ?? '', JSON.stringify(reference)],
      );
    },

    async byObjectId(aadObjectId: string): Promise<TeamsConversation | undefined> {
      const { rows } = await pool.query('SELECT aad_object_id, user_id, reference FROM teams.conversations WHERE aad_object_id = $1', [aadObjectId.toLowerCase()]);
      return rows[0] ? toConversation(rows[0]) : undefined;
    },

    async byUserId(userId: string): Promise<TeamsConversation | undefined> {
      const { rows } = await pool.query('SELECT aad_object_id, user_id, reference FROM teams.conversations WHERE user_id = $1', [userId]);
      return rows[0] ? toConversation(rows[0]) : undefined;
    },

    /** `at` is the application's clock (frozen in tests and demos), which reminders compare against. */
    async rememberCard(card: { appointmentId: string; aadObjectId: string; activityId: string }, at: Date): Promise<void> {
      await pool.query(
        `INSERT INTO teams.approval_cards (appointment_id, aad_object_id, activity_id, sent_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (appointment_id) DO UPDATE SET activity_id = EXCLUDED.activity_id, aad_object_id = EXCLUDED.aad_object_id, sent_at = EXCLUDED.sent_at`,
        [card.appointmentId, card.aadObjectId.toLowerCase(), card.activityId, at],
      );
    },

    async card(appointmentId: string): Promise<ApprovalCardRecord | undefined> {
      const { rows } = await pool.query(
        'SELECT appointment_id, aad_object_id, activity_id, sent_at, reminded_at FROM teams.approval_cards WHERE appointment_id = $1',
        [appointmentId],
      );
      const row = rows[0];
      return row ? { appointmentId: row.appointment_id, aadObjectId: row.aad_object_id, activityId: row.activity_id, sentAt: row.sent_at, remindedAt: row.reminded_at } : undefined;
    },

    /** Open cards sent (or last reminded) before `before`: candidates for a reminder. */
    async cardsDueForReminder(before: Date): Promise<ApprovalCardRecord[]> {
      const { rows } = await pool.query(
        `SELECT appointment_id, aad_object_id, activity_id, sent_at, reminded_at FROM teams.approval_cards
          WHERE closed_at IS NULL AND coalesce(reminded_at, sent_at) < $1 ORDER BY sent_at LIMIT 100`,
        [before],
      );
      return rows.map((row) => ({ appointmentId: row.appointment_id, aadObjectId: row.aad_object_id, activityId: row.activity_id, sentAt: row.sent_at, remindedAt: row.reminded_at }));
    },

    /** True for the one replica that takes this reminder: the check and the mark are one statement. */
    async claimReminder(appointmentId: string, at: Date, before: Date): Promise<boolean> {
      const { rowCount } = await pool.query(
        'UPDATE teams.approval_cards SET reminded_at = $2 WHERE appointment_id = $1 AND closed_at IS NULL AND coalesce(reminded_at, sent_at) < $3',
        [appointmentId, at, before],
      );
      return rowCount === 1;
    },

    async closeCard(appointmentId: string, at: Date): Promise<void> {
      await pool.query('UPDATE teams.approval_cards SET closed_at = coalesce(closed_at, $2) WHERE appointment_id = $1', [appointmentId, at]);
    },
  };
}

export type TeamsStore = ReturnType<typeof createTeamsStore>;
