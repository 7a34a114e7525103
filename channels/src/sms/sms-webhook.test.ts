import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import twilio from 'twilio';
import { createTestDatabase } from '@consulta/core-api/testing';
import type { Database } from '@consulta/core-api';
import type { InboundMessage } from '../turn';
import { newMessageSid, startSmsTestServer, testAccount, type SmsTestServer } from './sms-test-server';

let database: Database;
let server: SmsTestServer;
const turns: InboundMessage[] = [];
const gates = new Map<string, () => void>();

beforeAll(async () => {
  database = await createTestDatabase({ seed: false });
  server = await startSmsTestServer({
    pool: database.pool,
    // Behind a proxy: Twilio signs the public URL, with its path prefix, not the local one.
    publicUrl: 'https://sms.consulta.example/edge/',
    handleTurn: async (message) => {
      turns.push(message);
      if (message.text.startsWith('wait'))
        await new Promise<void>((resolve) => gates.set(message.text, resolve));
      return [{ text: `echo ${message.text}` }];
    },
  });
});
afterAll(async () => {
  await server?.close();
  await database?.close();
});

const turnsOf = (phone: string) => turns.filter((turn) => turn.senderId === phone).map((turn) => turn.text);

describe('the webhook signature', () => {
  it('acknowledges a correctly signed message at once with empty TwiML', async () => {
    const response = await server.inbound('+34600000001', 'hello');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/xml/);
    expect(await response.text()).toBe('<?xml version="1.0" encoding="UTF-8"?><Response/>');
    await server.channel.idle();
    expect(turnsOf('+34600000001')).toEqual(['hello']);
    expect(server.sentTo('+34600000001')).toEqual(['echo hello']);
  });

  it('refuses a request without X-Twilio-Signature with 400 and processes nothing', async () => {
    const response = await server.post(
      '/channels/sms',
      { MessageSid: newMessageSid(), From: '+34600000002', Body: 'unsigned' },
      { signature: null },
    );
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ code: 'missing_signature' });
  });

  it('refuses a forged, tampered or wrongly addressed signature with 403 and processes nothing', async () => {
    const params = {
      MessageSid: newMessageSid(),
      From: '+34600000002',
      To: '+34910000000',
      Body: 'forged',
      AccountSid: testAccount.accountSid,
    };
    const wrongToken = twilio.getExpectedTwilioSignature(
      'another-token',
      'https://sms.consulta.example/edge/channels/sms',
      params,
    );
    expect((await server.post('/channels/sms', params, { signature: wrongToken })).status).toBe(403);

    const signedForOtherBody = twilio.getExpectedTwilioSignature(
      testAccount.authToken,
      'https://sms.consulta.example/edge/channels/sms',
      { ...params, Body: 'original' },
    );
    const tampered = await server.post('/channels/sms', params, { signature: signedForOtherBody });
    expect(tampered.status).toBe(403);
    expect(await tampered.json()).toMatchObject({ code: 'invalid_signature' });

    // Signed for the address the server listens on, not the public one Twilio is configured with.
    const local = await server.post('/channels/sms', params, { signedUrl: `${server.local}/channels/sms` });
    expect(local.status).toBe(403);
    await server.channel.idle();
    expect(turnsOf('+34600000002')).toEqual([]);
    expect(server.sentTo('+34600000002')).toEqual([]);
  });

  it('accepts the public URL with the standard port, as Twilio sometimes signs it', async () => {
    const response = await server.post(
      '/channels/sms',
      { MessageSid: newMessageSid(), From: '+34600000003', Body: 'with port' },
      { signedUrl: 'https://sms.consulta.example:443/edge/channels/sms' },
    );
    expect(response.status).toBe(200);
    await server.channel.idle();
    expect(turnsOf('+34600000003')).toEqual(['with port']);
  });

  it('refuses other content types, a missing MessageSid and oversized bodies', async () => {
    const json = await fetch(`${server.local}/channels/sms`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-twilio-signature': 'x' },
      body: JSON.stringify({ MessageSid: newMessageSid(), From: '+34600000004', Body: 'json' }),
    });
    expect(json.status).toBe(415);
    const missing = await server.post('/channels/sms', { From: '+34600000004', Body: 'no sid' });
    expect(missing.status).toBe(400);
    expect(await missing.json()).toMatchObject({ code: 'invalid_request' });
    const oversized = await server.post('/channels/sms', {
      MessageSid: newMessageSid(),
      From: '+34600000004',
      Body: 'x'.repeat(70_000),
    });
    expect(oversized.status).toBe(413);
    await server.channel.idle();
    expect(turnsOf('+34600000004')).toEqual([]);
  });
});

describe('retried deliveries', () => {
  it('answers every retry of a MessageSid but processes it once', async () => {
    const sid = newMessageSid();
    const concurrent = await Promise.all(
      [1, 2, 3].map(() => server.inbound('+34600000010', 'book me in', sid)),
    );
    expect(concurrent.map((response) => response.status)).toEqual([200, 200, 200]);
    await server.channel.idle();
    expect((await server.inbound('+34600000010', 'book me in', sid)).status).toBe(200);
    await server.channel.idle();
    expect(turnsOf('+34600000010')).toEqual(['book me in']);
    expect(server.sentTo('+34600000010')).toEqual(['echo book me in']);
  });
});

describe('answering fast', () => {
  it('acknowledges while the assistant is still working, and runs one number’s turns in order', async () => {
    const started = Date.now();
    const first = await server.inbound('+34600000020', 'wait first');
    const second = await server.inbound('+34600000020', 'second');
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(Date.now() - started).toBeLessThan(2_000);
    // The second waits for the first: the number has one turn at a time.
    await expect.poll(() => turnsOf('+34600000020')).toEqual(['wait first']);
    // Another number is not held up by it.
    await server.inbound('+34600000021', 'meanwhile');
    await expect.poll(() => server.sentTo('+34600000021')).toEqual(['echo meanwhile']);

    gates.get('wait first')!();
    await server.channel.idle();
    expect(turnsOf('+34600000020')).toEqual(['wait first', 'second']);
    expect(server.sentTo('+34600000020')).toEqual(['echo wait first', 'echo second']);
  });
});
