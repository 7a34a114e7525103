/**
 * `npm run evals -- --sgd`: the local model's understanding layer over the
 * user turns of the SGD appointment dialogues (evals/data/sgd-services):
 * accuracy on dates, times and professional names.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { runSgdCheck } from '@consulta/bot';

export const sgdDirectory = fileURLToPath(new URL('../data/sgd-services', import.meta.url));

type SgdResult = ReturnType<typeof runSgdCheck>;

export interface SgdReport {
  splits: Record<string, { dates: SgdResult['dates']; times: SgdResult['times']; names: SgdResult['names']; failures: SgdResult['failures'] }>;
}

export function runSgd(directory = sgdDirectory, splits = ['dev', 'train']): SgdReport {
  const report: SgdReport = { splits: {} };
  for (const split of splits) {
    const lines = readFileSync(`${directory}/${split}.jsonl`, 'utf8').split('\n');
    report.splits[split] = runSgdCheck(lines, { source: 'utterance' });
  }
  return report;
}

const share = (tally: { total: number; correct: number }) =>
  `${tally.total ? ((tally.correct / tally.total) * 100).toFixed(1) : '–'}% (${tally.correct}/${tally.total})`;

export function renderSgd(report: SgdReport, examples = 5): string {
  const lines = ['## SGD understanding check', '', '| split | dates | times | names |', '|---|---:|---:|---:|'];
  for (const [split, result] of Object.entries(report.splits)) {
    lines.push(`| ${split} | ${share(result.dates)} | ${share(result.times)} | ${share(result.names)} |`);
  }
  for (const [split, result] of Object.entries(report.splits)) {
    if (result.failures.length === 0) continue;
    lines.push('', `Misread in ${split} (first ${Math.min(examples, result.failures.length)} of ${result.failures.length}):`, '');
    for (const failure of result.failures.slice(0, examples)) {
      lines.push(`- ${failure.slot}: "${failure.utterance}" → expected ${failure.expected}, got ${failure.got ?? 'nothing'}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
