import { prepared } from '../../platform/database/one-statement';
import type { Queryable } from '../../platform/database/transaction';
import type { ChannelIdentity, MessagingChannel } from './channel-identities';
import type { UserRecord, UserRow } from './users-repository';

/** What reaching a user takes: who they are, the identities they hold, and the consent on record where asked. */
export interface Contact {
  user: Pick<UserRecord, 'id' | 'organizationId' | 'role' | 'name' | 'email' | 'phone' | 'locale' | 'timeZone' | 'erasedAt'>;
  /** Every identity of the user, verified or not, ordered by channel and external id. */
  identities: ChannelIdentity[];
  /**
   * The latest consent given or withdrawn for the address each asked channel would use (its first
   * verified identity; SMS falls back to the profile's phone), or null when none is on record or
   * the channel has no address.
   */
  consents: Partial<Record<MessagingChannel, boolean | null>>;
}

type ContactRow = Pick<UserRow, 'id' | 'organization_id' | 'role' | 'name' | 'email' | 'phone' | 'locale' | 'timezone' | 'erased_at'> & {
  identities: Array<{ channel: MessagingChannel; externalId: string; verified: boolean }>;
  consents: Partial<Record<MessagingChannel, boolean | null>>;
};

// One statement for what took three kinds of read (the user, their identities, a consent per channel):
// every notification looks its recipient up twice, and on PGlite each statement is the process's own
// CPU. No sealed column is read, so nothing is decrypted to send a reminder.
const contactStatement = `
  WITH person AS (
    SELECT id, organization_id, role, name, email, phone, locale, timezone, erased_at FROM identity.users WHERE id = $1
  ), held AS (
    SELECT channel, external_id, verified_at FROM identity.channel_identities WHERE user_id = $1
  ), addressed AS (
    SELECT DISTINCT ON (channel) channel, external_id FROM held
     WHERE verified_at IS NOT NULL AND channel = ANY($2::text[])
     ORDER BY channel, external_id
  ), asked AS (
    SELECT channel, external_id FROM addressed
    UNION ALL
    SELECT 'sms', person.phone FROM person
     WHERE 'sms' = ANY($2::text[]) AND person.phone IS NOT NULL AND NOT EXISTS (SELECT 1 FROM addressed WHERE channel = 'sms')
  )
  SELECT person.*,
    (SELECT coalesce(json_agg(json_build_object('channel', channel, 'externalId', external_id, 'verified', verified_at IS NOT NULL)
                              ORDER BY channel, external_id), '[]'::json) FROM held) AS identities,
    (SELECT coalesce(json_object_agg(asked.channel, (SELECT granted FROM identity.consents
                                                      WHERE channel = asked.channel AND external_id = asked.external_id
                                                      ORDER BY id DESC LIMIT 1)), '{}'::json) FROM asked) AS consents
  FROM person`;

/** Reads contact cards for the notifications module: the identity tables stay this module's. */
export function createContacts(database: Queryable) {
  return {
    /**
     * The user's contact card with the consents of `consentChannels` (only those are read), or
     * null for an unknown user.
     */
    async contactOf(userId: string, consentChannels: readonly MessagingChannel[]): Promise<Contact | null> {
      const { rows } = await database.query<ContactRow>(prepared({ text: contactStatement, values: [userId, consentChannels] }));
      const row = rows[0];
      if (!row) return null;
      return {
        user: {
          id: row.id, organizationId: row.organization_id, role: row.role, name: row.name, email: row.email, phone: row.phone,
          locale: row.locale, timeZone: row.timezone, erasedAt: row.erased_at,
        },
        identities: row.identities.map((identity) => ({ ...identity, userId })),
        consents: row.consents,
      };
    },
  };
}

export type Contacts = ReturnType<typeof createContacts>;
