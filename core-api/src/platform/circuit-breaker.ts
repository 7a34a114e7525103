import CircuitBreaker from 'opossum';
import type { Metrics } from './metrics';

/** Thrown, without calling the service, while its circuit is open. */
export class CircuitOpenError extends Error {
  override readonly name = 'CircuitOpenError';
  readonly code = 'circuit_open';
  constructor(readonly breaker: string) {
    super(`${breaker} is failing; not calling it for now`);
  }
}

export interface Breaker {
  readonly name: string;
  /** Runs `work` through the breaker: at once with CircuitOpenError while open. */
  run<T>(work: () => Promise<T>): Promise<T>;
  state(): 'closed' | 'open' | 'half-open';
  shutdown(): void;
}

export interface BreakerOptions {
  metrics?: Pick<Metrics, 'circuitState' | 'circuitEvents'>;
  /** Share of failed calls in the rolling window that opens the circuit (default 50). */
  errorThresholdPercentage?: number;
  /** Calls in the window before it may open (default 5). */
  volumeThreshold?: number;
  /** How long it stays open before one trial call (default 30 s). */
  resetTimeoutMs?: number;
  /** Errors that say nothing about the service's health (a refused recipient, a 4xx): not counted. */
  isHealthy?: (error: unknown) => boolean;
}

const stateValue = { closed: 0, 'half-open': 1, open: 2 } as const;

/**
 * A circuit breaker (opossum) around one outside service, with its state and
 * events in the metrics. Callers keep their own timeouts and retries; the
 * breaker only stops calling a service that keeps failing, so a turn falls
 * back (to the local model, to another channel) at once instead of waiting.
 *
 * @example
 * const smtp = createBreaker('smtp', { metrics });
 * await smtp.run(() => transport.sendMail(mail));
 */
export function createBreaker(name: string, options: BreakerOptions = {}): Breaker {
  const breaker = new CircuitBreaker((work: () => Promise<unknown>) => work(), {
    name,
    timeout: false,
    errorThresholdPercentage: options.errorThresholdPercentage ?? 50,
    volumeThreshold: options.volumeThreshold ?? 5,
    resetTimeout: options.resetTimeoutMs ?? 30_000,
    errorFilter: options.isHealthy,
  });
  const state = () => (breaker.opened ? 'open' : breaker.halfOpen ? 'half-open' : 'closed');
  const metrics = options.metrics;
  if (metrics) {
    metrics.circuitState.set({ breaker: name }, 0);
    for (const event of ['success', 'failure', 'reject', 'open', 'halfOpen', 'close'] as const) {
      (breaker.on as (event: string, listener: () => void) => void)(event, () => {
        metrics.circuitEvents.inc({ breaker: name, event });
        metrics.circuitState.set({ breaker: name }, stateValue[state()]);
      });
    }
  }
  return {
    name,
    async run<T>(work: () => Promise<T>): Promise<T> {
      try {
        return (await breaker.fire(work)) as T;
      } catch (error) {
        if ((error as { code?: string }).code === 'EOPENBREAKER') throw new CircuitOpenError(name);
        throw error;
      }
    },
    state,
    shutdown: () => breaker.shutdown(),
  };
}

/**
 * `fetch` through a breaker: network errors and 5xx answers count as failures,
 * yet the caller still gets the 5xx response itself to handle as it does.
 */
export function breakerFetch(breaker: Breaker, base: typeof fetch = fetch): typeof fetch {
  class ServerFailure extends Error {
    constructor(readonly response: Response) {
      super(`HTTP ${response.status}`);
    }
  }
  return async (input, init) => {
    try {
      return await breaker.run(async () => {
        const response = await base(input, init);
        if (response.status >= 500) throw new ServerFailure(response);
        return response;
      });
    } catch (error) {
      if (error instanceof ServerFailure) return error.response;
      throw error;
    }
  };
}
