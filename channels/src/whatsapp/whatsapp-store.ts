import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import type { Regarding } from '../turn';
import type { SentChoice } from './whatsapp-builder';
import type { RecordedStatus } from '../sms/delivery-status';
import { rankSql, type StatusUpdate, type WhatsappDeliveryStatus } from './whatsapp-status';

/** What a tapped button or a typed number picks: the value for the assistant, or an answer said at once. */
export interface StoredChoice {
  value: string;
  answer?: string;
  /** The appointment of the message that offered it (a reminder's). */
  about?: Regarding;
}

/**
 * The channel's state in PostgreSQL, so that whichever replica Meta reaches
 * knows a retried message id, when the number last wrote (the 24-hour
 * window), what a tapped button or a typed "2" stands for, and where each
 * sent message's delivery stands.
 */
export interface WhatsappStore {
  /** True the first time a message id is seen, and then opens (or extends) the number's window. */
  claimInbound(messageId: string, phone: string, sentAt: Date): Promise<boolean>;
  markHandled(messageId: string): Promise<void>;
  /** True the first time a verification challenge is answered. */
  claimChallenge(challenge: string): Promise<boolean>;
  locale(phone: string): Promise<string | null>;
  rememberLocale(phone: string, locale: string): Promise<void>;
  /** Whether the number wrote within the last `seconds`. */
  windowOpen(phone: string, seconds: number): Promise<boolean>;
  /**
   * Keeps every set's ids for taps, and makes the last set the one a typed
   * number refers to; no sets forgets that (an answer to a later question
   * must not pick from an older list).
   */
  rememberChoices(phone: string, sets: SentChoice[][]): Promise<void>;
  /** The choice behind a button or row id sent to this number, while it is fresh. */
  choiceById(phone: string, id: string): Promise<StoredChoice | undefined>;
  /** The n-th choice of the last set sent to this number, while it is fresh. */
  choiceAt(phone: string, position: number): Promise<StoredChoice | undefined>;
  /** The choice of the last set sent to this number that a typed letter picks ("C"), while it is fresh. */
  choiceByKey(phone: string, key: string): Promise<StoredChoice | undefined>;
  /** Keeps the choices on offer, no longer about an appointment: the reminder they came with is answered. */
  forgetAbout(phone: string): Promise<void>;
  /** The appointment the last set sent to this number is about (a reminder's), while it is fresh. */
  regarding(phone: string): Promise<Regarding | undefined>;
  /** Records a status unless the message is already further along, and answers where it stands now. */
  recordStatus(update: StatusUpdate): Promise<RecordedStatus>;
  deliveryStatus(id: string): Promise<WhatsappDeliveryStatus | undefined>;
}

type ChoiceRow = { value: string; answer: string | null; about: Regarding | null };

const storedChoice = (row: ChoiceRow | undefined): StoredChoice | undefined =>
  row ? { value: row.value, ...(row.answer ? { answer: row.answer } : {}), ...(row.about ? { about: row.about } : {}) } : undefined;

type StatusRow = {
  id: string;
  to_phone: string | null;
  status: string;
  error_code: string | null;
  error_title: string | null;
  updated_at: Date;
};

export function createWhatsappStore(pool: pg.Pool, options: { choicesTtlSeconds: number }): WhatsappStore {
  const ttl = options.choicesTtlSeconds;
  return {
    async claimInbound(messageId, phone, sentAt) {
      // One statement: a retry racing the first delivery can neither claim twice nor skip the window.
      // The window starts at Meta's timestamp, never later than now (clocks drift).
      const { rowCount } = await pool.query(
        `WITH claimed AS (
           INSERT INTO whatsapp.inbound_messages (message_id, phone, sent_at) VALUES ($1, $2, $3)
           ON CONFLICT (message_id) DO NOTHING RETURNING phone, sent_at)
         INSERT INTO whatsapp.contacts AS contact (phone, last_inbound_at)
         SELECT phone, least(sent_at, now()) FROM claimed
         ON CONFLICT (phone) DO UPDATE SET
           last_inbound_at = greatest(contact.last_inbound_at, EXCLUDED.last_inbound_at), updated_at = now()`,
        [messageId, phone, sentAt],
      );
      return rowCount === 1;
    },

    async markHandled(messageId) {
      await pool.query('UPDATE whatsapp.inbound_messages SET handled_at = now() WHERE message_id = $1', [
        messageId,
      ]);
    },

    async claimChallenge(challenge) {
      const { rowCount } = await pool.query(
        'INSERT INTO whatsapp.verification_challenges (challenge) VALUES ($1) ON CONFLICT DO NOTHING',
        [challenge],
      );
      return rowCount === 1;
    },

    async locale(phone) {
      const { rows } = await pool.query<{ locale: string | null }>(
        'SELECT locale FROM whatsapp.contacts WHERE phone = $1',
        [phone],
      );
      return rows[0]?.locale ?? null;
    },

    async rememberLocale(phone, locale) {
      await pool.query(
        `INSERT INTO whatsapp.contacts (phone, locale) VALUES ($1, $2)
         ON CONFLICT (phone) DO UPDATE SET locale = EXCLUDED.locale, updated_at = now()`,
        [phone, locale],
      );
    },

    async windowOpen(phone, seconds) {
      const { rows } = await pool.query<{ open: boolean }>(
        `SELECT last_inbound_at > now() - make_interval(secs => $2) AS open
         FROM whatsapp.contacts WHERE phone = $1`,
        [phone, seconds],
      );
      return rows[0]?.open === true;
    },

    async rememberChoices(phone, sets) {
      await pool.query(
        'DELETE FROM whatsapp.choices WHERE phone = $1 AND created_at < now() - make_interval(secs => $2)',
        [phone, ttl],
      );
      const rows = sets.flatMap((set) => {
        const setId = randomBytes(6).toString('base64url');
        return set.map((choice) => ({ ...choice, setId }));
      });
      if (rows.length > 0) {
        await pool.query(
          `INSERT INTO whatsapp.choices (id, phone, set_id, position, label, value, answer, about, key)
           SELECT id, $1, set_id, position, label, value, answer, about::jsonb, key
           FROM unnest($2::text[], $3::text[], $4::int[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[])
             AS t(id, set_id, position, label, value, answer, about, key)
           ON CONFLICT (id) DO NOTHING`,
          [
            phone,
            rows.map((row) => row.id),
            rows.map((row) => row.setId),
            rows.map((row) => row.position),
            rows.map((row) => row.label),
            rows.map((row) => row.value),
            rows.map((row) => row.answer ?? null),
            rows.map((row) => (row.about ? JSON.stringify(row.about) : null)),
            rows.map((row) => row.key ?? null),
          ],
        );
      }
      const current = rows.at(-1)?.setId ?? null;
      await pool.query(
        `INSERT INTO whatsapp.contacts (phone, choice_set, choices_at)
         VALUES ($1, $2::text, CASE WHEN $2::text IS NULL THEN NULL ELSE now() END)
         ON CONFLICT (phone) DO UPDATE SET
           choice_set = EXCLUDED.choice_set, choices_at = EXCLUDED.choices_at, updated_at = now()`,
        [phone, current],
      );
    },

    async choiceById(phone, id) {
      const { rows } = await pool.query<ChoiceRow>(
        `SELECT value, answer, about FROM whatsapp.choices
         WHERE id = $1 AND phone = $2 AND created_at > now() - make_interval(secs => $3)`,
        [id, phone, ttl],
      );
      return storedChoice(rows[0]);
    },

    async choiceAt(phone, position) {
      const { rows } = await pool.query<ChoiceRow>(
        `SELECT choice.value, choice.answer, choice.about FROM whatsapp.contacts contact
         JOIN whatsapp.choices choice ON choice.phone = contact.phone AND choice.set_id = contact.choice_set
         WHERE contact.phone = $1 AND choice.position = $2
           AND contact.choices_at > now() - make_interval(secs => $3)`,
        [phone, position, ttl],
      );
      return storedChoice(rows[0]);
    },

    async choiceByKey(phone, key) {
      const { rows } = await pool.query<ChoiceRow>(
        `SELECT choice.value, choice.answer, choice.about FROM whatsapp.contacts contact
         JOIN whatsapp.choices choice ON choice.phone = contact.phone AND choice.set_id = contact.choice_set
         WHERE contact.phone = $1 AND choice.key = upper($2)
           AND contact.choices_at > now() - make_interval(secs => $3)`,
        [phone, key, ttl],
      );
      return storedChoice(rows[0]);
    },

    async forgetAbout(phone) {
      await pool.query('UPDATE whatsapp.choices SET about = NULL WHERE phone = $1 AND about IS NOT NULL', [phone]);
    },

    async regarding(phone) {
      const { rows } = await pool.query<{ about: Regarding }>(
        `SELECT choice.about FROM whatsapp.contacts contact
         JOIN whatsapp.choices choice ON choice.phone = contact.phone AND choice.set_id = contact.choice_set
         WHERE contact.phone = $1 AND choice.about IS NOT NULL
           AND contact.choices_at > now() - make_interval(secs => $2)
         ORDER BY choice.position LIMIT 1`,
        [phone, ttl],
      );
      return rows[0]?.about;
    },

    async recordStatus({ id, to, status, errorCode, errorTitle, reportDelivery }) {
      const further = `${rankSql('EXCLUDED.status')} > ${rankSql('current.status')}`;
      // One statement, so a webhook racing the send's own record cannot slip between a read and a write.
      const { rows } = await pool.query<{
        status: string;
        error_code: string | null;
        error_title: string | null;
        report_delivery: boolean;
      }>(
        `INSERT INTO whatsapp.outbound_messages AS current (id, to_phone, status, error_code, error_title, report_delivery)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (id) DO UPDATE SET
           status = CASE WHEN ${further} THEN EXCLUDED.status ELSE current.status END,
           error_code = CASE WHEN ${further} THEN coalesce(EXCLUDED.error_code, current.error_code)
                             ELSE coalesce(current.error_code, EXCLUDED.error_code) END,
           error_title = CASE WHEN ${further} THEN coalesce(EXCLUDED.error_title, current.error_title)
                              ELSE coalesce(current.error_title, EXCLUDED.error_title) END,
           to_phone = coalesce(current.to_phone, EXCLUDED.to_phone),
           report_delivery = current.report_delivery OR EXCLUDED.report_delivery,
           updated_at = now()
         RETURNING status, error_code, error_title, report_delivery`,
        [id, to ?? null, status, errorCode ?? null, errorTitle ?? null, reportDelivery ?? false],
      );
      const row = rows[0]!;
      return {
        id,
        status: row.status,
        errorCode: row.error_code,
        errorTitle: row.error_title,
        reportDelivery: row.report_delivery,
      };
    },

    async deliveryStatus(id) {
      const { rows } = await pool.query<StatusRow>(
        `SELECT id, to_phone, status, error_code, error_title, updated_at
         FROM whatsapp.outbound_messages WHERE id = $1`,
        [id],
      );
      const row = rows[0];
      return row
        ? {
            id: row.id,
            to: row.to_phone,
            status: row.status,
            errorCode: row.error_code,
            errorTitle: row.error_title,
            updatedAt: row.updated_at,
          }
        : undefined;
    },
  };
}
