/**
 * RFC 4180 CSV with a header row and CRLF line ends. Cells that a spreadsheet
 * would run as a formula are prefixed with `'`: values come from callers.
 *
 * @example
 * toCsv(['date', 'total'], [['2026-12-01', 3]]); // 'date,total\r\n2026-12-01,3\r\n'
 */
export function toCsv(header: readonly string[], rows: Iterable<readonly unknown[]>): string {
  const lines = [header.map(csvCell).join(',')];
  for (const row of rows) lines.push(row.map(csvCell).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

function csvCell(value: unknown): string {
  let text = value instanceof Date ? value.toISOString() : value === null || value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
