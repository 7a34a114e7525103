import type { Queryable } from '../../platform/database/transaction';
import type { FieldCipher } from '../../platform/field-encryption';

/**
 * Seals dates of birth that reached the plaintext column. The seed loader
 * writes there because it runs before any key is known; the identity module
 * calls this at start so plaintext does not outlive the next start.
 */
export async function sealPlaintextDatesOfBirth(database: Queryable, cipher: FieldCipher): Promise<number> {
  const { rows } = await database.query<{ id: string; date_of_birth: string }>(
    `SELECT id, to_char(date_of_birth, 'YYYY-MM-DD') AS date_of_birth FROM identity.users WHERE date_of_birth IS NOT NULL`,
  );
  for (const row of rows) {
    await database.query(
      `UPDATE identity.users SET date_of_birth_sealed = $2, date_of_birth = NULL WHERE id = $1`,
      [row.id, cipher.seal(row.date_of_birth)],
    );
  }
  return rows.length;
}
