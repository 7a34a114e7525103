import type { Queryable } from '../../platform/database/transaction';
import type { Clock } from '../../platform/clock';
import { invalid } from '../../platform/errors';
import { checkExternalId, type MessagingChannel } from './channel-identities';

export type ConsentSource = 'keyword' | 'registration' | 'profile' | 'admin' | 'seed';

export interface ConsentChange {
  channel: MessagingChannel;
  /** Either the user (their identity on that channel is used) or the sender's external id (phone) directly. */
  userId?: string;
  phone?: string;
  granted: boolean;
  source: ConsentSource;
}

export interface ConsentRecord {
  channel: MessagingChannel;
  externalId: string | null;
  granted: boolean;
  source: string;
  at: Date;
}

/**
 * Messaging consent per channel identity, as a history: STOP and START append
 * a record, and the latest record decides. No record means no consent, so an
 * unknown number is never messaged first.
 */
export function createConsents(options: { database: Queryable; clock: Clock }) {
  const { database, clock } = options;
  return {
    async recordConsent(change: ConsentChange, client: Queryable = database): Promise<ConsentRecord[]> {
      const externalIds = change.phone
        ? [checkExternalId(change.channel, change.phone)]
        : await identitiesOf(client, change.userId, change.channel);
      const userId = change.userId ?? (await ownerOf(client, change.channel, externalIds[0]!));
      const at = clock.now();
      for (const externalId of externalIds) {
        await client.query(
          `INSERT INTO identity.consents (channel, external_id, user_id, granted, source, at) VALUES ($1, $2, $3, $4, $5, $6)`,
          [change.channel, externalId, userId, change.granted, change.source, at],
        );
      }
      return externalIds.map((externalId) => ({ channel: change.channel, externalId, granted: change.granted, source: change.source, at }));
    },

    async hasConsent(channel: MessagingChannel, externalId: string): Promise<boolean> {
      const { rows } = await database.query<{ granted: boolean }>(
        `SELECT granted FROM identity.consents WHERE channel = $1 AND external_id = $2 ORDER BY id DESC LIMIT 1`,
        [channel, checkExternalId(channel, externalId)],
      );
      return rows[0]?.granted ?? false;
    },

    /** The latest word on a channel identity: true, false (withdrawn, e.g. STOP), or null when it never gave one. */
    async latestConsent(channel: MessagingChannel, externalId: string): Promise<boolean | null> {
      const { rows } = await database.query<{ granted: boolean }>(
        `SELECT granted FROM identity.consents WHERE channel = $1 AND external_id = $2 ORDER BY id DESC LIMIT 1`,
        [channel, checkExternalId(channel, externalId)],
      );
      return rows[0]?.granted ?? null;
    },

    /** The whole history of a user, newest first. */
    async historyOf(userId: string, client: Queryable = database): Promise<ConsentRecord[]> {
      const { rows } = await client.query<{ channel: MessagingChannel; external_id: string | null; granted: boolean; source: string; at: Date }>(
        `SELECT channel, external_id, granted, source, at FROM identity.consents WHERE user_id = $1 ORDER BY id DESC`,
        [userId],
      );
      return rows.map((row) => ({ channel: row.channel, externalId: row.external_id, granted: row.granted, source: row.source, at: row.at }));
    },
  };
}

export type Consents = ReturnType<typeof createConsents>;

async function identitiesOf(client: Queryable, userId: string | undefined, channel: MessagingChannel): Promise<string[]> {
  if (!userId) throw invalid('consent_subject_required', 'Name the user or the phone number the consent is for.');
  const { rows } = await client.query<{ external_id: string }>(
    `SELECT external_id FROM identity.channel_identities WHERE user_id = $1 AND channel = $2 ORDER BY external_id`,
    [userId, channel],
  );
  if (rows.length === 0) throw invalid('no_channel_identity', `The user has no ${channel} identity to record consent for.`);
  return rows.map((row) => row.external_id);
}

async function ownerOf(client: Queryable, channel: MessagingChannel, externalId: string): Promise<string | null> {
  const { rows } = await client.query<{ user_id: string }>(
    `SELECT user_id FROM identity.channel_identities WHERE channel = $1 AND external_id = $2`,
    [channel, externalId],
  );
  return rows[0]?.user_id ?? null;
}
