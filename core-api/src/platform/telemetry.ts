import FastifyOtelInstrumentation from '@fastify/otel';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import type { FastifyPluginAsync } from 'fastify';

export interface Telemetry {
  /** Register first on the server: a span per request (and its hooks and handler), joined to the caller's `traceparent`. */
  plugin: FastifyPluginAsync;
  /** Sends what is buffered (tests, shutdown). */
  flush(): Promise<void>;
  shutdown(): Promise<void>;
}

/**
 * OpenTelemetry traces exported over OTLP/HTTP when an endpoint is configured
 * (`OTEL_EXPORTER_OTLP_ENDPOINT`), nothing otherwise. Once per process: the
 * provider registers OpenTelemetry's global context manager and W3C propagator,
 * which is how @fastify/otel reads an incoming `traceparent`.
 *
 * @example
 * const telemetry = startTelemetry({ endpoint: 'http://collector:4318', serviceName: 'consulta-api' });
 * if (telemetry) await app.register(telemetry.plugin);
 */
export function startTelemetry(options: { endpoint?: string; serviceName: string }): Telemetry | undefined {
  if (!options.endpoint) return undefined;
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': options.serviceName }),
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url: `${options.endpoint.replace(/\/+$/, '')}/v1/traces` }))],
  });
  provider.register();
  // Probes are not worth a trace each.
  const instrumentation = new FastifyOtelInstrumentation({ ignorePaths: (route) => ['/health', '/ready', '/metrics'].includes(route.url) });
  instrumentation.setTracerProvider(provider);
  return {
    plugin: instrumentation.plugin() as unknown as FastifyPluginAsync,
    flush: () => provider.forceFlush(),
    shutdown: () => provider.shutdown(),
  };
}
