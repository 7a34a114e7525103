import { existsSync, readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { lookUpSeries, targetLabels } from './metrics-catalog';
import type { Problem } from './problem';
import { readPromql } from './promql';

const severities = ['critical', 'warning', 'info'];
const duration = /^(?:\d+(?:ms|s|m|h|d|w|y))+$/;

/**
 * Checks a Prometheus rules file: groups of alerting rules, each with alert,
 * expr, for, labels.severity and annotations.summary, and expressions that use
 * only metrics and labels the app exposes (metrics-catalog.ts).
 */
export function checkPrometheusAlerts(file: string): Problem[] {
  const problems: Problem[] = [];
  const report = (message: string) => problems.push({ file, message });
  if (!existsSync(file)) {
    report('missing');
    return problems;
  }
  let document: unknown;
  try {
    document = parse(readFileSync(file, 'utf8'));
  } catch (error) {
    report(`does not parse as YAML: ${(error as Error).message.split('\n')[0]}`);
    return problems;
  }
  const groups = isRecord(document) ? document.groups : undefined;
  if (!Array.isArray(groups) || groups.length === 0) {
    report('has no "groups" list');
    return problems;
  }
  const groupNames = new Set<string>();
  const alertNames = new Set<string>();
  groups.forEach((group, groupIndex) => {
    const groupName = isRecord(group) && typeof group.name === 'string' ? group.name : undefined;
    const where = `group ${groupName ?? `#${groupIndex + 1}`}`;
    if (!groupName) report(`${where}: has no name`);
    else if (groupNames.has(groupName)) report(`${where}: name used twice`);
    else groupNames.add(groupName);
    const rules = isRecord(group) ? group.rules : undefined;
    if (!Array.isArray(rules) || rules.length === 0) {
      report(`${where}: has no rules`);
      return;
    }
    rules.forEach((rule, ruleIndex) => {
      const alert = isRecord(rule) && typeof rule.alert === 'string' ? rule.alert : undefined;
      const at = `${where}, ${alert ? `alert ${alert}` : `rule #${ruleIndex + 1}`}`;
      if (!isRecord(rule)) return report(`${at}: is not a mapping`);
      if (!alert) report(`${at}: has no "alert" name`);
      else if (!/^[A-Z][A-Za-z0-9]*$/.test(alert)) report(`${at}: name should be UpperCamelCase`);
      else if (alertNames.has(alert)) report(`${at}: name used twice`);
      else alertNames.add(alert);
      if (typeof rule.for !== 'string' || !duration.test(rule.for))
        report(`${at}: "for" must be a duration such as 5m (got ${JSON.stringify(rule.for)})`);
      const severity = isRecord(rule.labels) ? rule.labels.severity : undefined;
      if (typeof severity !== 'string' || !severities.includes(severity))
        report(
          `${at}: labels.severity must be one of ${severities.join(', ')} (got ${JSON.stringify(severity)})`,
        );
      const summary = isRecord(rule.annotations) ? rule.annotations.summary : undefined;
      if (typeof summary !== 'string' || summary.trim() === '')
        report(`${at}: annotations.summary is missing`);
      if (typeof rule.expr !== 'string' || rule.expr.trim() === '') report(`${at}: "expr" is missing`);
      else for (const message of checkExpression(rule.expr)) report(`${at}: ${message}`);
    });
  });
  return problems;
}

/** Metrics and labels of one expression against the catalogue. */
export function checkExpression(expression: string): string[] {
  const reading = readPromql(expression);
  const problems = [...reading.problems];
  const labelsInExpression = new Set<string>(targetLabels);
  for (const selector of reading.selectors) {
    const series = lookUpSeries(selector.metric);
    if (!series) {
      problems.push(`uses metric ${selector.metric}, which the app does not expose`);
      continue;
    }
    const known = new Set([
      ...series.definition.labels,
      ...targetLabels,
      ...(series.bucket ? ['le'] : []),
      '__name__',
    ]);
    for (const label of known) labelsInExpression.add(label);
    for (const matcher of selector.matchers) {
      if (!known.has(matcher.label)) {
        problems.push(
          `matches label ${matcher.label} on ${selector.metric}, which has only ${series.definition.labels.join(', ') || 'target labels'}`,
        );
        continue;
      }
      const allowed = series.definition.values?.[matcher.label];
      if (!allowed) continue;
      const named = matcher.operator.endsWith('~') ? matcher.value.split('|') : [matcher.value];
      for (const value of named) {
        if (!allowed.includes(value))
          problems.push(
            `matches ${matcher.label}="${value}" on ${selector.metric}, whose ${matcher.label} is one of ${allowed.join(', ')}`,
          );
      }
    }
  }
  for (const label of reading.groupingLabels) {
    if (!labelsInExpression.has(label))
      problems.push(`groups by label ${label}, which no metric in the expression has`);
  }
  return problems;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
