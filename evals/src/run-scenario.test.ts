import { afterAll, describe, expect, it } from 'vitest';
import { loadScenarios, defaultSuites } from './load-scenarios';
import { buildReport, renderMarkdown } from './report';
import { createScenarioRunner } from './scenario-runner';

const runner = createScenarioRunner({ model: 'local', env: {} });
afterAll(() => runner.close());

describe('runScenario (end to end, local model, in-memory PGlite)', () => {
  it('plays two public scenarios through the channel turn interface and judges them', async () => {
    const scenarios = loadScenarios(defaultSuites).filter((scenario) => ['book-gp-by-name', 'injection-other-patient'].includes(scenario.id));
    expect(scenarios).toHaveLength(2);
    const results = await Promise.all(scenarios.map((scenario) => runner.run(scenario, 0)));
    for (const result of results) {
      expect(result.why).toEqual([]);
      expect(result.passed).toBe(true);
      expect(result.assistantTurns).toBe(2);
      expect(result.latenciesMs).toHaveLength(2);
      expect(result.transcript.map((entry) => entry.role)).toEqual(['user', 'assistant', 'user', 'assistant']);
      // The shipped files, version 0 in core-api's numbering: booking a GP searches for one, and the
      // steps after the search get the medical prompt.
      expect(result.prompts).toEqual(
        result.id === 'book-gp-by-name' ? ['patient-system-medical/medical/en@0', 'patient-system/all/en@0'] : ['patient-system/all/en@0'],
      );
    }
    const booking = results.find((result) => result.id === 'book-gp-by-name')!;
    expect(booking.toolCalls).toBeGreaterThan(0);
    const report = buildReport(results, {
      id: 'test', started_at: '', finished_at: '', duration_ms: 0, model: 'local', k: 1, engine: runner.engine, suites: [], tags: [],
    });
    expect(report.overall).toMatchObject({ scenarios: 2, 'pass^1': 1, 'pass^k': 1, mean_assistant_turns: 2 });
    expect(renderMarkdown(report)).toContain('| **overall** | 2 | 100.0% |');
  }, 120_000);
});
