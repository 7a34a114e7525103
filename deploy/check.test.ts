import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { processTargets, runDeployCheck, type Problem } from './check';
import { checkDockerfile, npmRunScripts } from './checks/dockerfile';
import { createDockerignore } from './checks/dockerignore';
import { checkBlocks, readActions, valuesPaths } from './checks/go-template';
import { checkHelmChart } from './checks/helm-chart';
import { checkMetricCatalog } from './checks/metrics-catalog';
import { checkExpression, checkPrometheusAlerts } from './checks/prometheus-alerts';
import { readPromql } from './checks/promql';
import { checkSecretRouting } from './checks/secret-routing';

const root = path.resolve(import.meta.dirname, '..');
const realDockerfile = path.join(root, 'deploy', 'docker', 'Dockerfile');
const realChart = path.join(root, 'deploy', 'helm', 'consulta');
const realAlerts = path.join(root, 'deploy', 'prometheus', 'alerts.yaml');

const temporary: string[] = [];
afterEach(() => {
  for (const directory of temporary.splice(0)) rmSync(directory, { recursive: true, force: true });
});

function temporaryDirectory(): string {
  const directory = mkdtempSync(path.join(tmpdir(), 'consulta-deploy-check-'));
  temporary.push(directory);
  return directory;
}

/** Replaces one exact piece of text, failing loudly when the real file no longer has it. */
function edit(text: string, from: string | RegExp, to: string): string {
  const changed = text.replace(from, to);
  expect(changed, `the real file no longer contains ${String(from)}`).not.toBe(text);
  return changed;
}

const messages = (problems: Problem[]) => problems.map((problem) => problem.message);

describe('deploy:check on the real files', () => {
  it('finds no problem in the Dockerfile, the Helm chart and the alert rules', () => {
    expect(runDeployCheck({ root })).toEqual([]);
  });
});

describe('Dockerfile rules', () => {
  /**
   * A build context with the repository's manifests and lockfile, the real
   * .dockerignore, empty source folders, and the process-kind scripts, so that
   * these tests do not depend on the app's entry points.
   */
  function dockerContext(): string {
    const context = temporaryDirectory();
    const rootManifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
      workspaces: string[];
    };
    for (const script of Object.values(processTargets)) rootManifest.scripts[script] ??= 'tsx main.ts';
    writeFileSync(path.join(context, 'package.json'), JSON.stringify(rootManifest));
    for (const file of ['package-lock.json', '.dockerignore', 'tsconfig.json'])
      cpSync(path.join(root, file), path.join(context, file));
    for (const workspace of rootManifest.workspaces) {
      mkdirSync(path.join(context, workspace), { recursive: true });
      cpSync(path.join(root, workspace, 'package.json'), path.join(context, workspace, 'package.json'));
    }
    for (const folder of ['prompts', 'bench']) mkdirSync(path.join(context, folder));
    return context;
  }

  function check(change: (dockerfile: string) => string): string[] {
    const context = dockerContext();
    const dockerfile = path.join(context, 'Dockerfile');
    writeFileSync(dockerfile, change(readFileSync(realDockerfile, 'utf8')));
    return messages(
      checkDockerfile({
        dockerfile,
        context,
        targets: processTargets,
        httpTargets: ['api', 'bot', 'worker'],
      }),
    );
  }

  it('passes the real Dockerfile in a context that has the process-kind scripts', () => {
    expect(check((text) => text)).toEqual([]);
  });

  it('fails a final stage without a USER, or with root', () => {
    expect(check((text) => edit(text, /^USER 1000:1000$/m, ''))).toEqual(
      expect.arrayContaining([expect.stringMatching(/final stage api sets no USER/)]),
    );
    expect(check((text) => edit(text, /^USER 1000:1000$/m, 'USER root'))).toEqual(
      expect.arrayContaining([expect.stringMatching(/final stage bot runs as root/)]),
    );
  });

  it('fails a base image that is not pinned to a major version', () => {
    expect(
      check((text) => edit(text, 'FROM node:20-bookworm-slim AS base', 'FROM node:lts AS base')),
    ).toEqual([expect.stringMatching(/not pinned/)]);
    expect(check((text) => edit(text, 'FROM node:20-bookworm-slim AS base', 'FROM node AS base'))).toEqual([
      expect.stringMatching(/has no tag/),
    ]);
  });

  it('fails an npm script that package.json does not have', () => {
    expect(check((text) => edit(text, 'npm run build:admin', 'npm run build:admni'))).toEqual([
      expect.stringMatching(/npm run build:admni: no such script/),
    ]);
  });

  it('fails a COPY source that is missing or dockerignored, and a COPY --from of no stage', () => {
    expect(check((text) => edit(text, 'COPY prompts/ prompts/', 'COPY promptz/ prompts/'))).toEqual([
      expect.stringMatching(/source promptz\/ does not exist/),
    ]);
    expect(check((text) => edit(text, 'COPY prompts/ prompts/', 'COPY bench/ bench/'))).toEqual([
      expect.stringMatching(/source bench\/ is excluded by \.dockerignore/),
    ]);
    expect(
      check((text) =>
        edit(text, 'COPY --from=build /app/admin-ui/dist', 'COPY --from=bulid /app/admin-ui/dist'),
      ),
    ).toEqual(expect.arrayContaining([expect.stringMatching(/--from=bulid: no earlier stage/)]));
  });

  it('fails when tsx’s run-time dependencies are not copied into the production tree', () => {
    expect(
      check((text) => edit(text, /^COPY --from=deps-all \/app\/node_modules\/esbuild .*$/m, '')),
    ).toEqual([expect.stringMatching(/node_modules\/esbuild \(needed by tsx at run time\) is not copied/)]);
  });

  it('fails an HTTP process kind without a HEALTHCHECK, and a missing or miswired target', () => {
    expect(check((text) => edit(text, /^HEALTHCHECK --interval[^\n]*\n[^\n]*\n/m, ''))).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/target api serves HTTP but has no HEALTHCHECK/),
        expect.stringMatching(/final stage worker has no HEALTHCHECK/),
      ]),
    );
    expect(check((text) => edit(text, 'FROM runtime AS bot', 'FROM runtime AS web'))).toEqual(
      expect.arrayContaining([expect.stringMatching(/no stage named bot/)]),
    );
    expect(
      check((text) => edit(text, 'CMD ["npm", "run", "start:worker"]', 'CMD ["npm", "run", "start:api"]')),
    ).toEqual([expect.stringMatching(/target worker should run "npm run start:worker"/)]);
  });

  it('reads npm run calls with workspaces, and .dockerignore as Docker does', () => {
    expect(
      npmRunScripts('npm ci && npm run build -w @consulta/webchat-page && npm run --silent seed -- --x'),
    ).toEqual([
      { name: 'build', workspace: '@consulta/webchat-page' },
      { name: 'seed', workspace: undefined },
    ]);
    const ignored = createDockerignore('**/node_modules\nbench\nevals/*\n!evals/package.json\n');
    expect(['bench/run.ts', 'core-api/node_modules/x', 'evals/src/cli.ts'].map(ignored)).toEqual([
      true,
      true,
      true,
    ]);
    expect(['evals/package.json', 'core-api/src', 'benchmarks'].map(ignored)).toEqual([false, false, false]);
  });
});

describe('Helm chart rules', () => {
  function check(file: string, change: (text: string) => string): string[] {
    const chart = path.join(temporaryDirectory(), 'consulta');
    cpSync(realChart, chart, { recursive: true });
    const target = path.join(chart, file);
    writeFileSync(target, change(readFileSync(target, 'utf8')));
    return messages(checkHelmChart(chart));
  }

  it('passes the real chart', () => {
    expect(messages(checkHelmChart(realChart))).toEqual([]);
  });

  it('fails values.yaml that does not match values.schema.json', () => {
    expect(
      check('values.yaml', (text) => edit(text, /(api:\n(?:.*\n)*? {2}replicaCount:) 2/, '$1 two')),
    ).toEqual(['/api/replicaCount: must be integer']);
    // The templates' reads of the old name fail too.
    expect(
      check('values.yaml', (text) =>
        edit(text, 'terminationGracePeriodSeconds: 30', 'terminationGracePeriodSecs: 30'),
      ),
    ).toEqual(
      expect.arrayContaining(['/: must NOT have additional properties (terminationGracePeriodSecs)']),
    );
    expect(check('values.yaml', (text) => edit(text, 'runAsNonRoot: true', 'runAsNonRoot: false'))).toEqual(
      expect.arrayContaining([
        '/podSecurityContext/runAsNonRoot: must be equal to constant',
        'podSecurityContext.runAsNonRoot must default to true',
      ]),
    );
    expect(check('values.yaml', (text) => `${text}\n  bad: [\n`)).toEqual([
      expect.stringMatching(/does not parse as YAML/),
    ]);
  });

  it('fails Chart.yaml fields', () => {
    expect(check('Chart.yaml', (text) => edit(text, 'version: 0.1.0', 'version: 0.1'))).toEqual([
      expect.stringMatching(/version 0.1 is not SemVer/),
    ]);
    expect(check('Chart.yaml', (text) => edit(text, 'name: consulta', 'name: other'))).toEqual([
      expect.stringMatching(/expected the chart's folder name "consulta"/),
    ]);
  });

  it('fails an include of an undefined template, an unknown .Values path and an unclosed block', () => {
    expect(
      check('templates/services.yaml', (text) =>
        edit(text, 'include "consulta.componentLabels"', 'include "consulta.componentLabel"'),
      ),
    ).toEqual([expect.stringMatching(/includes "consulta.componentLabel", which no template defines/)]);
    expect(
      check('templates/api-deployment.yaml', (text) =>
        edit(text, '.Values.api.replicaCount', '.Values.api.replicas'),
      ),
    ).toEqual([expect.stringMatching(/reads \.Values\.api\.replicas, which values.yaml does not have/)]);
    expect(check('templates/ingress.yaml', (text) => edit(text, /\{\{- end \}\}\s*$/, ''))).toEqual([
      expect.stringMatching(/"if" is never closed/),
    ]);
  });

  it('fails Deployments without probes, a migration Job that is not a hook, and an old API version', () => {
    const noReadiness = check('templates/_helpers.tpl', (text) =>
      edit(text, 'path: /ready', 'path: /health'),
    );
    expect(
      noReadiness.filter((message) => message === 'Deployment has no readinessProbe on /ready'),
    ).toHaveLength(3);
    expect(
      check('templates/migrations-job.yaml', (text) =>
        text.replaceAll('pre-install,pre-upgrade', 'post-install'),
      ),
    ).toEqual(['Job is not a pre-install,pre-upgrade hook']);
    expect(
      check('templates/hpa.yaml', (text) => edit(text, 'autoscaling/v2\n', 'autoscaling/v2beta2\n')),
    ).toEqual(['HorizontalPodAutoscaler uses apiVersion autoscaling/v2beta2, expected autoscaling/v2']);
  });

  it('reads Go template blocks, comments and .Values paths', () => {
    const { actions } = readActions(
      '{{/* a {{ comment }} */}}{{- if .Values.a.b }}x{{ else if $.Values.c }}{{ "}}" }}{{ end -}}',
    );
    expect(actions.map((action) => action.text)).toEqual([
      'if .Values.a.b',
      'else if $.Values.c',
      '"}}"',
      'end',
    ]);
    expect(checkBlocks(actions)).toEqual([]);
    expect(valuesPaths(actions).map((found) => found.path)).toEqual([['a', 'b'], ['c']]);
    expect(checkBlocks(readActions('{{ range .x }}{{ define "y" }}{{ end }}').actions)).toEqual([
      'line 1: "define" inside "range" (line 1)',
      'line 1: "range" is never closed with "end"',
    ]);
  });
});

describe('alert rule rules', () => {
  function check(change: (text: string) => string): string[] {
    const file = path.join(temporaryDirectory(), 'alerts.yaml');
    writeFileSync(file, change(readFileSync(realAlerts, 'utf8')));
    return messages(checkPrometheusAlerts(file));
  }

  it('passes the real rules', () => {
    expect(messages(checkPrometheusAlerts(realAlerts))).toEqual([]);
  });

  it('fails a rule without severity, for or summary', () => {
    expect(
      check((text) =>
        edit(
          text,
          /(alert: ConsultaQueueBacklog\n(?:.*\n)*?) {10}severity: warning\n/,
          '$1          team: ops\n',
        ),
      ),
    ).toEqual([
      expect.stringMatching(
        /alert ConsultaQueueBacklog: labels.severity must be one of critical, warning, info/,
      ),
    ]);
    expect(check((text) => edit(text, /(alert: ConsultaDeadJobs\n(?:.*\n)*?) {8}for: 1m\n/, '$1'))).toEqual([
      expect.stringMatching(/ConsultaDeadJobs: "for" must be a duration/),
    ]);
    expect(
      check((text) => edit(text, /(alert: ConsultaCircuitOpen\n(?:.*\n)*?) {10}summary: [^\n]*\n/, '$1')),
    ).toEqual([expect.stringMatching(/ConsultaCircuitOpen: annotations.summary is missing/)]);
    expect(check(() => 'rules: []\n')).toEqual(['has no "groups" list']);
  });

  it('fails metrics, labels and label values the app does not expose', () => {
    expect(
      check((text) =>
        edit(
          text,
          'max by (queue) (consulta_queue_depth{state="waiting"})',
          'max by (queue) (consulta_queue_size{state="waiting"})',
        ),
      ),
    ).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /ConsultaQueueBacklog: uses metric consulta_queue_size, which the app does not expose/,
        ),
      ]),
    );
    expect(checkExpression('sum(rate(consulta_jobs_total{outcome="failure"}[5m]))')).toEqual([
      expect.stringMatching(/outcome="failure" on consulta_jobs_total/),
    ]);
    expect(checkExpression('sum by (tenant) (consulta_queue_depth{queu="x"})')).toEqual([
      expect.stringMatching(/matches label queu on consulta_queue_depth/),
      'groups by label tenant, which no metric in the expression has',
    ]);
    expect(checkExpression('rat(consulta_bookings_total[5m])')).toEqual(['unknown function rat()']);
  });

  it('reads histogram series and label matchers out of PromQL', () => {
    const reading = readPromql(
      'histogram_quantile(0.9, sum by (le) (rate(http_request_duration_seconds_bucket{route!~"/health|/ready"}[5m]))) > 1',
    );
    expect(reading.selectors).toEqual([
      {
        metric: 'http_request_duration_seconds_bucket',
        matchers: [{ label: 'route', operator: '!~', value: '/health|/ready' }],
      },
    ]);
    expect(reading.groupingLabels).toEqual(['le']);
    expect(checkExpression('sum(rate(http_request_duration_seconds_bucket[5m])) by (le)')).toEqual([]);
    expect(checkExpression('sum by (le) (rate(consulta_queue_depth[5m]))')).toEqual([
      'groups by label le, which no metric in the expression has',
    ]);
  });
});

describe('the metric catalogue against the app', () => {
  const sources = [
    path.join(root, 'core-api', 'src', 'platform', 'metrics.ts'),
    path.join(root, 'core-api', 'src', 'modules', 'monitoring', 'metrics-routes.ts'),
  ];

  it('matches the metrics the app defines', () => {
    expect(messages(checkMetricCatalog(sources))).toEqual([]);
  });

  it('fails a metric the app dropped, renamed labels, and a metric the catalogue misses', () => {
    const changed = path.join(temporaryDirectory(), 'metrics.ts');
    const real = readFileSync(sources[0]!, 'utf8');
    writeFileSync(
      changed,
      edit(
        edit(real, "name: 'consulta_circuit_state'", "name: 'consulta_breaker_state'"),
        "labelNames: ['model', 'outcome']",
        "labelNames: ['model', 'result']",
      ),
    );
    expect(messages(checkMetricCatalog([changed, sources[1]!]))).toEqual([
      'define consulta_model_calls_total with labels model, result; metrics-catalog.ts has model, outcome',
      'do not define consulta_circuit_state, which metrics-catalog.ts (and so the alert rules) expect',
      'define consulta_breaker_state, which metrics-catalog.ts does not list',
    ]);
  });
});

describe('secrets and config of the chart', () => {
  const configFiles = [
    path.join(root, 'core-api', 'src', 'platform', 'config.ts'),
    path.join(root, 'bot', 'src', 'bot-config.ts'),
  ];

  function check(change: (text: string) => string): string[] {
    const file = path.join(temporaryDirectory(), 'values.yaml');
    writeFileSync(file, change(readFileSync(path.join(realChart, 'values.yaml'), 'utf8')));
    return messages(checkSecretRouting(file, configFiles));
  }

  it('passes the real values', () => {
    expect(check((text) => text)).toEqual([]);
  });

  it('fails a credential in the ConfigMap or missing from the Secret, and a name the app does not read', () => {
    expect(
      check((text) =>
        edit(
          edit(text, "    SMTP_URL: ''\n", ''),
          '  LOG_LEVEL: info\n',
          '  LOG_LEVEL: info\n  SMTP_URL: smtp://x\n',
        ),
      ),
    ).toEqual([expect.stringMatching(/^config.SMTP_URL is a credential: move it to secrets.values/)]);
    expect(check((text) => edit(text, "    REDIS_URL: ''\n", ''))).toEqual([
      expect.stringMatching(/^secrets.values has no REDIS_URL/),
    ]);
    expect(check((text) => edit(text, '  LOG_LEVEL: info', '  LOG_LEVL: info'))).toEqual([
      'config.LOG_LEVL is not a variable the app reads',
    ]);
  });
});
