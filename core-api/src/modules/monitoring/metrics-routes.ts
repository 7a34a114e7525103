import { timingSafeEqual } from 'node:crypto';
import fp from 'fastify-plugin';
import type { Metrics } from '../../platform/metrics';

export interface MetricsRoutesOptions {
  metrics: Metrics;
  /** When set, `/metrics` answers only `Authorization: Bearer <token>` (scrapers from outside the cluster). */
  token?: string;
}

/**
 * `GET /metrics` in Prometheus' text format, and the latency histogram of
 * every route of the app it is registered on (`http_request_duration_seconds`,
 * labelled by method, route pattern and status). Register it on the root
 * instance so that routes of encapsulated plugins are measured too.
 */
const unmeasured = new Set(['/metrics', '/health', '/ready']);

export const metricsRoutes = fp<MetricsRoutesOptions>(
  async (app, { metrics, token }) => {
    app.addHook('onResponse', async (request, reply) => {
      // The pattern, never the URL: ids in paths would make a series per patient.
      const route = request.routeOptions.url;
      if (!route || unmeasured.has(route)) return;
      metrics.httpDuration.observe({ method: request.method, route, status_code: String(reply.statusCode) }, reply.elapsedTime / 1000);
    });
    const expected = token ? Buffer.from(`Bearer ${token}`) : undefined;
    app.get('/metrics', { schema: { hide: true }, logLevel: 'warn' }, async (request, reply) => {
      if (expected) {
        const given = Buffer.from(request.headers.authorization ?? '');
        if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
          return reply.status(401).send({ code: 'unauthenticated', message: 'Metrics need the bearer token of METRICS_TOKEN.' });
        }
      }
      return reply.type(metrics.registry.contentType).send(await metrics.registry.metrics());
    });
  },
  { name: 'metrics-routes' },
);
