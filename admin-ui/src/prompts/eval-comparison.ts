import type { EvalRun } from '../api/admin-api';

export interface VersionPassRates {
  version: number;
  /** pass^1 and pass^k of the latest finished run that used this version. */
  pass1: number;
  passK: number | null;
  latest: EvalRun;
  /** How many finished runs used this version. */
  runs: number;
}

/** How eval runs name a prompt: `promptId/domain/locale` (its entries add `@version`, 0 being the shipped file). */
export const playedPromptKey = (prompt: { promptId: string; domain: string; locale: string }) => `${prompt.promptId}/${prompt.domain}/${prompt.locale}`;

/** Which version of the prompt `key` (`promptId/domain/locale`) a run used, from its `key@version` entries, or null when it did not use that prompt. */
export function versionUsed(run: EvalRun, key: string): number | null {
  for (const entry of run.prompts) {
    if (!entry.startsWith(`${key}@`)) continue;
    const version = entry.slice(key.length + 1);
    if (/^\d+$/.test(version)) return Number(version);
  }
  return null;
}

/**
 * The latest pass rates of each version of a prompt, from the finished runs
 * that used it (a run that errored or is still running has no rates), in
 * version order.
 *
 * @example
 * compareVersions(runs, 'patient-system/all/en'); // [{ version: 1, pass1: 0.7, … }, { version: 2, pass1: 0.9, … }]
 */
export function compareVersions(runs: EvalRun[], key: string): VersionPassRates[] {
  const byVersion = new Map<number, VersionPassRates>();
  const newestFirst = [...runs].sort((a, b) => Date.parse(b.startedAt) - Date.parse(a.startedAt));
  for (const run of newestFirst) {
    const version = versionUsed(run, key);
    if (version === null || run.finishedAt === null || run.pass1 === null || (run.status !== 'passed' && run.status !== 'failed')) continue;
    const seen = byVersion.get(version);
    if (seen) seen.runs += 1;
    else byVersion.set(version, { version, pass1: run.pass1, passK: run.passK, latest: run, runs: 1 });
  }
  return [...byVersion.values()].sort((a, b) => a.version - b.version);
}
