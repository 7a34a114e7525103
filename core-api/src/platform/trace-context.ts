import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes } from 'node:crypto';
import { isSpanContextValid, trace } from '@opentelemetry/api';
import fp from 'fastify-plugin';

/** The W3C trace context of the request being served, and its request id. */
export interface TraceScope {
  traceId: string;
  requestId: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    traceId: string;
  }
}

const traceparentPattern = /^00-([0-9a-f]{32})-([0-9a-f]{16})-[0-9a-f]{2}$/;

/** The trace id of a `traceparent` header, if it is one (all-zero ids are invalid by the spec). */
export function traceIdOf(header: string | string[] | undefined): string | undefined {
  const match = typeof header === 'string' ? traceparentPattern.exec(header.trim()) : null;
  if (!match || /^0+$/.test(match[1]!) || /^0+$/.test(match[2]!)) return undefined;
  return match[1];
}

const spanId = () => randomBytes(8).toString('hex');

/**
 * W3C trace context across processes: every request joins the trace of its
 * caller's `traceparent` (or starts one), logs it as `traceId`, answers it,
 * and calls made while serving it through `fetch` below carry it on, with the
 * request id, so one booking can be followed from the bot into core-api.
 *
 * @example
 * const tracing = createTraceContext();
 * await app.register(tracing.plugin);
 * const client = createCoreApiClient({ baseUrl, fetch: tracing.fetch() });
 */
export function createTraceContext() {
  const store = new AsyncLocalStorage<TraceScope>();
  const plugin = fp(
    async (app) => {
      app.decorateRequest('traceId', '');
      app.addHook('onRequest', (request, reply, done) => {
        // With OpenTelemetry on, its request span already joined (or started) the trace: use that one.
        const span = trace.getActiveSpan()?.spanContext();
        const traceId = (span && isSpanContextValid(span) ? span.traceId : undefined) ?? traceIdOf(request.headers.traceparent) ?? randomBytes(16).toString('hex');
        request.traceId = traceId;
        request.log = request.log.child({ traceId });
        reply.header('traceparent', `00-${traceId}-${spanId()}-01`);
        // Everything the request does from here on runs in its scope (the @fastify/request-context way).
        store.run({ traceId, requestId: request.id }, done);
      });
    },
    { name: 'trace-context' },
  );
  return {
    plugin,
    current: () => store.getStore(),
    /** `base` with the current trace and request id added to every call made inside a request. */
    fetch(base: typeof fetch = fetch): typeof fetch {
      return (input, init) => {
        const scope = store.getStore();
        if (!scope) return base(input, init);
        const headers = new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined));
        // The parent is the current span when OpenTelemetry records one, so the callee's span nests under it.
        const active = trace.getActiveSpan()?.spanContext();
        const parent = active && isSpanContextValid(active) && active.traceId === scope.traceId ? active.spanId : spanId();
        if (!headers.has('traceparent')) headers.set('traceparent', `00-${scope.traceId}-${parent}-01`);
        if (!headers.has('x-request-id')) headers.set('x-request-id', scope.requestId);
        return base(input, { ...init, headers });
      };
    },
  };
}

export type TraceContext = ReturnType<typeof createTraceContext>;
