import type { Summary } from '../measure';
import { formatRatio, formatSummary, type ResultRow } from '../report';

/** A table row for a per-call measure next to the bare SQL that fetches the same rows. */
export function perCallRow(
  measure: string,
  value: Summary,
  baseline: Summary,
  target: string,
  hasTarget: boolean,
): ResultRow {
  const ratio = value.medianMs / baseline.medianMs;
  return {
    measure,
    value: formatSummary(value),
    baseline: `${formatSummary(baseline)} bare SQL`,
    ratio: formatRatio(ratio),
    target,
    met: hasTarget ? ratio <= 1 : null,
  };
}
