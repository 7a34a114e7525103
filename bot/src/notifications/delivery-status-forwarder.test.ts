import { describe, expect, it } from 'vitest';
import { createDeliveryStatusForwarder } from './delivery-status-forwarder';

/** A core-api that answers the given statuses in turn, and records what it was sent. */
function fakeCoreApi(statuses: number[]) {
  const calls: Array<{ url: string; authorization: string | null; body: unknown }> = [];
  const fetch = (async (input: Request | string | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    calls.push({ url: request.url, authorization: request.headers.get('authorization'), body: await request.json() });
    const status = statuses[Math.min(calls.length - 1, statuses.length - 1)]!;
    return new Response(JSON.stringify(status === 200 ? { id: 'ntf-1', state: 'delivered' } : { code: 'x', message: 'x' }), { status, headers: { 'content-type': 'application/json' } });
  }) as typeof globalThis.fetch;
  return { calls, coreApi: { baseUrl: 'http://core-api.internal', fetch } };
}

const warnings: unknown[] = [];
const log = { warn: (entry: unknown) => void warnings.push(entry) };
const report = { providerMessageId: 'SM123', status: 'failed' as const, reason: 'undelivered: Twilio error 30003' };

describe('the delivery status forwarder', () => {
  it('posts the report to core-api with the bot’s service token', async () => {
    const { calls, coreApi } = fakeCoreApi([200]);
    const forwarder = createDeliveryStatusForwarder({ coreApi, serviceToken: async () => 'service-token', log, retryDelaysMs: [5] });
    forwarder.report(report);
    await forwarder.idle();
    expect(calls).toEqual([{ url: 'http://core-api.internal/api/v1/notifications/delivery-status', authorization: 'Bearer service-token', body: report }]);
  });

  it('retries a report that outran the engine (404) or found core-api down, then stops', async () => {
    const { calls, coreApi } = fakeCoreApi([404, 503, 200]);
    const forwarder = createDeliveryStatusForwarder({ coreApi, serviceToken: async () => 'token', log, retryDelaysMs: [5, 5, 5] });
    forwarder.report(report);
    await forwarder.idle();
    expect(calls).toHaveLength(3);

    const refused = fakeCoreApi([400]);
    const other = createDeliveryStatusForwarder({ coreApi: refused.coreApi, serviceToken: async () => 'token', log, retryDelaysMs: [5, 5] });
    other.report(report);
    await other.idle();
    expect(refused.calls).toHaveLength(1);
    // Logged by the provider's id and status only: no number, no text.
    expect(warnings.at(-1)).toEqual({ providerMessageId: 'SM123', status: 'failed', answered: 400, attempts: 1 });
  });

  it('gives up waiting when closed', async () => {
    const { calls, coreApi } = fakeCoreApi([404]);
    const forwarder = createDeliveryStatusForwarder({ coreApi, serviceToken: async () => 'token', log, retryDelaysMs: [60_000] });
    forwarder.report(report);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const started = Date.now();
    await forwarder.close();
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(calls.length).toBeGreaterThanOrEqual(1);
  });
});
