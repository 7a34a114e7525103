import { prepared } from '../../platform/database/one-statement';
import type { QueryResultRow } from 'pg';
import type { Queryable } from '../../platform/database/transaction';
import type { NotificationChannel } from './notification-sender';
import type { PreferencesRow } from './preferences-store';

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

/** What the engine needs to know of a recipient before it decides about one event, read at once (see `recipientState`). */
export interface RecipientState {
  /** Rows of this event for this recipient exist already: a replay. */
  replayed: boolean;
  /** Their preferences row; null when they never set any. */
  preferences: PreferencesRow | null;
  /** Non-urgent notifications that went (or are going) out to them in the last day; only counted when they set a daily cap. */
  sentInLastDay: number | null;
  hasPushSubscription: boolean;
}

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

// The statements every notification runs are prepared: parsing and planning is most of a short statement's cost.
const run = <Row extends QueryResultRow>(client: Queryable, text: string, values: unknown[]) => client.query<Row>(prepared({ text, values }));

/** The delivery record of every notification: its state, attempts, provider id and timestamps. */
export function createNotificationsRepository(database: Queryable) {
  return {
    /**
     * Inserts the row unless (event, recipient, channel) is already known, and answers the row
     * that holds that key either way: a replayed event gets the first row back.
     */
    async insert(notification: NewNotification, now: Date, client: Queryable = database): Promise<{ record: NotificationRecord; created: boolean }> {
      const inserted = await run<NotificationRow>(
        client,
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
      const { rows } = await run<NotificationRow>(
        client,
        `SELECT * FROM notifications.notifications WHERE event_id = $1 AND recipient_id = $2 AND channel = $3`,
        [notification.eventId, notification.recipientId, notification.channel],
      );
      return { record: toRecord(rows[0]!), created: false };
    },

    /** The rows of one event for one recipient (one per channel tried), by the unique key's leading columns. */
    async ofEvent(eventId: string, recipientId: string): Promise<NotificationRecord[]> {
      const { rows } = await run<NotificationRow>(
        database,
        `SELECT * FROM notifications.notifications WHERE event_id = $1 AND recipient_id = $2 ORDER BY created_at DESC, id`,
        [eventId, recipientId],
      );
      return rows.map(toRecord);
    },

    async get(id: string): Promise<NotificationRecord | null> {
      const { rows } = await run<NotificationRow>(database, `SELECT * FROM notifications.notifications WHERE id = $1`, [id]);
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

    /**
     * Everything the engine reads of this module about a recipient for one event, in one statement
     * since it runs for every notification: whether the event reached them already, their preferences,
     * what counts against their daily cap (only when they set one) and whether a browser of theirs takes push.
     */
    async recipientState(eventId: string, recipientId: string, since: Date): Promise<RecipientState> {
      const { rows } = await run<PreferencesRow & { replayed: boolean; custom: boolean; sent_in_last_day: string | null; has_push: boolean }>(
        database,
        `SELECT EXISTS (SELECT 1 FROM notifications.notifications WHERE event_id = $1 AND recipient_id = $2) AS replayed,
                p.user_id IS NOT NULL AS custom, p.channels, p.quiet_start, p.quiet_end, p.do_not_disturb, p.daily_cap,
                CASE WHEN p.daily_cap IS NOT NULL THEN
                  (SELECT count(DISTINCT event_id) FROM notifications.notifications
                    WHERE recipient_id = $2 AND created_at >= $3 AND state IN ('queued', 'sent', 'delivered') AND NOT urgent)
                END AS sent_in_last_day,
                EXISTS (SELECT 1 FROM notifications.push_subscriptions WHERE user_id = $2) AS has_push
           FROM (VALUES (1)) AS one LEFT JOIN notifications.preferences p ON p.user_id = $2`,
        [eventId, recipientId, since],
      );
      const row = rows[0]!;
      return {
        replayed: row.replayed,
        preferences: row.custom
          ? { channels: row.channels, quiet_start: row.quiet_start, quiet_end: row.quiet_end, do_not_disturb: row.do_not_disturb, daily_cap: row.daily_cap }
          : null,
        sentInLastDay: row.sent_in_last_day === null ? null : Number(row.sent_in_last_day),
        hasPushSubscription: row.has_push,
      };
    },

    /** Counts the try and records which template version and variant it used. */
    async startAttempt(id: string, attempt: number, template: { version: number; variant: 'A' | 'B' | null }, now: Date) {
      await run(
        database,
        `UPDATE notifications.notifications SET attempts = $2, template_version = $3, variant = $4, updated_at = $5 WHERE id = $1`,
        [id, attempt, template.version, template.variant, now],
      );
    },

    /**
     * Only a queued notification becomes sent: a delivery callback that came first is not undone. The
     * try that sent it is counted here too, with its template (see `startAttempt`), so that a send
     * costs one write; the paths that do not send count theirs with `startAttempt`.
     */
    async markSent(id: string, providerMessageId: string | null, now: Date, attempt?: { number: number; template: { version: number; variant: 'A' | 'B' | null } }) {
      await run(
        database,
        `UPDATE notifications.notifications SET state = 'sent', provider_message_id = $2, sent_at = $3, updated_at = $3, reason = NULL,
                attempts = COALESCE($4, attempts), template_version = COALESCE($5, template_version), variant = CASE WHEN $4::int IS NULL THEN variant ELSE $6 END
          WHERE id = $1 AND state = 'queued'`,
        [id, providerMessageId, now, attempt?.number ?? null, attempt?.template.version ?? null, attempt?.template.variant ?? null],
      );
    },

    async markFailed(id: string, reason: string, now: Date) {
      await run(
        database,
        `UPDATE notifications.notifications SET state = 'failed', reason = $2, failed_at = $3, updated_at = $3 WHERE id = $1 AND state = 'queued'`,
        [id, reason.slice(0, 300), now],
      );
    },

    async markSuppressed(id: string, reason: string, now: Date) {
      await run(
        database,
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
