/**
 * The stored baseline of the public suites on the local model
 * (evals/baseline.json). CI fails when pass^1 falls under the floor (0.9) or
 * more than two points under the baseline. The file changes on purpose, in
 * the commit that improves the score (`npm run evals -- --update-baseline`).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { EvalReport } from './report';

export const baselineFile = fileURLToPath(new URL('../baseline.json', import.meta.url));
export const passFloor = 0.9;
/** How far under the baseline pass^1 may fall: two points. */
export const tolerance = 0.02;

const baselineSchema = z.object({
  model: z.string(),
  'pass^1': z.number().min(0).max(1),
  scenarios: z.number().int().nonnegative(),
  failing: z.array(z.string()).default([]),
  updated_at: z.string(),
});

export type Baseline = z.infer<typeof baselineSchema>;

export function readBaseline(file = baselineFile): Baseline | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  const parsed = baselineSchema.safeParse(JSON.parse(text));
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`${file}: ${issue.path.join('.') || '(top level)'}: ${issue.message}`);
  }
  return parsed.data;
}

export function baselineOf(report: EvalReport): Baseline {
  return {
    model: report.run.model,
    'pass^1': report.overall['pass^1'],
    scenarios: report.overall.scenarios,
    failing: report.scenarios.filter((scenario) => !scenario.passed).map((scenario) => scenario.id),
    updated_at: report.run.finished_at,
  };
}

export function writeBaseline(report: EvalReport, file = baselineFile): Baseline {
  const baseline = baselineOf(report);
  writeFileSync(file, `${JSON.stringify(baseline, null, 2)}\n`);
  return baseline;
}

export interface BaselineCheck {
  ok: boolean;
  /** One line per rule broken, or one line saying it holds. */
  messages: string[];
}

/**
 * @example
 * const check = checkBaseline(report, readBaseline());
 * if (!check.ok) process.exitCode = 1;
 */
export function checkBaseline(report: EvalReport, baseline: Baseline | undefined): BaselineCheck {
  const score = report.overall['pass^1'];
  const messages: string[] = [];
  const points = (value: number) => `${(value * 100).toFixed(1)}%`;
  if (score < passFloor) messages.push(`pass^1 ${points(score)} is under the floor of ${points(passFloor)}`);
  if (baseline && baseline.model !== report.run.model) {
    messages.push(`the baseline is of model "${baseline.model}", this run used "${report.run.model}"`);
  } else if (baseline && score < baseline['pass^1'] - tolerance - 1e-9) {
    const newlyFailing = report.scenarios.filter((scenario) => !scenario.passed && !baseline.failing.includes(scenario.id)).map((scenario) => scenario.id);
    messages.push(
      `pass^1 ${points(score)} is more than ${tolerance * 100} points under the baseline ${points(baseline['pass^1'])}` +
        (newlyFailing.length ? ` (newly failing: ${newlyFailing.join(', ')})` : ''),
    );
  }
  if (messages.length > 0) return { ok: false, messages };
  return {
    ok: true,
    messages: [`pass^1 ${points(score)} holds (floor ${points(passFloor)}${baseline ? `, baseline ${points(baseline['pass^1'])} − ${tolerance * 100} points` : ', no baseline yet'})`],
  };
}
