import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** The kinds of process Consulta runs as; every series carries its kind. */
export type ProcessKind = 'all' | 'api' | 'bot' | 'worker';

/**
 * One process's Prometheus metrics, on a registry of its own (no global
 * default registry: tests build several apps in one process). HTTP latency
 * per route is added by the `/metrics` plugin; the rest are fed by the parts
 * that own the events.
 *
 * @example
 * const metrics = createMetrics('api');
 * metrics.bookings.inc({ outcome: 'requested' });
 */
export function createMetrics(kind: ProcessKind) {
  const registry = new Registry();
  registry.setDefaultLabels({ process: kind });
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  const queueReaders: Array<() => Promise<Array<{ queue: string; state: string; count: number }>>> = [];
  return {
    registry,
    /** Observed by the `/metrics` plugin's hook on every route of the app. */
    httpDuration: new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP request duration by method, route pattern and status.',
      labelNames: ['method', 'route', 'status_code'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
    jobs: new Counter({
      name: 'consulta_jobs_total',
      help: 'Queue jobs finished, by queue and outcome (completed; failed and retried; dead: out of attempts).',
      labelNames: ['queue', 'outcome'] as const,
      registers,
    }),
    jobDuration: new Histogram({
      name: 'consulta_job_duration_seconds',
      help: 'Time one try of a queue job took.',
      labelNames: ['queue'] as const,
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    }),
    queueDepth: new Gauge({
      name: 'consulta_queue_depth',
      help: 'Jobs in a queue by state (waiting, delayed, active, failed), read at scrape time.',
      labelNames: ['queue', 'state'] as const,
      registers,
      async collect() {
        this.reset();
        for (const read of queueReaders) {
          for (const { queue, state, count } of await read().catch(() => [])) this.set({ queue, state }, count);
        }
      },
    }),
    /** Registers a reader of queue depths, called at every scrape. */
    watchQueues(read: () => Promise<Array<{ queue: string; state: string; count: number }>>) {
      queueReaders.push(read);
    },
    bookings: new Counter({
      name: 'consulta_bookings_total',
      help: 'Booking attempts by outcome: requested, approved (automatic approval) or the refusal code.',
      labelNames: ['outcome'] as const,
      registers,
    }),
    appointmentTransitions: new Counter({
      name: 'consulta_appointment_transitions_total',
      help: 'Appointment status changes after creation, by the new status.',
      labelNames: ['status'] as const,
      registers,
    }),
    turnDuration: new Histogram({
      name: 'consulta_assistant_turn_duration_seconds',
      help: 'Time from a user message to the assistant’s answer, by channel.',
      labelNames: ['channel'] as const,
      buckets: [0.1, 0.25, 0.5, 1, 2, 4, 8, 15, 30, 60],
      registers,
    }),
    modelCalls: new Counter({
      name: 'consulta_model_calls_total',
      help: 'Chat model calls by model and outcome (ok, error).',
      labelNames: ['model', 'outcome'] as const,
      registers,
    }),
    modelTokens: new Counter({
      name: 'consulta_model_tokens_total',
      help: 'Tokens the chat models reported, by model and kind (input, output).',
      labelNames: ['model', 'kind'] as const,
      registers,
    }),
    modelFallbacks: new Counter({
      name: 'consulta_model_fallbacks_total',
      help: 'Turns answered by a later model of the chain because an earlier one failed.',
      labelNames: ['from'] as const,
      registers,
    }),
    circuitState: new Gauge({
      name: 'consulta_circuit_state',
      help: 'Circuit breaker state per outside service: 0 closed, 1 half-open, 2 open.',
      labelNames: ['breaker'] as const,
      registers,
    }),
    circuitEvents: new Counter({
      name: 'consulta_circuit_events_total',
      help: 'Circuit breaker events per outside service (success, failure, timeout, reject, open, close, halfOpen).',
      labelNames: ['breaker', 'event'] as const,
      registers,
    }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;

/** Booking outcomes and status changes of appointments, counted into `metrics`. */
export function observeAppointmentsInto(metrics: Metrics) {
  return {
    booking: (outcome: string) => metrics.bookings.inc({ outcome }),
    transition: (status: string) => metrics.appointmentTransitions.inc({ status }),
  };
}
