import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeTwilioApi, type FakeTwilioApi } from './sms/fake-twilio-api';
import { createTwilioSender } from './sms/twilio-sender';
import type { OutboundGuard } from './outbound-guard';

let twilio: FakeTwilioApi;
beforeAll(async () => {
  twilio = await startFakeTwilioApi({ accountSid: 'AC0123456789abcdef0123456789abcdef', authToken: 'twilio-token' });
});
afterAll(() => twilio?.close());

/** A guard that lets `allowed` calls through, then refuses as an open circuit would. */
function countingGuard(allowed: number) {
  let calls = 0;
  const guard: OutboundGuard = async (work) => {
    calls += 1;
    if (calls > allowed) throw Object.assign(new Error('twilio is failing; not calling it for now'), { code: 'circuit_open' });
    return work();
  };
  return { guard, calls: () => calls };
}

describe('the outbound guard', () => {
  it('wraps every try of a Twilio send, and an open circuit sends nothing', async () => {
    const { guard, calls } = countingGuard(2);
    const sender = createTwilioSender({
      accountSid: 'AC0123456789abcdef0123456789abcdef', authToken: 'twilio-token', fromNumber: '+15005550006',
      apiBaseUrl: twilio.baseUrl, statusCallbackUrl: 'https://consulta.example/channels/sms/status', retryDelaysMs: [1, 1, 1], guard,
    });
    twilio.failNext(1, 503);
    expect((await sender.send('+12125550100', 'Hello')).sid).toMatch(/^SM/);
    // One refused try and its retry: both went through the guard.
    expect(calls()).toBe(2);
    await expect(sender.send('+12125550100', 'Again')).rejects.toMatchObject({ code: 'circuit_open' });
    expect(twilio.messages).toHaveLength(1);
  });
});
