import type { FastifyBaseLogger } from 'fastify';
import { createCoreApiClient } from '@consulta/core-api/client';
import type { SmsChannelOptions } from '@consulta/channels';
import type { ServiceTokenProvider } from '../assistant/service-token';

/** What the SMS and WhatsApp channels report: delivered, or failed with the provider's reason. */
export type DeliveryReport = Parameters<NonNullable<SmsChannelOptions['deliveryReports']>>[0];

export interface DeliveryStatusForwarder {
  /** Hands a report on in the background; the webhook that brought it is answered at once. */
  report(report: DeliveryReport): void;
  /** Resolves when every report in hand has been settled (tests, shutdown). */
  idle(): Promise<void>;
  /** Stops waiting to retry; reports still waiting are dropped (the provider's next callback brings them again). */
  close(): Promise<void>;
}

/**
 * Forwards SMS and WhatsApp delivery outcomes to core-api's
 * `POST /notifications/delivery-status` with the bot's service token.
 *
 * Reporting is idempotent in core-api (a repeated report changes nothing), so
 * a provider's retried callback is simply forwarded again. A 404 is retried:
 * a fast callback can reach the bot before the engine has recorded the
 * message id its send returned. Logs carry the provider's message id and the
 * status, never a number or text.
 */
export function createDeliveryStatusForwarder(options: {
  coreApi: { baseUrl: string; fetch?: typeof fetch };
  serviceToken: ServiceTokenProvider;
  log: Pick<FastifyBaseLogger, 'warn'>;
  /** Pauses before each retry (default 1 s, 5 s, 30 s, 2 min). */
  retryDelaysMs?: number[];
}): DeliveryStatusForwarder {
  const delays = options.retryDelaysMs ?? [1_000, 5_000, 30_000, 120_000];
  const running = new Set<Promise<void>>();
  const stop = new AbortController();

  async function post(report: DeliveryReport): Promise<number> {
    const client = createCoreApiClient({ ...options.coreApi, token: await options.serviceToken() });
    const { response } = await client.POST('/api/v1/notifications/delivery-status', { body: report });
    return response.status;
  }

  async function forward(report: DeliveryReport): Promise<void> {
    for (let attempt = 0; ; attempt += 1) {
      const status = await post(report).catch(() => 0);
      if (status >= 200 && status < 300) return;
      // 0: core-api unreachable or the token refused; 404: the id not recorded yet; 429 and 5xx: later.
      const retryable = status === 0 || status === 404 || status === 429 || status >= 500;
      const delay = delays[attempt];
      if (!retryable || delay === undefined || stop.signal.aborted) {
        options.log.warn(
          { providerMessageId: report.providerMessageId, status: report.status, answered: status, attempts: attempt + 1 },
          'delivery status not taken by core-api',
        );
        return;
      }
      await pause(delay, stop.signal);
    }
  }

  return {
    report(report) {
      const work = forward(report).finally(() => running.delete(work));
      running.add(work);
    },
    async idle() {
      while (running.size > 0) await Promise.allSettled([...running]);
    },
    async close() {
      stop.abort();
      await this.idle();
    },
  };
}

/** Waits, or less when the forwarder is closed; the listener goes with the wait. */
const pause = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
