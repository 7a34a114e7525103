/**
 * Runs one call to an outside provider (Twilio, the Graph API, the Bot
 * Connector). The host passes a circuit breaker's `run`, so a provider that
 * keeps failing is not called until it recovers; channels stay free of it.
 */
export type OutboundGuard = <T>(work: () => Promise<T>) => Promise<T>;

export const unguarded: OutboundGuard = (work) => work();
