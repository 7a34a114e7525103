import { breakerFetch, createBreaker, type Metrics } from '@consulta/core-api';

/** A refusal of this one request (bad number, bad payload) says nothing about the provider's health; 429 does. */
const isClientError = (error: unknown) => {
  const status = (error as { status?: number; statusCode?: number }).status ?? (error as { statusCode?: number }).statusCode ?? 0;
  return status >= 400 && status < 500 && status !== 429;
};

// One circuit breaker per outside provider of the channels, reporting to the process's metrics.
// Each process has its own: a provider that fails for one replica is still tried by the others.

export function twilioGuard(metrics: Metrics) {
  const breaker = createBreaker('twilio', { metrics, isHealthy: isClientError });
  return <T>(work: () => Promise<T>) => breaker.run(work);
}

export function whatsappFetch(metrics: Metrics) {
  return breakerFetch(createBreaker('whatsapp', { metrics }));
}

export function botConnectorGuard(metrics: Metrics) {
  const breaker = createBreaker('bot-connector', { metrics, isHealthy: isClientError });
  return <T>(work: () => Promise<T>) => breaker.run(work);
}
