import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import {
  checkBlocks,
  defineBodies,
  definedNames,
  includedNames,
  readActions,
  valuesPaths,
  withIncludes,
} from './go-template';
import type { Problem } from './problem';

/**
 * What can be checked of a Helm chart without helm: Chart.yaml's fields,
 * values.yaml against values.schema.json (the same draft-07 schema helm
 * applies), and each template's structure (blocks, includes, `.Values` paths,
 * API versions, and the probes, security and hook settings this chart promises).
 * Templates are not rendered: no Go template engine is run here.
 */
export function checkHelmChart(chartDirectory: string): Problem[] {
  const problems: Problem[] = [];
  const report = (file: string, message: string) =>
    problems.push({ file: path.join(chartDirectory, file), message });

  const chart = readYaml(chartDirectory, 'Chart.yaml', report);
  if (chart) checkChartFile(chart, path.basename(chartDirectory), (message) => report('Chart.yaml', message));

  const values = readYaml(chartDirectory, 'values.yaml', report);
  const schemaFile = path.join(chartDirectory, 'values.schema.json');
  if (!existsSync(schemaFile)) report('values.schema.json', 'missing');
  else if (values !== undefined) {
    for (const message of validateValues(values, readFileSync(schemaFile, 'utf8')))
      report('values.yaml', message);
  }

  if (isRecord(values)) {
    const pod = values.podSecurityContext;
    const container = values.securityContext;
    if (!isRecord(pod) || pod.runAsNonRoot !== true)
      report('values.yaml', 'podSecurityContext.runAsNonRoot must default to true');
    if (!isRecord(container) || container.readOnlyRootFilesystem !== true)
      report('values.yaml', 'securityContext.readOnlyRootFilesystem must default to true');
  }

  const templatesDirectory = path.join(chartDirectory, 'templates');
  if (!existsSync(templatesDirectory)) {
    report('templates', 'missing');
    return problems;
  }
  const files = readdirSync(templatesDirectory)
    .filter((name) => /\.(ya?ml|tpl|txt)$/.test(name))
    .sort();
  const sources = new Map(
    files.map((name) => [name, readFileSync(path.join(templatesDirectory, name), 'utf8')]),
  );
  const defined = new Map<string, string>();
  const bodies = new Map<string, string>();
  for (const [name, source] of sources) {
    for (const definedName of definedNames(readActions(source).actions).keys())
      defined.set(definedName, name);
    for (const [definedName, body] of defineBodies(source)) bodies.set(definedName, body);
  }
  if (!sources.has('_helpers.tpl')) report('templates/_helpers.tpl', 'missing');
  if (!sources.has('NOTES.txt')) report('templates/NOTES.txt', 'missing');

  for (const [name, source] of sources) {
    const where = (line: number) => `templates/${name}:${line}`;
    const { actions, problems: readProblems } = readActions(source);
    for (const message of readProblems) report(`templates/${name}`, message);
    for (const message of checkBlocks(actions)) report(`templates/${name}`, message);
    for (const { name: included, line } of includedNames(actions)) {
      if (!defined.has(included)) report(where(line), `includes "${included}", which no template defines`);
    }
    if (values !== undefined) {
      for (const { path: valuePath, line } of valuesPaths(actions)) {
        if (!hasPath(values, valuePath))
          report(where(line), `reads .Values.${valuePath.join('.')}, which values.yaml does not have`);
      }
    }
    if (name.endsWith('.yaml')) {
      for (const message of checkManifest(withIncludes(source, bodies))) report(`templates/${name}`, message);
    }
  }
  const kinds = new Set(
    [...sources.values()].flatMap((source) =>
      [...source.matchAll(/^kind:\s*(\w+)/gm)].map((match) => match[1]!),
    ),
  );
  for (const kind of [
    'Deployment',
    'Service',
    'Ingress',
    'HorizontalPodAutoscaler',
    'ConfigMap',
    'Secret',
    'Job',
  ]) {
    if (!kinds.has(kind)) report('templates', `no template renders a ${kind}`);
  }
  return problems;
}

function readYaml(directory: string, file: string, report: (file: string, message: string) => void): unknown {
  const full = path.join(directory, file);
  if (!existsSync(full)) {
    report(file, 'missing');
    return undefined;
  }
  try {
    return parse(readFileSync(full, 'utf8'));
  } catch (error) {
    report(file, `does not parse as YAML: ${(error as Error).message.split('\n')[0]}`);
    return undefined;
  }
}

const semver = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/;

function checkChartFile(chart: unknown, directoryName: string, report: (message: string) => void) {
  if (!isRecord(chart)) return report('is not a mapping');
  if (chart.apiVersion !== 'v2')
    report(`apiVersion is ${JSON.stringify(chart.apiVersion)}, expected "v2" (Helm 3)`);
  if (chart.name !== directoryName)
    report(`name is ${JSON.stringify(chart.name)}, expected the chart's folder name "${directoryName}"`);
  if (typeof chart.version !== 'string' || !semver.test(chart.version))
    report(`version ${JSON.stringify(chart.version)} is not SemVer 2 (quote it, e.g. "0.1.0")`);
  if (typeof chart.appVersion !== 'string' || chart.appVersion === '')
    report('appVersion must be a non-empty string (quote it)');
  if (chart.type !== undefined && chart.type !== 'application' && chart.type !== 'library')
    report(`type ${JSON.stringify(chart.type)} is neither application nor library`);
  if (typeof chart.description !== 'string' || chart.description === '') report('description is missing');
}

/** Errors of values against the chart's JSON Schema, as "path: message". */
export function validateValues(values: unknown, schemaText: string): string[] {
  let schema: unknown;
  try {
    schema = JSON.parse(schemaText);
  } catch (error) {
    return [`values.schema.json does not parse: ${(error as Error).message}`];
  }
  const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
  let validate;
  try {
    validate = ajv.compile(schema as object);
  } catch (error) {
    return [`values.schema.json is not a valid schema: ${(error as Error).message}`];
  }
  if (validate(values)) return [];
  return (validate.errors ?? []).map(
    (error) =>
      `${error.instancePath || '/'}: ${error.message ?? 'invalid'}${error.params && 'additionalProperty' in error.params ? ` (${String(error.params.additionalProperty)})` : ''}`,
  );
}

function hasPath(values: unknown, segments: string[]): boolean {
  let current = values;
  for (const segment of segments) {
    if (!isRecord(current) || !(segment in current)) return false;
    current = current[segment];
  }
  return true;
}

/** API versions current Kubernetes serves for the kinds this chart renders. */
const apiVersions: Record<string, string> = {
  Deployment: 'apps/v1',
  Service: 'v1',
  ServiceAccount: 'v1',
  ConfigMap: 'v1',
  Secret: 'v1',
  Ingress: 'networking.k8s.io/v1',
  HorizontalPodAutoscaler: 'autoscaling/v2',
  Job: 'batch/v1',
  PodDisruptionBudget: 'policy/v1',
};

/**
 * Checks on one manifest template, read together with the helpers it includes:
 * known API versions, and for Deployments and Jobs the settings the chart promises.
 */
function checkManifest(text: string): string[] {
  const problems: string[] = [];
  const documents = [...text.matchAll(/^apiVersion:\s*(\S+)\s*\n(?:[\s\S]*?)^kind:\s*(\w+)/gm)];
  for (const [, apiVersion, kind] of documents) {
    const expected = apiVersions[kind!];
    if (!expected) problems.push(`renders a ${kind}, which this check does not know`);
    else if (apiVersion !== expected)
      problems.push(`${kind} uses apiVersion ${apiVersion}, expected ${expected}`);
  }
  const kinds = new Set(documents.map((document) => document[2]));
  if (kinds.has('Deployment')) {
    if (!/livenessProbe:\s*\n\s*httpGet:\s*\n\s*path: \/health\b/.test(text))
      problems.push('Deployment has no livenessProbe on /health');
    if (!/readinessProbe:\s*\n\s*httpGet:\s*\n\s*path: \/ready\b/.test(text))
      problems.push('Deployment has no readinessProbe on /ready');
    if (!/^\s*resources:/m.test(text)) problems.push('Deployment sets no resources');
    if (!/\.Values\.podSecurityContext\b/.test(text))
      problems.push('Deployment does not use .Values.podSecurityContext (runAsNonRoot)');
    if (!/\.Values\.securityContext\b/.test(text))
      problems.push('Deployment does not use .Values.securityContext (readOnlyRootFilesystem)');
    if (!/mountPath: \/data\b/.test(text) || !/mountPath: \/tmp\b/.test(text))
      problems.push('Deployment mounts no writable /data (DATA_DIR) and /tmp');
    if (!/prometheus\.io\/scrape/.test(text))
      problems.push('Deployment pods carry no prometheus.io/scrape annotation');
  }
  if (kinds.has('Job')) {
    if (!/helm\.sh\/hook:\s*pre-install,pre-upgrade\b/.test(text))
      problems.push('Job is not a pre-install,pre-upgrade hook');
    if (!/restartPolicy:\s*(Never|OnFailure)\b/.test(text))
      problems.push('Job has no restartPolicy Never or OnFailure');
    if (!/\.Values\.podSecurityContext\b/.test(text))
      problems.push('Job does not use .Values.podSecurityContext (runAsNonRoot)');
  }
  return problems;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
