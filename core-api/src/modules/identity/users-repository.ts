import type { Queryable } from '../../platform/database/transaction';
import type { Role } from './principal';

export interface UserRecord {
  id: string;
  organizationId: string;
  role: Role;
  name: string;
  email: string | null;
  phone: string | null;
  locale: string;
  timeZone: string;
  dateOfBirth: string | null;
  entraObjectId: string | null;
  entraUserPrincipal: string | null;
  erasedAt: Date | null;
}

const columnsOf = (alias: string) =>
  `${alias}.id, ${alias}.organization_id, ${alias}.role, ${alias}.name, ${alias}.email, ${alias}.phone, ${alias}.locale,
   ${alias}.timezone, to_char(${alias}.date_of_birth, 'YYYY-MM-DD') AS date_of_birth, ${alias}.entra_object_id,
   ${alias}.entra_user_principal, ${alias}.erased_at`;
const columns = columnsOf('users');

interface UserRow {
  id: string;
  organization_id: string;
  role: Role;
  name: string;
  email: string | null;
  phone: string | null;
  locale: string;
  timezone: string;
  date_of_birth: string | null;
  entra_object_id: string | null;
  entra_user_principal: string | null;
  erased_at: Date | null;
}

const toUser = (row: UserRow): UserRecord => ({
  id: row.id,
  organizationId: row.organization_id,
  role: row.role,
  name: row.name,
  email: row.email,
  phone: row.phone,
  locale: row.locale,
  timeZone: row.timezone,
  dateOfBirth: row.date_of_birth,
  entraObjectId: row.entra_object_id,
  entraUserPrincipal: row.entra_user_principal,
  erasedAt: row.erased_at,
});

/** Reads users; writes belong to the identity service. */
export function createUsersRepository(database: Queryable) {
  return {
    async findById(id: string): Promise<UserRecord | null> {
      const { rows } = await database.query<UserRow>(`SELECT ${columns} FROM identity.users users WHERE id = $1`, [id]);
      return rows[0] ? toUser(rows[0]) : null;
    },
    async findByIds(ids: string[]): Promise<UserRecord[]> {
      const { rows } = await database.query<UserRow>(`SELECT ${columns} FROM identity.users users WHERE id = ANY($1)`, [ids]);
      return rows.map(toUser);
    },
    async findByEntraObjectId(objectId: string): Promise<UserRecord | null> {
      const { rows } = await database.query<UserRow>(`SELECT ${columns} FROM identity.users users WHERE entra_object_id = $1`, [objectId]);
      return rows[0] ? toUser(rows[0]) : null;
    },
    async findByChannelIdentity(channel: string, externalId: string): Promise<UserRecord | null> {
      const { rows } = await database.query<UserRow>(
        `SELECT ${columnsOf('u')} FROM identity.users u
           JOIN identity.channel_identities c ON c.user_id = u.id
          WHERE c.channel = $1 AND c.external_id = $2 AND c.verified_at IS NOT NULL`,
        [channel, externalId],
      );
      return rows[0] ? toUser(rows[0]) : null;
    },
  };
}

export type UsersRepository = ReturnType<typeof createUsersRepository>;
