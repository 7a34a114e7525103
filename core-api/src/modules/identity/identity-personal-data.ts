import type pg from 'pg';
import type { ChannelIdentities } from './channel-identities';
import type { Consents } from './consents';
import type { PersonalDataContributor } from './personal-data';
import type { UsersRepository } from './users-repository';

export const erasedName = 'Erased user';

/**
 * The identity module's own part of export and erasure. Erasure keeps the user
 * row and its id (audit entries and appointments point at it) but empties
 * every field that identifies the person.
 */
export function createIdentityPersonalData(options: {
  pool: pg.Pool;
  users: UsersRepository;
  channelIdentities: ChannelIdentities;
  consents: Consents;
}): PersonalDataContributor {
  const { pool, users, channelIdentities, consents } = options;
  return {
    module: 'identity',
    async exportFor(userId) {
      const user = await users.findById(userId);
      if (!user) return null;
      const { rows: auditEntries } = await pool.query(
        `SELECT at, actor_id AS "actorId", actor_role AS "actorRole", action, resource_type AS "resourceType",
                resource_id AS "resourceId", outcome, channel
           FROM identity.audit_log WHERE patient_id = $1 OR actor_id = $1 ORDER BY id DESC LIMIT 1000`,
        [userId],
      );
      const { entraObjectId: _objectId, ...profile } = user;
      return {
        profile,
        channelIdentities: await channelIdentities.listForUser(userId),
        consents: await consents.historyOf(userId),
        accessLog: auditEntries,
      };
    },
    async eraseFor(userId, client) {
      await client.query(
        `UPDATE identity.users SET name = $2, email = NULL, phone = NULL, date_of_birth = NULL, date_of_birth_sealed = NULL, insurance_number_sealed = NULL,
                entra_object_id = NULL, entra_user_principal = NULL, professional_title = NULL, professional_registration = NULL
          WHERE id = $1`,
        [userId, erasedName],
      );
      await client.query(`DELETE FROM identity.channel_identities WHERE user_id = $1`, [userId]);
      // The history stays as evidence of what was agreed, without the number it was agreed for.
      await client.query(`UPDATE identity.consents SET external_id = NULL WHERE user_id = $1`, [userId]);
    },
  };
}
