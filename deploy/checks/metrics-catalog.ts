import { existsSync, readFileSync } from 'node:fs';
import type { Problem } from './problem';

/**
 * The metrics the app exposes on /metrics, as the alert rules may use them.
 * The entries the app defines are checked against its sources
 * (checkMetricCatalog), so an alert on a metric the app no longer exposes, which
 * would never fire, fails deploy:check instead.
 */
export interface MetricDefinition {
  type: 'counter' | 'gauge' | 'histogram';
  labels: string[];
  /** Labels whose values are a closed set; matchers on them are checked too. */
  values?: Record<string, string[]>;
}

/** Every series of the app's registry carries its process kind (setDefaultLabels). */
const processLabel = { process: ['api', 'bot', 'worker', 'all'] };

const app = (
  type: MetricDefinition['type'],
  labels: string[],
  values: Record<string, string[]> = {},
): MetricDefinition => ({
  type,
  labels: [...labels, 'process'],
  values: { ...values, ...processLabel },
});

export const metricCatalog: Record<string, MetricDefinition> = {
  // Written by Prometheus for every target.
  up: { type: 'gauge', labels: [] },
  // core-api/src/modules/monitoring/metrics-routes.ts
  http_request_duration_seconds: app('histogram', ['method', 'route', 'status_code']),
  // prom-client's default metrics (collectDefaultMetrics).
  nodejs_eventloop_lag_p99_seconds: app('gauge', []),
  process_resident_memory_bytes: app('gauge', []),
  // core-api/src/platform/metrics.ts
  consulta_queue_depth: app('gauge', ['queue', 'state'], {
    state: ['waiting', 'delayed', 'active', 'failed'],
  }),
  consulta_jobs_total: app('counter', ['queue', 'outcome'], { outcome: ['completed', 'failed', 'dead'] }),
  consulta_job_duration_seconds: app('histogram', ['queue']),
  consulta_assistant_turn_duration_seconds: app('histogram', ['channel']),
  consulta_model_calls_total: app('counter', ['model', 'outcome'], { outcome: ['ok', 'error'] }),
  consulta_model_tokens_total: app('counter', ['model', 'kind'], { kind: ['input', 'output'] }),
  consulta_model_fallbacks_total: app('counter', ['from']),
  // outcome: requested, approved or a refusal code (an open set).
  consulta_bookings_total: app('counter', ['outcome']),
  consulta_appointment_transitions_total: app('counter', ['status']),
  // 0 closed, 1 half-open, 2 open.
  consulta_circuit_state: app('gauge', ['breaker']),
  consulta_circuit_events_total: app('counter', ['breaker', 'event']),
};

/**
 * Labels Prometheus adds to every series it scrapes from a pod: the target's
 * (job, instance) and, with the usual kubernetes-pods job, the pod's labels.
 */
export const targetLabels = [
  'job',
  'instance',
  'namespace',
  'pod',
  'container',
  'node',
  'app_kubernetes_io_name',
  'app_kubernetes_io_instance',
  'app_kubernetes_io_component',
  'app_kubernetes_io_part_of',
  'app_kubernetes_io_version',
];

/** The catalogue entry a series name belongs to (histograms expose _bucket, _sum and _count), and whether it has `le`. */
export function lookUpSeries(
  name: string,
): { metric: string; definition: MetricDefinition; bucket: boolean } | undefined {
  const direct = metricCatalog[name];
  if (direct && direct.type !== 'histogram') return { metric: name, definition: direct, bucket: false };
  const match = /^(.*)_(bucket|sum|count)$/.exec(name);
  const histogram = match ? metricCatalog[match[1]!] : undefined;
  if (match && histogram?.type === 'histogram')
    return { metric: match[1]!, definition: histogram, bucket: match[2] === 'bucket' };
  return undefined;
}

/** Catalogue entries the app does not define itself: Prometheus writes `up`, prom-client's default metrics the rest. */
const notDefinedByTheApp = new Set([
  'up',
  'nodejs_eventloop_lag_p99_seconds',
  'process_resident_memory_bytes',
]);

/**
 * The catalogue against the metrics the app defines (`name: '…'` with its
 * `labelNames: [...]` in the given source files): the same names, the same
 * labels, so an alert cannot rest on a metric that was renamed or dropped.
 */
export function checkMetricCatalog(metricsSources: string[]): Problem[] {
  const problems: Problem[] = [];
  const defined = new Map<string, string[]>();
  for (const source of metricsSources) {
    if (!existsSync(source)) {
      problems.push({
        file: source,
        message:
          'missing: deploy/checks/metrics-catalog.ts reads the app’s metrics from it (update the path if it moved)',
      });
      continue;
    }
    for (const match of readFileSync(source, 'utf8').matchAll(
      /name:\s*'([a-z_:]+)'[^}]*?labelNames:\s*\[([^\]]*)\]/g,
    )) {
      defined.set(
        match[1]!,
        [...match[2]!.matchAll(/'([^']+)'/g)].map((label) => label[1]!),
      );
    }
  }
  const file = metricsSources.join(', ');
  const report = (message: string) => problems.push({ file, message });
  const catalogued = Object.keys(metricCatalog).filter((name) => !notDefinedByTheApp.has(name));
  for (const name of catalogued) {
    const labels = defined.get(name);
    const expected = metricCatalog[name]!.labels.filter((label) => label !== 'process');
    if (!labels) report(`do not define ${name}, which metrics-catalog.ts (and so the alert rules) expect`);
    else if ([...labels].sort().join() !== [...expected].sort().join()) {
      report(
        `define ${name} with labels ${labels.join(', ') || 'none'}; metrics-catalog.ts has ${expected.join(', ') || 'none'}`,
      );
    }
  }
  for (const name of defined.keys()) {
    if (!catalogued.includes(name)) report(`define ${name}, which metrics-catalog.ts does not list`);
  }
  return problems;
}
