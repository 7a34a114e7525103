import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ScenarioError, parseScenario, type Scenario } from './scenario-schema';

/** The project's own suites, run when no file or folder is named. */
export const defaultSuites = [fileURLToPath(new URL('../scenarios', import.meta.url))];

/** Every `*.yaml` / `*.yml` under the given files and folders (recursively), sorted, without repeats. */
export function scenarioFiles(paths: string[]): string[] {
  const files = new Set<string>();
  const visit = (entry: string, named: boolean) => {
    let stats;
    try {
      stats = statSync(entry);
    } catch {
      throw new ScenarioError(`${entry}: no such file or folder`);
    }
    if (stats.isDirectory()) {
      for (const name of readdirSync(entry).sort()) {
        if (!name.startsWith('.')) visit(path.join(entry, name), false);
      }
    } else if (named || /\.ya?ml$/i.test(entry)) {
      files.add(path.resolve(entry));
    }
  };
  for (const entry of paths) visit(entry, true);
  return [...files].sort();
}

/**
 * Reads and checks scenarios: every problem of every file is reported at once,
 * and two scenarios may not share an id.
 *
 * @example
 * const scenarios = loadScenarios(['evals/scenarios'], { tags: ['booking'] });
 */
export function loadScenarios(paths: string[], options: { tags?: string[]; cwd?: string } = {}): Scenario[] {
  const cwd = options.cwd ?? process.cwd();
  const problems: string[] = [];
  const scenarios: Scenario[] = [];
  const seen = new Map<string, string>();
  for (const file of scenarioFiles(paths)) {
    const shown = path.relative(cwd, file) || file;
    try {
      const scenario = parseScenario(readFileSync(file, 'utf8'), shown);
      const earlier = seen.get(scenario.id);
      if (earlier) problems.push(`${shown}: id: "${scenario.id}" is already the id of ${earlier}`);
      seen.set(scenario.id, shown);
      scenarios.push(scenario);
    } catch (error) {
      problems.push(error instanceof Error ? error.message : String(error));
    }
  }
  if (problems.length > 0) throw new ScenarioError(problems.join('\n'));
  const wanted = options.tags?.filter(Boolean) ?? [];
  return wanted.length === 0 ? scenarios : scenarios.filter((scenario) => scenario.tags.some((tag) => wanted.includes(tag)));
}
