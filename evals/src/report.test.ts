import { describe, expect, it } from 'vitest';
import { buildReport, percentile } from './report';
import type { ScenarioResult } from './run-scenario';
import { checkBaseline } from './baseline';

const result = (id: string, attempt: number, passed: boolean, tags = ['booking']): ScenarioResult => ({
  id, file: `${id}.yaml`, tags, attempt, passed, why: passed ? [] : ['nope'], user: 'scripted', assistantTurns: 2, toolCalls: 3,
  toolErrors: passed ? [] : [{ tool: 'list_slots', code: 'invalid_range' }], latenciesMs: [100, 300], durationMs: 1, transcript: [], differences: [], prompts: ['p@1'],
});
const info = { id: 'r', started_at: '', finished_at: '', duration_ms: 0, model: 'local', k: 2, engine: 'pglite', suites: [], tags: [] };

describe('report', () => {
  it('computes pass^1 over runs and pass^k over scenarios, per tag and overall', () => {
    const report = buildReport([result('a', 0, true), result('a', 1, true), result('b', 0, true, ['cancel']), result('b', 1, false, ['cancel'])], info);
    expect(report.overall).toMatchObject({ scenarios: 2, runs: 4, 'pass^1': 0.75, 'pass^k': 0.5, tool_errors: 1, tool_calls: 12, latency_p50_ms: 100, latency_p95_ms: 300 });
    expect(report.tags.cancel).toMatchObject({ scenarios: 1, 'pass^1': 0.5, 'pass^k': 0 });
    expect(report.scenarios.map((scenario) => [scenario.id, scenario.passed, scenario.why])).toEqual([['a', true, []], ['b', false, ['nope']]]);
    expect(report.run.prompts).toEqual(['p@1']);
  });

  it('takes nearest-rank percentiles', () => {
    expect(percentile([5, 1, 3, 2, 4], 50)).toBe(3);
    expect(percentile(Array.from({ length: 100 }, (_, index) => index + 1), 95)).toBe(95);
    expect(percentile([], 95)).toBe(0);
  });

  it('fails the baseline check under 0.9 or more than two points under the baseline', () => {
    const at = (pass: number) => ({ ...buildReport([result('a', 0, true)], { ...info, k: 1 }), overall: { ...buildReport([], info).overall, 'pass^1': pass } });
    const baseline = { model: 'local', 'pass^1': 0.95, scenarios: 60, failing: [], updated_at: '' };
    expect(checkBaseline(at(0.93), baseline).ok).toBe(true);
    expect(checkBaseline(at(0.92), baseline).ok).toBe(false);
    expect(checkBaseline(at(0.89), undefined).messages[0]).toMatch(/under the floor/);
  });
});
