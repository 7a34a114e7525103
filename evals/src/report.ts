/**
 * The report of a run: per tag and overall pass^1 (and pass^k), mean
 * assistant turns, tool-call errors and p50/p95 turn latency; as a markdown
 * table with each failure's transcript and differing rows, and as JSON.
 */
import type { AppointmentRow, RowDifference } from './judge';
import type { ScenarioResult } from './run-scenario';

export interface GroupSummary {
  /** Scenarios in the group. */
  scenarios: number;
  /** Runs in the group (scenarios × k). */
  runs: number;
  /** Share of runs that passed: the expected pass^1 of one run. */
  'pass^1': number;
  /** Share of scenarios that passed in all k runs. */
  'pass^k': number;
  k: number;
  /** Scenarios that passed in all k runs. */
  passed: number;
  mean_assistant_turns: number;
  tool_calls: number;
  tool_errors: number;
  latency_p50_ms: number;
  latency_p95_ms: number;
}

export interface ScenarioSummary {
  id: string;
  file: string;
  tags: string[];
  /** Passed in every run. */
  passed: boolean;
  /** Runs that passed, of k. */
  passes: number;
  /** Why the first failing run failed. */
  why: string[];
  runs: ScenarioResult[];
}

export interface RunInfo {
  id: string;
  started_at: string;
  finished_at: string;
  duration_ms: number;
  model: string;
  k: number;
  engine: string;
  suites: string[];
  tags: string[];
  /** Prompt files the assistant used in the run, `id@version`. */
  prompts: string[];
  git_commit?: string;
}

export interface EvalReport {
  run: RunInfo;
  overall: GroupSummary;
  tags: Record<string, GroupSummary>;
  scenarios: ScenarioSummary[];
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  // Nearest rank: the smallest value with at least p% of the values at or below it.
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1]!;
}

const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;

export function summarizeGroup(scenarios: ScenarioSummary[], k: number): GroupSummary {
  const runs = scenarios.flatMap((scenario) => scenario.runs);
  const latencies = runs.flatMap((run) => run.latenciesMs);
  const passedRuns = runs.filter((run) => run.passed).length;
  return {
    scenarios: scenarios.length,
    runs: runs.length,
    'pass^1': runs.length ? round(passedRuns / runs.length, 4) : 0,
    'pass^k': scenarios.length ? round(scenarios.filter((scenario) => scenario.passed).length / scenarios.length, 4) : 0,
    k,
    passed: scenarios.filter((scenario) => scenario.passed).length,
    mean_assistant_turns: runs.length ? round(runs.reduce((sum, run) => sum + run.assistantTurns, 0) / runs.length, 2) : 0,
    tool_calls: runs.reduce((sum, run) => sum + run.toolCalls, 0),
    tool_errors: runs.reduce((sum, run) => sum + run.toolErrors.length, 0),
    latency_p50_ms: Math.round(percentile(latencies, 50)),
    latency_p95_ms: Math.round(percentile(latencies, 95)),
  };
}

/** Groups the runs of each scenario (in the order first seen) and summarises overall and per tag. */
export function buildReport(results: ScenarioResult[], run: Omit<RunInfo, 'prompts'>): EvalReport {
  const byId = new Map<string, ScenarioResult[]>();
  for (const result of results) byId.set(result.id, [...(byId.get(result.id) ?? []), result]);
  const scenarios: ScenarioSummary[] = [...byId.values()].map((runs) => {
    const sorted = [...runs].sort((a, b) => a.attempt - b.attempt);
    const first = sorted[0]!;
    const failed = sorted.find((attempt) => !attempt.passed);
    return {
      id: first.id,
      file: first.file,
      tags: first.tags,
      passed: !failed,
      passes: sorted.filter((attempt) => attempt.passed).length,
      why: failed?.why ?? [],
      runs: sorted,
    };
  });
  const tagNames = [...new Set(scenarios.flatMap((scenario) => scenario.tags))].sort();
  const tags = Object.fromEntries(
    tagNames.map((tag) => [tag, summarizeGroup(scenarios.filter((scenario) => scenario.tags.includes(tag)), run.k)]),
  );
  const prompts = [...new Set(results.flatMap((result) => result.prompts))].sort();
  return { run: { ...run, prompts }, overall: summarizeGroup(scenarios, run.k), tags, scenarios };
}

const percent = (value: number) => `${(value * 100).toFixed(1)}%`;
const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, '<br>');

export function renderMarkdown(report: EvalReport, options: { failures?: boolean } = {}): string {
  const { run, overall } = report;
  const k = run.k;
  const lines: string[] = [];
  lines.push(`## Eval run ${run.id}`, '');
  lines.push(
    `model \`${run.model}\` · k=${k} · ${overall.scenarios} scenarios · ${overall.runs} runs · ${run.engine} · ` +
      `${(run.duration_ms / 1000).toFixed(1)} s · prompts ${run.prompts.map((prompt) => `\`${prompt}\``).join(', ') || '–'}`,
    '',
  );
  const header = ['group', 'scenarios', 'pass^1', ...(k > 1 ? [`pass^${k}`] : []), 'mean turns', 'tool errors', 'p50 ms', 'p95 ms'];
  lines.push(`| ${header.join(' | ')} |`, `|${header.map((_, index) => (index === 0 ? '---' : '---:')).join('|')}|`);
  const row = (name: string, group: GroupSummary) =>
    `| ${[
      name,
      String(group.scenarios),
      percent(group['pass^1']),
      ...(k > 1 ? [percent(group['pass^k'])] : []),
      group.mean_assistant_turns.toFixed(2),
      `${group.tool_errors}/${group.tool_calls}`,
      String(group.latency_p50_ms),
      String(group.latency_p95_ms),
    ].join(' | ')} |`;
  lines.push(row('**overall**', overall));
  for (const [tag, group] of Object.entries(report.tags)) lines.push(row(tag, group));

  const failing = report.scenarios.filter((scenario) => !scenario.passed);
  lines.push('');
  if (failing.length === 0) {
    lines.push('All scenarios passed.');
  } else {
    lines.push(`### Failures (${failing.length})`, '');
    for (const scenario of failing) {
      lines.push(`- **${scenario.id}** (${scenario.passes}/${scenario.runs.length} runs passed): ${scenario.why.join('; ')}`);
    }
    if (options.failures ?? true) {
      for (const scenario of failing) lines.push('', ...renderFailure(scenario));
    }
  }
  return `${lines.join('\n')}\n`;
}

function renderFailure(scenario: ScenarioSummary): string[] {
  const run = scenario.runs.find((attempt) => !attempt.passed)!;
  const lines = [`#### ${scenario.id} — ${scenario.file}${scenario.runs.length > 1 ? ` (run ${run.attempt + 1})` : ''}`, ''];
  for (const reason of run.why) lines.push(`- ${reason}`);
  if (run.toolErrors.length > 0) lines.push(`- tool errors: ${run.toolErrors.map((error) => `${error.tool}: ${error.code}`).join(', ')}`);
  if (run.differences.length > 0) {
    lines.push('', '| difference | id | professional | patient | service | start (local) | status |', '|---|---|---|---|---|---|---|');
    for (const difference of run.differences) lines.push(...differenceRows(difference));
  }
  lines.push('', '```text');
  for (const entry of run.transcript) {
    const who = entry.role === 'user' ? 'user     ' : 'assistant';
    lines.push(`${who}> ${entry.text.replace(/\n/g, `\n${' '.repeat(11)}`)}`);
  }
  lines.push('```');
  return lines;
}

function differenceRows(difference: RowDifference): string[] {
  const format = (kind: string, row: Partial<AppointmentRow> & { professional: string; patient: string; service: string; start: string; status: string }) =>
    `| ${[kind, row.id ?? '(new)', row.professional, row.patient, row.service, row.start, row.status].map(cell).join(' | ')} |`;
  switch (difference.kind) {
    case 'missing':
      return [format('expected, missing', difference.row)];
    case 'unexpected':
      return difference.before
        ? [format('unexpected change, before', difference.before), format('unexpected change, after', difference.row)]
        : [format('unexpected new row', difference.row)];
    case 'changed-unchanged':
      return [format('should be unchanged, seeded', difference.before!), format('should be unchanged, now', difference.row)];
    case 'deleted':
      return [format('deleted', difference.row)];
  }
}

/** The JSON file: the report as is (every run with its transcript). */
export function reportJson(report: EvalReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
