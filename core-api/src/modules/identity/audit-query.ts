import type { Queryable } from '../../platform/database/transaction';
import { invalid } from '../../platform/errors';

export interface AuditFilter {
  /** Admins read their own organisation's entries only. */
  organizationId: string;
  actorId?: string;
  action?: string;
  resourceType?: string;
  resourceId?: string;
  patientId?: string;
  from?: Date;
  to?: Date;
  /** From a previous page's `nextCursor`. */
  cursor?: string;
  limit: number;
}

export interface AuditRecord {
  id: string;
  at: Date;
  actorId: string;
  actorRole: string;
  actingService: string | null;
  action: string;
  resourceType: string;
  resourceId: string;
  patientId: string | null;
  outcome: 'allowed' | 'denied';
  requestId: string;
  channel: string;
}

export interface AuditPage {
  items: AuditRecord[];
  nextCursor: string | null;
}

/**
 * Reads the audit log newest first, by keyset pagination on the entry id, so
 * pages stay stable while new entries arrive.
 */
export async function queryAuditLog(database: Queryable, filter: AuditFilter): Promise<AuditPage> {
  const conditions = ['organization_id = $1'];
  const values: unknown[] = [filter.organizationId];
  const where = (condition: string, value: unknown) => {
    values.push(value);
    conditions.push(condition.replace('?', `$${values.length}`));
  };
  if (filter.actorId) where('actor_id = ?', filter.actorId);
  if (filter.action) where('action = ?', filter.action);
  if (filter.resourceType) where('resource_type = ?', filter.resourceType);
  if (filter.resourceId) where('resource_id = ?', filter.resourceId);
  if (filter.patientId) where('patient_id = ?', filter.patientId);
  if (filter.from) where('at >= ?', filter.from);
  if (filter.to) where('at < ?', filter.to);
  if (filter.cursor) where('id < ?', decodeCursor(filter.cursor));
  values.push(filter.limit + 1);
  const { rows } = await database.query<AuditRecord>(
    `SELECT id::text AS id, at, actor_id AS "actorId", actor_role AS "actorRole", acting_service AS "actingService", action,
            resource_type AS "resourceType", resource_id AS "resourceId", patient_id AS "patientId", outcome,
            request_id AS "requestId", channel
       FROM identity.audit_log WHERE ${conditions.join(' AND ')} ORDER BY id DESC LIMIT $${values.length}`,
    values,
  );
  const items = rows.slice(0, filter.limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > filter.limit && last ? encodeCursor(last.id) : null };
}

const encodeCursor = (id: string) => Buffer.from(`audit:${id}`).toString('base64url');

function decodeCursor(cursor: string): string {
  const match = /^audit:(\d{1,19})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match) throw invalid('invalid_cursor', 'The cursor is not one this API handed out.');
  return match[1]!;
}
