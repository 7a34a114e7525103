/**
 * `npm run deploy:check`: validates what can be validated of the deployment
 * files without Docker, helm or a cluster (none of them exists in CI here).
 *
 * - the Dockerfile: targets per process kind running existing npm scripts, COPY
 *   sources present and not dockerignored, non-root USER and HEALTHCHECK in
 *   every final stage, base images pinned, tsx's run-time closure copied in;
 * - the Helm chart: Chart.yaml, values.yaml against values.schema.json, and the
 *   templates' structure (blocks, includes, .Values paths, API versions, probes,
 *   security settings, the migration hook);
 * - the Prometheus alert rules: shape, and metrics and labels the app exposes
 *   (a catalogue checked against the app's metric definitions);
 * - the chart's Secret holds every variable the app treats as a credential.
 *
 * @example
 * const problems = runDeployCheck({ root: process.cwd() });
 * // [] when everything passes; otherwise [{ file, message }, …]
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { checkDockerfile } from './checks/dockerfile';
import { checkHelmChart } from './checks/helm-chart';
import { checkMetricCatalog } from './checks/metrics-catalog';
import type { Problem } from './checks/problem';
import { checkPrometheusAlerts } from './checks/prometheus-alerts';
import { checkSecretRouting } from './checks/secret-routing';

export type { Problem } from './checks/problem';

export interface DeployCheckOptions {
  /** The repository root: build context, package.json and package-lock.json. */
  root: string;
  /** Each defaults to its place under root/deploy. */
  dockerfile?: string;
  chart?: string;
  alerts?: string;
  /** Where the app defines its metrics. */
  metricsSources?: string[];
}

/** The process kinds: Dockerfile target → npm script it runs. */
export const processTargets = {
  api: 'start:api',
  bot: 'start:bot',
  worker: 'start:worker',
  migrations: 'migrate',
};

export function runDeployCheck(options: DeployCheckOptions): Problem[] {
  const deploy = path.join(options.root, 'deploy');
  const chart = options.chart ?? path.join(deploy, 'helm', 'consulta');
  return [
    ...checkDockerfile({
      dockerfile: options.dockerfile ?? path.join(deploy, 'docker', 'Dockerfile'),
      context: options.root,
      targets: processTargets,
      httpTargets: ['api', 'bot', 'worker'],
    }),
    ...checkHelmChart(chart),
    ...checkSecretRouting(path.join(chart, 'values.yaml'), [
      path.join(options.root, 'core-api', 'src', 'platform', 'config.ts'),
      path.join(options.root, 'bot', 'src', 'bot-config.ts'),
    ]),
    ...checkPrometheusAlerts(options.alerts ?? path.join(deploy, 'prometheus', 'alerts.yaml')),
    ...checkMetricCatalog(
      options.metricsSources ?? [
        path.join(options.root, 'core-api', 'src', 'platform', 'metrics.ts'),
        path.join(options.root, 'core-api', 'src', 'modules', 'monitoring', 'metrics-routes.ts'),
      ],
    ),
  ];
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const root = path.resolve(import.meta.dirname, '..');
  const problems = runDeployCheck({ root });
  for (const problem of problems)
    process.stderr.write(`${path.relative(root, problem.file) || problem.file}: ${problem.message}\n`);
  if (problems.length > 0) {
    process.stderr.write(`deploy:check: ${problems.length} problem${problems.length === 1 ? '' : 's'}\n`);
    process.exit(1);
  }
  process.stdout.write(
    'deploy:check: Dockerfile, Helm chart and alert rules pass (not built, rendered or installed: no Docker engine or helm here)\n',
  );
}
