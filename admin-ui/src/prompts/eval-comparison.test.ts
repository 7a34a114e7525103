import { describe, expect, it } from 'vitest';
import { compareVersions, versionUsed } from './eval-comparison';
import type { EvalRun } from '../api/admin-api';

const run = (id: string, startedAt: string, prompts: string[], overrides: Partial<EvalRun> = {}): EvalRun => ({
  id, startedAt, finishedAt: startedAt, status: 'passed', model: 'local', k: 3, tags: [], prompts, scenarios: 10, pass1: 0.5, passK: 0.4, error: null, ...overrides,
});

describe('comparing eval runs by prompt version', () => {
  it('reads the version of the prompt itself, not of a prompt whose id starts the same', () => {
    expect(versionUsed(run('a', '2026-11-01T10:00:00Z', ['patient-system-legal/all/en@4', 'patient-system/all/en@2']), 'patient-system/all/en')).toBe(2);
    expect(versionUsed(run('b', '2026-11-01T10:00:00Z', ['patient-system-legal/all/en@4']), 'patient-system/all/en')).toBeNull();
    expect(versionUsed(run('c', '2026-11-01T10:00:00Z', ['patient-system/all/en@draft']), 'patient-system/all/en')).toBeNull();
  });

  it('keeps the latest finished run of each version and counts the others', () => {
    const rates = compareVersions([
      run('old-1', '2026-11-01T10:00:00Z', ['patient-system/all/en@1'], { pass1: 0.5 }),
      run('new-1', '2026-11-03T10:00:00Z', ['patient-system/all/en@1'], { pass1: 0.7, passK: 0.6, status: 'failed' }),
      run('only-2', '2026-11-02T10:00:00Z', ['patient-system/all/en@2'], { pass1: 0.9 }),
      run('running-2', '2026-11-04T10:00:00Z', ['patient-system/all/en@2'], { status: 'running', finishedAt: null, pass1: null, passK: null }),
      run('broken-0', '2026-11-04T11:00:00Z', ['patient-system/all/en@0'], { status: 'error', pass1: null, passK: null, error: 'model down' }),
    ], 'patient-system/all/en');
    expect(rates.map(({ version, pass1, passK, runs, latest }) => ({ version, pass1, passK, runs, latest: latest.id }))).toEqual([
      { version: 1, pass1: 0.7, passK: 0.6, runs: 2, latest: 'new-1' },
      { version: 2, pass1: 0.9, passK: 0.4, runs: 1, latest: 'only-2' },
    ]);
  });
});
