import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import { conflict, invalid, notFound } from '../../platform/errors';
import { inTransaction, type Queryable } from '../../platform/database/transaction';
import type { FieldCipher } from '../../platform/field-encryption';
import type { Clock } from '../../platform/clock';
import type { AuditContext, AuditLog } from './audit-log';

export type MessagingChannel = 'webchat' | 'sms' | 'whatsapp' | 'teams';
export const messagingChannels: MessagingChannel[] = ['webchat', 'sms', 'whatsapp', 'teams'];

export interface ChannelIdentity {
  channel: MessagingChannel;
  externalId: string;
  userId: string;
  verified: boolean;
}

export interface PatientRegistration {
  channel: MessagingChannel;
  externalId: string;
  name: string;
  /** `YYYY-MM-DD`. */
  dateOfBirth: string | null;
  locale: string;
  timeZone?: string;
  /** Needed only when more than one organisation lives in this database. */
  organizationId?: string;
}

const e164 = /^\+[1-9]\d{6,14}$/;
const teamsObjectId = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Phone channels are keyed by E.164 numbers and Teams by Entra object ids, so one person has one key per channel. */
export function checkExternalId(channel: MessagingChannel, externalId: string): string {
  if ((channel === 'sms' || channel === 'whatsapp') && !e164.test(externalId)) {
    throw invalid('invalid_external_id', `A ${channel} identity must be an E.164 phone number such as +34600111222.`);
  }
  if (channel === 'teams' && !teamsObjectId.test(externalId)) {
    throw invalid('invalid_external_id', 'A teams identity must be the Entra object id (a GUID) of the user.');
  }
  return channel === 'teams' ? externalId.toLowerCase() : externalId;
}

/** Which user a channel speaks for: resolve, bind, and register unknown patients. */
export function createChannelIdentities(options: { pool: pg.Pool; cipher: FieldCipher; audit: AuditLog; clock: Clock }) {
  const { pool, cipher, audit, clock } = options;

  const resolve = async (channel: MessagingChannel, externalId: string, client: Queryable = pool): Promise<ChannelIdentity | null> => {
    const { rows } = await client.query<{ user_id: string; verified_at: Date | null }>(
      `SELECT c.user_id, c.verified_at FROM identity.channel_identities c JOIN identity.users u ON u.id = c.user_id
        WHERE c.channel = $1 AND c.external_id = $2 AND u.erased_at IS NULL`,
      [channel, checkExternalId(channel, externalId)],
    );
    const row = rows[0];
    return row ? { channel, externalId, userId: row.user_id, verified: row.verified_at !== null } : null;
  };

  const bind = async (
    identity: { channel: MessagingChannel; externalId: string; userId: string; verified: boolean },
    client: Queryable = pool,
  ): Promise<ChannelIdentity> => {
    const externalId = checkExternalId(identity.channel, identity.externalId);
    const { rows } = await client.query<{ user_id: string }>(
      `INSERT INTO identity.channel_identities (channel, external_id, user_id, verified_at, created_at)
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (channel, external_id) DO UPDATE SET verified_at = COALESCE(identity.channel_identities.verified_at, EXCLUDED.verified_at)
         WHERE identity.channel_identities.user_id = EXCLUDED.user_id
       RETURNING user_id`,
      [identity.channel, externalId, identity.userId, identity.verified ? clock.now() : null, clock.now()],
    );
    // The upsert only touches a row of the same user; another user's row is left as it was.
    if (!rows[0]) throw conflict('channel_identity_taken', `This ${identity.channel} identity already belongs to another user.`);
    return { channel: identity.channel, externalId, userId: identity.userId, verified: identity.verified };
  };

  return {
    resolve,
    bind,
    async listForUser(userId: string, client: Queryable = pool): Promise<ChannelIdentity[]> {
      const { rows } = await client.query<{ channel: MessagingChannel; external_id: string; verified_at: Date | null }>(
        `SELECT channel, external_id, verified_at FROM identity.channel_identities WHERE user_id = $1 ORDER BY channel, external_id`,
        [userId],
      );
      return rows.map((row) => ({ channel: row.channel, externalId: row.external_id, userId, verified: row.verified_at !== null }));
    },

    /**
     * A Teams user's first contact: Teams vouches for the sender's Entra object
     * id (the Bot Framework signs the activity) and its directory gives their
     * UPN. The staff member whose Entra principal is that UPN gets the object id
     * as a verified Teams identity, under the same rule as the first Entra
     * sign-in: an account already bound to another object id is never taken over.
     */
    async linkTeamsAccount(input: { objectId: string; userPrincipalName: string }, context: AuditContext): Promise<{ userId: string } | null> {
      const objectId = checkExternalId('teams', input.objectId);
      return inTransaction(pool, async (client) => {
        const known = await resolve('teams', objectId, client);
        if (known) return { userId: known.userId };
        const { rows } = await client.query<{ id: string; organization_id: string }>(
          `UPDATE identity.users SET entra_object_id = $1, updated_at = $3
            WHERE lower(entra_user_principal) = lower($2) AND (entra_object_id IS NULL OR lower(entra_object_id) = $1)
              AND role IN ('professional', 'admin') AND erased_at IS NULL
            RETURNING id, organization_id`,
          [objectId, input.userPrincipalName, clock.now()],
        );
        const user = rows[0];
        if (!user) return null;
        await bind({ channel: 'teams', externalId: objectId, userId: user.id, verified: true }, client);
        await audit.record(context, { action: 'channel_identity.link_teams', resourceType: 'user', resourceId: user.id, organizationId: user.organization_id }, client);
        return { userId: user.id };
      });
    },

    /**
     * A message from an unknown sender starts here: a new patient bound to the
     * identity the message came from. The channel itself vouches for the
     * sender (the phone number, the chat session), so the identity is verified.
     */
    async registerPatientFromChannel(registration: PatientRegistration, context: AuditContext): Promise<{ userId: string }> {
      const externalId = checkExternalId(registration.channel, registration.externalId);
      return inTransaction(pool, async (client) => {
        if (await resolve(registration.channel, externalId, client)) {
          throw conflict('channel_identity_taken', `This ${registration.channel} identity already belongs to a user.`);
        }
        const organizationId = await organizationOf(client, registration.organizationId);
        const userId = `patient-${randomBytes(6).toString('hex')}`;
        await client.query(
          `INSERT INTO identity.users (id, organization_id, role, name, phone, locale, timezone, date_of_birth_sealed, created_at, updated_at)
           VALUES ($1, $2, 'patient', $3, $4, $5, $6, $7, $8, $8)`,
          [
            userId, organizationId, registration.name,
            registration.channel === 'sms' || registration.channel === 'whatsapp' ? externalId : null,
            registration.locale, registration.timeZone ?? 'UTC',
            registration.dateOfBirth ? cipher.seal(registration.dateOfBirth) : null, clock.now(),
          ],
        );
        await bind({ channel: registration.channel, externalId, userId, verified: true }, client);
        await audit.record(
          context,
          { action: 'user.register', resourceType: 'user', resourceId: userId, patientId: userId, organizationId },
          client,
        );
        return { userId };
      });
    },
  };
}

export type ChannelIdentities = ReturnType<typeof createChannelIdentities>;

/** The named organisation if people of it exist, or else the only one there is. */
async function organizationOf(client: Queryable, named: string | undefined): Promise<string> {
  const { rows } = await client.query<{ organization_id: string }>(
    `SELECT DISTINCT organization_id FROM identity.users WHERE $1::text IS NULL OR organization_id = $1 LIMIT 2`,
    [named ?? null],
  );
  if (named && rows.length === 0) throw notFound('organization', named);
  if (rows.length !== 1) {
    throw rows.length === 0
      ? notFound('organization', '(none)')
      : invalid('organization_required', 'Several organisations exist: name the organizationId of the new patient.');
  }
  return rows[0]!.organization_id;
}
