import type { AuditRecord } from './audit-query';

const columns: (keyof AuditRecord)[] = [
  'id', 'at', 'actorId', 'actorRole', 'actingService', 'action', 'resourceType', 'resourceId', 'patientId', 'outcome',
  'requestId', 'channel',
];

/** RFC 4180 CSV of audit entries, with a header row. */
export function auditToCsv(entries: AuditRecord[]): string {
  const lines = [columns.join(',')];
  for (const entry of entries) lines.push(columns.map((column) => csvCell(entry[column])).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

function csvCell(value: unknown): string {
  let text = value instanceof Date ? value.toISOString() : value === null || value === undefined ? '' : String(value);
  // Spreadsheets run cells that start like a formula; ids come from callers, so defuse them.
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
