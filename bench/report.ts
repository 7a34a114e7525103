import type { Summary } from './measure';

/*
 * Markdown output. One table per database (or suite), same columns everywhere, so the README can quote a
 * table as is and two runs can be diffed line by line.
 */

export interface ResultRow {
  measure: string;
  value: string;
  baseline: string;
  /** value / baseline, written out (e.g. "0.42×"); "—" where nothing is compared. */
  ratio: string;
  target: string;
  /** null: informational, no target. */
  met: boolean | null;
}

export interface ReportSection {
  /** e.g. "PGlite (in memory)". */
  title: string;
  rows: ResultRow[];
  /** Lines under the table: data sizes, sample counts, anything needed to read it. */
  notes: string[];
}

export interface BenchResult {
  section: ReportSection;
  /** Correctness checks that failed (a wrong race outcome, a baseline that fetched other data). */
  failures: string[];
}

export const formatMs = (ms: number) =>
  !Number.isFinite(ms)
    ? 'n/a'
    : ms >= 100
      ? `${ms.toFixed(0)} ms`
      : ms >= 1
        ? `${ms.toFixed(2)} ms`
        : `${(ms * 1000).toFixed(0)} µs`;

export const formatSummary = (summary: Summary) =>
  `${formatMs(summary.medianMs)} (p95 ${formatMs(summary.p95Ms)})`;

export const formatRate = (perSecond: number, unit: string) =>
  `${perSecond.toFixed(perSecond >= 100 ? 0 : 1)} ${unit}/s`;

export const formatRatio = (ratio: number) => (Number.isFinite(ratio) ? `${ratio.toFixed(2)}×` : 'n/a');

export function renderTable(rows: ResultRow[]): string {
  const header = ['measure', 'value', 'baseline', 'ratio', 'target', 'met?'];
  const cells = rows.map((row) => [
    row.measure,
    row.value,
    row.baseline,
    row.ratio,
    row.target,
    row.met === null ? '—' : row.met ? 'yes' : '**no**',
  ]);
  const line = (values: string[]) => `| ${values.map((value) => value.replaceAll('|', '\\|')).join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...cells.map(line)].join('\n');
}

export function renderReport(sections: ReportSection[], context: string[], title = 'Scheduling benchmarks'): string {
  const parts = [`# ${title}`, '', ...context.map((line) => `${line}  `), ''];
  for (const section of sections) {
    parts.push(`## ${section.title}`, '', renderTable(section.rows), '');
    for (const note of section.notes) parts.push(`- ${note}`);
    if (section.notes.length > 0) parts.push('');
  }
  return parts.join('\n');
}
