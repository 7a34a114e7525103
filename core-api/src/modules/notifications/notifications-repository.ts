import type { Queryable } from '../../platform/database/transaction';
import type { NotificationChannel } from './notification-sender';

export type NotificationState = 'queued' | 'sent' | 'delivered' | 'failed' | 'suppressed';

export interface NotificationRecord {
  id: string;
  eventId: string;
  eventType: string;
  appointmentId: string | null;
  organizationId: string;
  recipientId: string;
  recipientRole: 'patient' | 'professional' | 'admin';
  channel: NotificationChannel | 'none';
  state: NotificationState;
  reason: string | null;
  providerMessageId: string | null;
  attempts: number;
  templateEvent: string;
  templateVersion: number | null;
  variant: 'A' | 'B' | null;
  urgent: boolean;
  data: Record<string, unknown>;
  fallbackChannels: NotificationChannel[];
  dueAt: Date;
  createdAt: Date;
  updatedAt: Date;
  sentAt: Date | null;
  deliveredAt: Date | null;
  failedAt: Date | null;
}

export type NewNotification = Pick<
  NotificationRecord,
  'id' | 'eventId' | 'eventType' | 'appointmentId' | 'organizationId' | 'recipientId' | 'recipientRole' | 'channel' | 'state' | 'reason' | 'templateEvent' | 'urgent' | 'data' | 'fallbackChannels' | 'dueAt'
>;

export interface NotificationFilter {
  eventId?: string;
  recipientId?: string;
  organizationId?: string;
  state?: NotificationState;
  channel?: string;
  eventType?: string;
  appointmentId?: string;
  limit?: number;
}

interface NotificationRow {
  id: string; event_id: string; event_type: string; appointment_id: string | null; organization_id: string; recipient_id: string;
  recipient_role: NotificationRecord['recipientRole']; channel: NotificationRecord['channel']; state: NotificationState; reason: string | null;
  provider_message_id: string | null; attempts: number; template_event: string; template_version: number | null; variant: 'A' | 'B' | null;
  urgent: boolean; data: Record<string, unknown>; fallback_channels: NotificationChannel[]; due_at: Date; created_at: Date; updated_at: Date;
  sent_at: Date | null; delivered_at: Date | null; failed_at: Date | null;
}

const toRecord = (row: NotificationRow): NotificationRecord => ({
  id: row.id,
  eventId: row.event_id,
  eventType: row.event_type,
  appointmentId: row.appointment_id,
  organizationId: row.organization_id,
  recipientId: row.recipient_id,
  recipientRole: row.recipient_role,
  channel: row.channel,
  state: row.state,
  reason: row.reason,
  providerMessageId: row.provider_message_id,
  attempts: row.attempts,
  templateEvent: row.template_event,
  templateVersion: row.template_version,
  variant: row.variant,
  urgent: row.urgent,
  data: row.data,
  fallbackChannels: row.fallback_channels,
  dueAt: row.due_at,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
  sentAt: row.sent_at,
  deliveredAt: row.delivered_at,
  failedAt: row.failed_at,
});

/** The delivery record of every notification: its state, attempts, provider id and timestamps. */
export function createNotificationsRepository(database: Queryable) {
  return {
    /**
     * Inserts the row unless (event, recipient, channel) is already known, and answers the row
     * that holds that key either way: a replayed event gets the first row back.
     */
    async insert(notification: NewNotification, now: Date, client: Queryable = database): Promise<{ record: NotificationRecord; created: boolean }> {
      const inserted = await client.query<NotificationRow>(
        `INSERT INTO notifications.notifications (id, event_id, event_type, appointment_id, organization_id, recipient_id, recipient_role,
           channel, state, reason, template_event, urgent, data, fallback_channels, due_at, created_at, updated_at, failed_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $16, NULL)
         ON CONFLICT (event_id, recipient_id, channel) DO NOTHING RETURNING *`,
        [
          notification.id, notification.eventId, notification.eventType, notification.appointmentId, notification.organizationId,
          notification.recipientId, notification.recipientRole, notification.channel, notification.state, notification.reason,
          notification.templateEvent, notification.urgent, JSON.stringify(notification.data), notification.fallbackChannels, notification.dueAt, now,
        ],
      );
      if (inserted.rows[0]) return { record: toRecord(inserted.rows[0]), created: true };
      const { rows } = await client.query<NotificationRow>(
        `SELECT * FROM notifications.notifications WHERE event_id = $1 AND recipient_id = $2 AND channel = $3`,
        [notification.eventId, notification.recipientId, notification.channel],
      );
      return { record: toRecord(rows[0]!), created: false };
    },

    /** The rows of one event for one recipient (one per channel tried), by the unique key's leading columns. */
    async ofEvent(eventId: string, recipientId: string): Promise<NotificationRecord[]> {
      const { rows } = await database.query<NotificationRow>(
        `SELECT * FROM notifications.notifications WHERE event_id = $1 AND recipient_id = $2 ORDER BY created_at DESC, id`,
        [eventId, recipientId],
      );
      return rows.map(toRecord);
    },

    async get(id: string): Promise<NotificationRecord | null> {
      const { rows } = await database.query<NotificationRow>(`SELECT * FROM notifications.notifications WHERE id = $1`, [id]);
      return rows[0] ? toRecord(rows[0]) : null;
    },

    async list(filter: NotificationFilter): Promise<NotificationRecord[]> {
      const { rows } = await database.query<NotificationRow>(
        `SELECT * FROM notifications.notifications
          WHERE ($1::text IS NULL OR recipient_id = $1) AND ($2::text IS NULL OR organization_id = $2) AND ($3::text IS NULL OR state = $3)
            AND ($4::text IS NULL OR channel = $4) AND ($5::text IS NULL OR event_type = $5) AND ($6::text IS NULL OR appointment_id = $6)
            AND ($8::text IS NULL OR event_id = $8)
          ORDER BY created_at DESC, id LIMIT $7`,
        [filter.recipientId ?? null, filter.organizationId ?? null, filter.state ?? null, filter.channel ?? null, filter.eventType ?? null,
          filter.appointmentId ?? null, filter.limit ?? 100, filter.eventId ?? null],
      );
      return rows.map(toRecord);
    },

    /** Notifications that went (or are going) out to a user in the last day, for the frequency cap. */
    async countRecent(recipientId: string, since: Date): Promise<number> {
      const { rows } = await database.query<{ count: string }>(
        `SELECT count(DISTINCT event_id) AS count FROM notifications.notifications
          WHERE recipient_id = $1 AND created_at >= $2 AND state IN ('queued', 'sent', 'delivered') AND NOT urgent`,
        [recipientId, since],
      );
      return Number(rows[0]?.count ?? 0);
    },

    /** Counts the try and records which template version and variant it used. */
    async startAttempt(id: string, attempt: number, template: { version: number; variant: 'A' | 'B' | null }, now: Date) {
      await database.query(
        `UPDATE notifications.notifications SET attempts = $2, template_version = $3, variant = $4, updated_at = $5 WHERE id = $1`,
        [id, attempt, template.version, template.variant, now],
      );
    },

    /** Only a queued notification becomes sent: a delivery callback that came first is not undone. */
    async markSent(id: string, providerMessageId: string | null, now: Date) {
      await database.query(
        `UPDATE notifications.notifications SET state = 'sent', provider_message_id = $2, sent_at = $3, updated_at = $3, reason = NULL
          WHERE id = $1 AND state = 'queued'`,
        [id, providerMessageId, now],
      );
    },

    async markFailed(id: string, reason: string, now: Date) {
      await database.query(
        `UPDATE notifications.notifications SET state = 'failed', reason = $2, failed_at = $3, updated_at = $3 WHERE id = $1 AND state = 'queued'`,
        [id, reason.slice(0, 300), now],
      );
    },

    async markSuppressed(id: string, reason: string, now: Date) {
      await database.query(
        `UPDATE notifications.notifications SET state = 'suppressed', reason = $2, updated_at = $3 WHERE id = $1 AND state = 'queued'`,
        [id, reason, now],
      );
    },

    /** An admin's retry from the dead-letter list puts the failed row back in line. */
    async requeue(id: string, now: Date): Promise<boolean> {
      const { rowCount } = await database.query(
        `UPDATE notifications.notifications SET state = 'queued', reason = NULL, failed_at = NULL, updated_at = $2 WHERE id = $1 AND state = 'failed'`,
        [id, now],
      );
      return (rowCount ?? 0) > 0;
    },

    /**
     * A provider's delivery report, by its message id. `delivered` is final (a late `sent` never moves it
     * back); `failed` after `delivered` is ignored too. Answers the notification and whether this report
     * changed it (a retried report does not), or null for an unknown id.
     */
    async recordDelivery(
      providerMessageId: string, status: 'delivered' | 'failed', reason: string | null, now: Date,
    ): Promise<{ record: NotificationRecord; changed: boolean } | null> {
      const { rows } = await database.query<NotificationRow>(
        `UPDATE notifications.notifications
            SET state = $2, delivered_at = CASE WHEN $2 = 'delivered' THEN $4::timestamptz ELSE delivered_at END,
                failed_at = CASE WHEN $2 = 'failed' THEN $4::timestamptz ELSE failed_at END,
                reason = CASE WHEN $2 = 'failed' THEN $3 ELSE reason END, updated_at = $4
          WHERE provider_message_id = $1 AND (state IN ('queued', 'sent') OR ($2 = 'delivered' AND state = 'failed'))
          RETURNING *`,
        [providerMessageId, status, reason, now],
      );
      if (rows[0]) return { record: toRecord(rows[0]), changed: true };
      const known = await database.query<NotificationRow>(`SELECT * FROM notifications.notifications WHERE provider_message_id = $1 LIMIT 1`, [providerMessageId]);
      return known.rows[0] ? { record: toRecord(known.rows[0]), changed: false } : null;
    },

    /** How an A/B-tested notification's appointment ended; recorded once per notification. */
    async recordOutcome(appointmentId: string, outcome: 'confirmed' | 'cancelled' | 'no_show', now: Date): Promise<number> {
      const { rowCount } = await database.query(
        `INSERT INTO notifications.variant_outcomes (notification_id, appointment_id, template_event, channel, template_version, variant, outcome, recorded_at)
         SELECT id, appointment_id, template_event, channel, template_version, variant, $2, $3 FROM notifications.notifications
          WHERE appointment_id = $1 AND variant IS NOT NULL AND template_version IS NOT NULL AND state IN ('sent', 'delivered')
         ON CONFLICT (notification_id) DO NOTHING`,
        [appointmentId, outcome, now],
      );
      return rowCount ?? 0;
    },

    async outcomes(filter: { templateEvent?: string }) {
      const { rows } = await database.query<{ template_event: string; channel: string; template_version: number; variant: string; outcome: string; count: string }>(
        `SELECT template_event, channel, template_version, variant, outcome, count(*) AS count FROM notifications.variant_outcomes
          WHERE ($1::text IS NULL OR template_event = $1) GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5`,
        [filter.templateEvent ?? null],
      );
      return rows.map((row) => ({
        event: row.template_event, channel: row.channel, version: row.template_version, variant: row.variant, outcome: row.outcome, count: Number(row.count),
      }));
    },
  };
}

export type NotificationsRepository = ReturnType<typeof createNotificationsRepository>;
