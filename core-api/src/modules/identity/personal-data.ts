import type { PoolClient } from 'pg';

/**
 * What a module holds about a person, for GDPR access and erasure. Every
 * module that stores personal data hands one of these to the identity module,
 * which runs all of them: export for `GET /me/export`, erase for
 * `POST /users/{id}/erase`, all erasures in one transaction.
 */
export interface PersonalDataContributor {
  /** The key of this module's part of an export, e.g. `appointments`. */
  module: string;
  exportFor(userId: string): Promise<unknown>;
  /**
   * Pseudonymises or deletes the user's personal data on `client`, inside the
   * erasure transaction. Must be idempotent: it may run on an erased user again.
   * Ids stay, so audit entries and foreign keys still resolve (to an erased user).
   */
  eraseFor(userId: string, client: PoolClient): Promise<void>;
}

/** Refuses two contributors for one module, which would make an export ambiguous. */
export function checkContributors(contributors: PersonalDataContributor[]): PersonalDataContributor[] {
  const seen = new Set<string>();
  for (const contributor of contributors) {
    if (seen.has(contributor.module)) throw new Error(`Two personal data contributors for module "${contributor.module}"`);
    seen.add(contributor.module);
  }
  return contributors;
}
