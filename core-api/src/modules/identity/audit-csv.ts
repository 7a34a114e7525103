import { toCsv } from '../../platform/csv';
import type { AuditRecord } from './audit-query';

const columns: (keyof AuditRecord)[] = [
  'id', 'at', 'actorId', 'actorRole', 'actingService', 'action', 'resourceType', 'resourceId', 'patientId', 'outcome',
  'requestId', 'channel',
];

/** RFC 4180 CSV of audit entries, with a header row. */
export function auditToCsv(entries: AuditRecord[]): string {
  return toCsv(columns, entries.map((entry) => columns.map((column) => entry[column])));
}
