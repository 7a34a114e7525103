import type { Queryable } from '../../platform/database/transaction';
import type { Clock } from '../../platform/clock';
import type { SqlStatement } from '../../platform/database/one-statement';
import type { Principal } from './principal';

export interface AuditEntry {
  action: string; // noun.verb, e.g. `appointment.read`, `appointment.create`, `user.export`
  resourceType: string;
  resourceId: string;
  /** The patient whose data was touched, so erasure and per-patient reports can find the entry. */
  patientId?: string | null;
  outcome?: 'allowed' | 'denied';
  /** Whose admins may read the entry; defaults to the organisation of the calling user. */
  organizationId?: string | null;
}

export interface AuditContext {
  principal: Principal | null;
  requestId: string;
}

/**
 * The append-only record of every read and change of patient data (a trigger
 * refuses UPDATE, DELETE and TRUNCATE). Modules call it inside the same
 * transaction as the change, so no change goes unrecorded.
 */
export interface AuditLog {
  record(context: AuditContext, entry: AuditEntry, database?: Queryable): Promise<void>;
  /** The INSERT of `record`, for callers that write it in one statement with the change it records. */
  statement(context: AuditContext, entry: AuditEntry): SqlStatement;
}

export function createAuditLog(options: { database: Queryable; clock: Clock }): AuditLog {
  const statement = (context: AuditContext, entry: AuditEntry): SqlStatement => {
    const principal = context.principal;
    const actorId = !principal ? 'anonymous' : principal.kind === 'user' ? principal.userId : principal.serviceId;
    const actorRole = !principal ? 'anonymous' : principal.kind === 'user' ? principal.role : 'service';
    const channel = principal?.kind === 'user' ? principal.channel : 'api';
    return {
      text: `INSERT INTO identity.audit_log (at, actor_id, actor_role, acting_service, action, resource_type, resource_id,
           patient_id, outcome, request_id, channel, organization_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
      values: [
        options.clock.now(), actorId, actorRole, principal?.kind === 'user' ? (principal.actingService ?? null) : null,
        entry.action, entry.resourceType, entry.resourceId, entry.patientId ?? null, entry.outcome ?? 'allowed',
        context.requestId, channel,
        entry.organizationId !== undefined ? entry.organizationId : principal?.kind === 'user' ? principal.organizationId : null,
      ],
    };
  };
  return {
    statement,
    async record(context, entry, database = options.database) {
      const { text, values } = statement(context, entry);
      await database.query(text, values);
    },
  };
}
