import { createServer, type Server } from 'node:http';
import Fastify from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTelemetry, type Telemetry } from './telemetry';
import { createTraceContext } from './trace-context';

// A collector on loopback that keeps what the OTLP/HTTP exporter posts (JSON), as a real one would receive it.
interface OtlpSpan { traceId: string; spanId: string; parentSpanId?: string; name: string; attributes: Array<{ key: string; value: { stringValue?: string } }> }
const received: OtlpSpan[] = [];
let collector: Server;
let telemetry: Telemetry;
let endpoint = '';

beforeAll(async () => {
  collector = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      if (request.url === '/v1/traces') {
        const payload = JSON.parse(body) as { resourceSpans: Array<{ scopeSpans: Array<{ spans: OtlpSpan[] }> }> };
        for (const resource of payload.resourceSpans) for (const scope of resource.scopeSpans) received.push(...scope.spans);
      }
      response.setHeader('content-type', 'application/json');
      response.end('{}');
    });
  });
  await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(collector.address() as { port: number }).port}`;
  telemetry = startTelemetry({ endpoint, serviceName: 'consulta-test' })!;
});
afterAll(async () => {
  await telemetry?.shutdown();
  await new Promise((resolve) => collector.close(resolve));
});

it('exports a span per request over OTLP, joined to the caller’s trace, and logs the same trace id', async () => {
  expect(startTelemetry({ serviceName: 'off' })).toBeUndefined();
  const app = Fastify({ logger: false });
  await app.register(telemetry.plugin);
  const tracing = createTraceContext();
  await app.register(tracing.plugin);
  app.get('/appointments/:id', async (request) => ({ traceId: request.traceId }));
  app.get('/health', async () => ({ status: 'ok' }));
  await app.ready();
  const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
  const response = await app.inject({ url: '/appointments/appt-1', headers: { traceparent: `00-${traceId}-00f067aa0ba902b7-01` } });
  expect(response.json().traceId).toBe(traceId);
  await app.inject('/health');
  await telemetry.flush();
  const ours = received.filter((span) => span.traceId === traceId);
  expect(ours.length).toBeGreaterThan(0);
  const root = ours.find((span) => span.parentSpanId === '00f067aa0ba902b7');
  expect(root?.attributes.find((attribute) => attribute.key === 'http.route')?.value.stringValue).toBe('/appointments/:id');
  // Probes are left out; ids in paths never become span names.
  expect(received.some((span) => JSON.stringify(span).includes('/health'))).toBe(false);
  expect(received.some((span) => span.name.includes('appt-1'))).toBe(false);
  await app.close();
});
