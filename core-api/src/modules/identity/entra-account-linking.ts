import type { Queryable } from '../../platform/database/transaction';
import type { VerifiedToken } from './principal';

/**
 * First Entra sign-in: binds the account (its object id) to the user whose
 * `entra_user_principal` matches the token's `preferred_username`/`upn`.
 * Later sign-ins find the user by object id, so a renamed UPN keeps working,
 * and a user already linked to another object id is never taken over.
 */
export function createEntraAccountLinker(database: Queryable) {
  return async (token: VerifiedToken): Promise<string | null> => {
    if (!token.objectId || !token.userPrincipalName) return null;
    const { rows } = await database.query<{ id: string }>(
      `UPDATE identity.users SET entra_object_id = $1, updated_at = now()
        WHERE lower(entra_user_principal) = lower($2) AND entra_object_id IS NULL AND erased_at IS NULL
        RETURNING id`,
      [token.objectId, token.userPrincipalName],
    );
    return rows[0]?.id ?? null;
  };
}
