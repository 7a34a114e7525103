import { prepared } from '../../platform/database/one-statement';
import type { Queryable } from '../../platform/database/transaction';
import type { FieldCipher } from '../../platform/field-encryption';
import type { Role } from './principal';

export interface ProfessionalDetails {
  title: string | null;
  registrationNumber: string | null;
  verifiedAt: Date | null;
}

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
  /** Patients only (validated on write); sealed at rest. */
  insuranceNumber: string | null;
  entraObjectId: string | null;
  entraUserPrincipal: string | null;
  /** Only for professionals; null for everyone else. */
  professional: ProfessionalDetails | null;
  erasedAt: Date | null;
}

const columnsOf = (alias: string) =>
  `${alias}.id, ${alias}.organization_id, ${alias}.role, ${alias}.name, ${alias}.email, ${alias}.phone, ${alias}.locale,
   ${alias}.timezone, to_char(${alias}.date_of_birth, 'YYYY-MM-DD') AS date_of_birth, ${alias}.date_of_birth_sealed, ${alias}.insurance_number_sealed,
   ${alias}.entra_object_id, ${alias}.entra_user_principal, ${alias}.professional_title, ${alias}.professional_registration,
   ${alias}.professional_verified_at, ${alias}.erased_at`;
const columns = columnsOf('users');

/** A row of identity.users as read (dates of birth as text); other reads of the module narrow it. */
export interface UserRow {
  id: string;
  organization_id: string;
  role: Role;
  name: string;
  email: string | null;
  phone: string | null;
  locale: string;
  timezone: string;
  date_of_birth: string | null;
  date_of_birth_sealed: string | null;
  insurance_number_sealed: string | null;
  entra_object_id: string | null;
  entra_user_principal: string | null;
  professional_title: string | null;
  professional_registration: string | null;
  professional_verified_at: Date | null;
  erased_at: Date | null;
}

/** Reads users, opening sealed fields; writes belong to the profile, linking and erasure services. */
export function createUsersRepository(database: Queryable, cipher: FieldCipher) {
  const toUser = (row: UserRow): UserRecord => ({
    id: row.id,
    organizationId: row.organization_id,
    role: row.role,
    name: row.name,
    email: row.email,
    phone: row.phone,
    locale: row.locale,
    timeZone: row.timezone,
    // A plaintext value is a seed write not sealed yet, and newer than any sealed one.
    dateOfBirth: row.date_of_birth ?? (row.date_of_birth_sealed ? cipher.open(row.date_of_birth_sealed) : null),
    insuranceNumber: row.insurance_number_sealed ? cipher.open(row.insurance_number_sealed) : null,
    entraObjectId: row.entra_object_id,
    entraUserPrincipal: row.entra_user_principal,
    professional:
      row.role === 'professional'
        ? {
            title: row.professional_title,
            registrationNumber: row.professional_registration,
            verifiedAt: row.professional_verified_at,
          }
        : null,
    erasedAt: row.erased_at,
  });
  const one = async (where: string, values: unknown[], client: Queryable = database) => {
    const { rows } = await client.query<UserRow>(`SELECT ${columns} FROM identity.users users WHERE ${where}`, values);
    return rows[0] ? toUser(rows[0]) : null;
  };

  return {
    findById: (id: string, client?: Queryable) => one('id = $1', [id], client),
    /** What authentication needs on every request, without the columns (and decryption) it does not. */
    async findPrincipal(id: string): Promise<Pick<UserRecord, 'id' | 'organizationId' | 'role' | 'erasedAt'> | null> {
      const { rows } = await database.query<Pick<UserRow, 'id' | 'organization_id' | 'role' | 'erased_at'>>(
        prepared({ text: 'SELECT id, organization_id, role, erased_at FROM identity.users WHERE id = $1', values: [id] }),
      );
      const row = rows[0];
      return row ? { id: row.id, organizationId: row.organization_id, role: row.role, erasedAt: row.erased_at } : null;
    },
    async findByIds(ids: string[]): Promise<UserRecord[]> {
      const { rows } = await database.query<UserRow>(`SELECT ${columns} FROM identity.users users WHERE id = ANY($1)`, [ids]);
      return rows.map(toUser);
    },
    findByEntraObjectId: (objectId: string) => one('entra_object_id = $1', [objectId]),
    /** Who a dev-mode picker offers: id, name and role only. */
    async listByRole(role: UserRecord['role']): Promise<Array<Pick<UserRecord, 'id' | 'name' | 'role'>>> {
      const { rows } = await database.query<{ id: string; name: string; role: UserRecord['role'] }>(
        'SELECT id, name, role FROM identity.users WHERE role = $1 AND erased_at IS NULL ORDER BY name, id',
        [role],
      );
      return rows;
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
