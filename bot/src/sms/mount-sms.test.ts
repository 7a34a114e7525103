import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import twilio from 'twilio';
import type { FastifyInstance } from 'fastify';
import { createTestRuntime, type TestRuntime } from '@consulta/core-api/testing';
import { startFakeTwilioApi, type FakeTwilioApi } from '@consulta/channels/testing';
import { buildServer } from '../server';
import { loadBotConfig } from '../bot-config';

// The whole path in one process: Twilio's signed webhook, the assistant with the local model,
// core-api's consent records, and replies through the twilio client to a loopback Twilio.
const account = { accountSid: `AC${'a'.repeat(32)}`, authToken: 'sms-test-auth-token-0123' };
const publicUrl = 'https://consulta.example.com';
let runtime: TestRuntime;
let app: FastifyInstance;
let fake: FakeTwilioApi;
let sid = 0;

beforeAll(async () => {
  fake = await startFakeTwilioApi(account);
  runtime = await createTestRuntime();
  app = await buildServer({
    config: runtime.config,
    runtime,
    botConfig: loadBotConfig({
      PUBLIC_URL: publicUrl,
      TWILIO_ACCOUNT_SID: account.accountSid,
      TWILIO_AUTH_TOKEN: account.authToken,
      TWILIO_FROM_NUMBER: '+34910000000',
      TWILIO_API_BASE_URL: fake.baseUrl,
    }),
  });
});
afterAll(async () => {
  await app?.close();
  await runtime?.close();
  await fake?.close();
});

async function text(from: string, body: string) {
  const params = { AccountSid: account.accountSid, MessageSid: `SM${String(++sid).padStart(32, '0')}`, From: from, To: '+34910000000', Body: body };
  const signature = twilio.getExpectedTwilioSignature(account.authToken, `${publicUrl}/channels/sms`, params);
  return app.inject({
    method: 'POST',
    url: '/channels/sms',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature },
    payload: new URLSearchParams(params).toString(),
  });
}

const sentTo = (phone: string) => fake.messages.filter((message) => message.to === phone).map((message) => message.body);

describe('SMS in the bot process', () => {
  it('answers a patient by SMS with numbered choices', async () => {
    const response = await text('+12125550100', 'I need a dermatologist next Tuesday');
    expect(response.statusCode).toBe(200);
    await expect.poll(() => sentTo('+12125550100').length, { timeout: 20_000 }).toBeGreaterThan(0);
    const sent = sentTo('+12125550100').join('\n');
    expect(sent).toMatch(/1\. .*\n2\. /s);
    // The list is said once, with how to answer under it.
    expect(sent.match(/^1\. /gm)).toHaveLength(1);
    expect(sent).toMatch(/Reply (1, 2|with a number from 1 to)/);
  });

  it('keeps STOP in core-api and sends nothing more to that number', async () => {
    await text('+33612345678', 'STOP');
    const serviceToken = (await app.inject({ method: 'POST', url: '/api/v1/dev/token', payload: { userId: 'assistant-bot', service: true, appRoles: ['Assistant.ActAs'] } })).json().token;
    await expect
      .poll(async () => (await app.inject({ url: '/api/v1/consents/status?channel=sms&externalId=%2B33612345678', headers: { authorization: `Bearer ${serviceToken}` } })).json().optedOut, { timeout: 10_000 })
      .toBe(true);
    await text('+33612345678', 'I need a dermatologist next Tuesday');
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(sentTo('+33612345678')).toEqual([]);
  });

  it('answers HELP naming the organisation', async () => {
    await text('+15005550006', 'HELP');
    await expect.poll(() => sentTo('+15005550006').join('\n'), { timeout: 10_000 }).toContain('Riverside Care & Counsel');
  });

  it('refuses an unsigned webhook', async () => {
    const response = await app.inject({ method: 'POST', url: '/channels/sms', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'From=%2B12125550100&Body=hi' });
    expect(response.statusCode).toBe(400);
    expect(response.json().code).toBe('missing_signature');
  });
});
