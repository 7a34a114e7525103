import type pg from 'pg';
import type { Clock } from '../../platform/clock';
import { inTransaction } from '../../platform/database/transaction';
import { notFound } from '../../platform/errors';
import type { AuditContext, AuditLog } from './audit-log';
import type { PersonalDataContributor } from './personal-data';
import { canEraseUser, canExportUser } from './policy';
import type { UserPrincipal } from './principal';
import type { UsersRepository } from './users-repository';

export interface PersonalDataExport {
  userId: string;
  exportedAt: string;
  modules: Record<string, unknown>;
}

export interface ErasureResult {
  userId: string;
  erasedAt: Date;
}

/** GDPR access and erasure across every module that contributes personal data. */
export function createPersonalDataService(options: {
  pool: pg.Pool;
  clock: Clock;
  users: UsersRepository;
  audit: AuditLog;
  contributors: PersonalDataContributor[];
  /** After an erasure commits: contributors may have written events (a held time offered to the next patient). */
  onEventsWritten?: () => void;
}) {
  const { pool, clock, users, audit, contributors } = options;
  return {
    /** What Consulta holds about a user (GDPR access): yourself, or, for admins, anyone of their organisation. */
    async exportFor(principal: UserPrincipal, context: AuditContext, userId = principal.userId): Promise<PersonalDataExport> {
      const user = await users.findById(userId);
      if (!user || !canExportUser(principal, user)) {
        if (userId !== principal.userId) await audit.record(context, { action: 'user.export', resourceType: 'user', resourceId: userId, outcome: 'denied' });
        throw notFound('user', userId);
      }
      const modules: Record<string, unknown> = {};
      for (const contributor of contributors) modules[contributor.module] = await contributor.exportFor(user.id);
      await audit.record(context, { action: 'user.export', resourceType: 'user', resourceId: user.id, patientId: patientIdOf(user) });
      return { userId: user.id, exportedAt: clock.now().toISOString(), modules };
    },

    /**
     * Erases in one transaction, locking the user row so two erasures cannot
     * interleave. A second erasure changes nothing and answers the first one's result.
     */
    async erase(principal: UserPrincipal, userId: string, context: AuditContext): Promise<ErasureResult> {
      const entry = { action: 'user.erase', resourceType: 'user', resourceId: userId };
      const result = await inTransaction(pool, async (client) => {
        const { rows } = await client.query<{ organization_id: string; role: string; erased_at: Date | null }>(
          `SELECT organization_id, role, erased_at FROM identity.users WHERE id = $1 FOR UPDATE`,
          [userId],
        );
        const row = rows[0];
        if (!row || !canEraseUser(principal, { id: userId, organizationId: row.organization_id })) return null;
        await audit.record(context, { ...entry, patientId: row.role === 'patient' ? userId : null }, client);
        if (row.erased_at) return { userId, erasedAt: row.erased_at, now: false };
        for (const contributor of contributors) await contributor.eraseFor(userId, client);
        const erasedAt = clock.now();
        await client.query(`UPDATE identity.users SET erased_at = $2, updated_at = $2 WHERE id = $1`, [userId, erasedAt]);
        return { userId, erasedAt, now: true };
      });
      if (result) {
        if (result.now) options.onEventsWritten?.();
        return { userId: result.userId, erasedAt: result.erasedAt };
      }
      // Recorded outside the rolled-back work, so refused attempts stay on record too.
      await audit.record(context, { ...entry, outcome: 'denied' });
      throw notFound('user', userId);
    },
  };
}

export type PersonalDataService = ReturnType<typeof createPersonalDataService>;

function patientIdOf(user: { id: string; role: string }): string | null {
  return user.role === 'patient' ? user.id : null;
}
