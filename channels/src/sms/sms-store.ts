import type pg from 'pg';
import type { Choice } from '../turn';
import { rankSql, type DeliveryStatus, type RecordedStatus } from './delivery-status';

export interface SmsContact {
  locale: string | null;
  /** The numbered choices last sent to this number, while they are fresh enough to answer. */
  choices: Choice[] | undefined;
}

/**
 * The channel's state in PostgreSQL, so that whichever replica Twilio reaches
 * knows a retried MessageSid, the choices a "2" refers to, and where each
 * reply's delivery stands.
 */
export interface SmsStore {
  /** True the first time a MessageSid is seen; false for Twilio's retries of it. */
  claimInbound(messageSid: string, phone: string): Promise<boolean>;
  markHandled(messageSid: string): Promise<void>;
  contact(phone: string): Promise<SmsContact>;
  rememberLocale(phone: string, locale: string): Promise<void>;
  /** `null` forgets them: an answer to a later question must not pick from an older list. */
  rememberChoices(phone: string, choices: Choice[] | null): Promise<void>;
  /** Keeps the choices on offer, no longer about an appointment: the reminder they came with is answered. */
  forgetAbout(phone: string): Promise<void>;
  /**
   * Records a status unless the message is already further along, and answers where it stands now.
   * `reportDelivery` marks a message whose outcome goes on to the notifications engine; once set it stays.
   */
  recordStatus(update: {
    sid: string;
    to?: string;
    status: string;
    errorCode?: string;
    reportDelivery?: boolean;
  }): Promise<RecordedStatus>;
  deliveryStatus(sid: string): Promise<DeliveryStatus | undefined>;
}

type StatusRow = {
  sid: string;
  to_phone: string | null;
  status: string;
  error_code: string | null;
  updated_at: Date;
};

export function createSmsStore(pool: pg.Pool, options: { choicesTtlSeconds: number }): SmsStore {
  return {
    async claimInbound(messageSid, phone) {
      const { rowCount } = await pool.query(
        'INSERT INTO sms.inbound_messages (message_sid, phone) VALUES ($1, $2) ON CONFLICT (message_sid) DO NOTHING',
        [messageSid, phone],
      );
      return rowCount === 1;
    },

    async markHandled(messageSid) {
      await pool.query('UPDATE sms.inbound_messages SET handled_at = now() WHERE message_sid = $1', [
        messageSid,
      ]);
    },

    async contact(phone) {
      const { rows } = await pool.query<{ locale: string | null; choices: Choice[] | null }>(
        `SELECT locale, CASE WHEN choices_at > now() - make_interval(secs => $2) THEN choices END AS choices
         FROM sms.contacts WHERE phone = $1`,
        [phone, options.choicesTtlSeconds],
      );
      const row = rows[0];
      return { locale: row?.locale ?? null, choices: row?.choices ?? undefined };
    },

    async rememberLocale(phone, locale) {
      await pool.query(
        `INSERT INTO sms.contacts (phone, locale) VALUES ($1, $2)
         ON CONFLICT (phone) DO UPDATE SET locale = EXCLUDED.locale, updated_at = now()`,
        [phone, locale],
      );
    },

    async rememberChoices(phone, choices) {
      await pool.query(
        `INSERT INTO sms.contacts (phone, choices, choices_at) VALUES ($1, $2::jsonb, CASE WHEN $2::jsonb IS NULL THEN NULL ELSE now() END)
         ON CONFLICT (phone) DO UPDATE SET choices = EXCLUDED.choices, choices_at = EXCLUDED.choices_at, updated_at = now()`,
        [phone, choices ? JSON.stringify(choices) : null],
      );
    },

    async forgetAbout(phone) {
      await pool.query(
        `UPDATE sms.contacts SET choices = (SELECT jsonb_agg(choice - 'about' ORDER BY position) FROM jsonb_array_elements(choices) WITH ORDINALITY AS t(choice, position))
         WHERE phone = $1 AND jsonb_typeof(choices) = 'array'`,
        [phone],
      );
    },

    async recordStatus({ sid, to, status, errorCode, reportDelivery }) {
      // One statement, so a callback racing the send's own record cannot slip between a read and a write.
      const { rows } = await pool.query<{
        status: string;
        error_code: string | null;
        report_delivery: boolean;
      }>(
        `INSERT INTO sms.outbound_messages AS current (sid, to_phone, status, error_code, report_delivery)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (sid) DO UPDATE SET
           status = CASE WHEN ${rankSql('EXCLUDED.status')} > ${rankSql('current.status')} THEN EXCLUDED.status ELSE current.status END,
           error_code = CASE WHEN ${rankSql('EXCLUDED.status')} > ${rankSql('current.status')}
                             THEN coalesce(EXCLUDED.error_code, current.error_code) ELSE coalesce(current.error_code, EXCLUDED.error_code) END,
           to_phone = coalesce(current.to_phone, EXCLUDED.to_phone),
           report_delivery = current.report_delivery OR EXCLUDED.report_delivery,
           updated_at = now()
         RETURNING status, error_code, report_delivery`,
        [sid, to ?? null, status, errorCode ?? null, reportDelivery ?? false],
      );
      const row = rows[0]!;
      return { id: sid, status: row.status, errorCode: row.error_code, reportDelivery: row.report_delivery };
    },

    async deliveryStatus(sid) {
      const { rows } = await pool.query<StatusRow>(
        'SELECT sid, to_phone, status, error_code, updated_at FROM sms.outbound_messages WHERE sid = $1',
        [sid],
      );
      const row = rows[0];
      return row
        ? {
            sid: row.sid,
            to: row.to_phone,
            status: row.status,
            errorCode: row.error_code,
            updatedAt: row.updated_at,
          }
        : undefined;
    },
  };
}
