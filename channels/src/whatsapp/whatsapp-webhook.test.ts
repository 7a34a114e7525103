import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '@consulta/core-api/testing';
import type { Database } from '@consulta/core-api';
import type { InboundMessage } from '../turn';
import { whatsappSignature } from './whatsapp-webhook-auth';
import { newWamid, notification, testWhatsappApp, textMessage, unixSeconds } from './whatsapp-test-payloads';
import { startWhatsappTestServer, type WhatsappTestServer } from './whatsapp-test-server';

let database: Database;
let server: WhatsappTestServer;
const turns: InboundMessage[] = [];
const gates = new Map<string, () => void>();

beforeAll(async () => {
  database = await createTestDatabase({ seed: false });
  server = await startWhatsappTestServer({
    pool: database.pool,
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

describe('the subscription check', () => {
  const query = (challenge: string, overrides: Record<string, string> = {}) => ({
    'hub.mode': 'subscribe',
    'hub.verify_token': testWhatsappApp.verifyToken,
    'hub.challenge': challenge,
    ...overrides,
  });

  it('answers the challenge as plain text when the verify token matches', async () => {
    const response = await server.verify(query('1158201444'));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await response.text()).toBe('1158201444');
  });

  it('refuses a wrong token or mode with 403, missing parameters with 400, and a replayed challenge with 403', async () => {
    const wrong = await server.verify(query('2000000001', { 'hub.verify_token': 'guessed' }));
    expect(wrong.status).toBe(403);
    expect(await wrong.json()).toMatchObject({ code: 'invalid_verify_token' });
    expect((await server.verify(query('2000000002', { 'hub.mode': 'unsubscribe' }))).status).toBe(403);
    const { 'hub.challenge': _, ...withoutChallenge } = query('x');
    expect((await server.verify(withoutChallenge)).status).toBe(400);
    expect((await server.verify({})).status).toBe(400);

    expect((await server.verify(query('2000000003'))).status).toBe(200);
    const replayed = await server.verify(query('2000000003'));
    expect(replayed.status).toBe(403);
    expect(await replayed.json()).toMatchObject({ code: 'replayed_challenge' });
  });

  it('keeps the verify token out of the request logs', () => {
    expect(server.logs.join('\n')).not.toContain(testWhatsappApp.verifyToken);
  });
});

describe('the webhook signature', () => {
  it('acknowledges a signed notification at once and answers it in the background', async () => {
    const response = await server.deliver(textMessage('+34600000001', 'hello'));
    expect(response.status).toBe(200);
    await server.channel.idle();
    expect(turnsOf('+34600000001')).toEqual(['hello']);
    expect(turns.find((turn) => turn.senderId === '+34600000001')).toMatchObject({
      channel: 'whatsapp',
      conversationId: '+34600000001',
    });
    expect(server.wordsTo('+34600000001')).toEqual(['echo hello']);
  });

  it('refuses a missing signature with 400 and a forged or tampered one with 403, processing nothing', async () => {
    const body = notification({ messages: [textMessage('+34600000002', 'forged')] });
    const missing = await server.post(body, { signature: null });
    expect(missing.status).toBe(400);
    expect(await missing.json()).toMatchObject({ code: 'missing_signature' });

    const otherSecret = await server.post(body, {
      signature: whatsappSignature('another-secret', JSON.stringify(body)),
    });
    expect(otherSecret.status).toBe(403);
    expect(await otherSecret.json()).toMatchObject({ code: 'invalid_signature' });

    const signedOriginal = whatsappSignature(testWhatsappApp.appSecret, JSON.stringify(body));
    const tampered = JSON.stringify(body).replace('forged', 'tampered');
    expect((await server.post(tampered, { signature: signedOriginal })).status).toBe(403);
    expect((await server.post(body, { signature: 'sha256=' })).status).toBe(403);
    expect((await server.post(body, { signature: 'not a signature' })).status).toBe(403);
    await server.channel.idle();
    expect(turnsOf('+34600000002')).toEqual([]);
    expect(server.sentTo('+34600000002')).toEqual([]);
  });

  it('checks the signature over the bytes as sent, escapes and all', async () => {
    // Meta escapes non-ASCII; parsing and serialising again would hash differently.
    const raw = JSON.stringify(
      notification({ messages: [textMessage('+34600000003', 'Hola, ¿mañana?')] }),
    ).replace(/[\u007f-\uffff]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
    expect((await server.post(raw)).status).toBe(200);
    await server.channel.idle();
    expect(turnsOf('+34600000003')).toEqual(['Hola, ¿mañana?']);
  });

  it('refuses malformed, oversized and non-JSON bodies, processing nothing', async () => {
    const malformed = await server.post('{"object":"whatsapp_business_account","entry":[');
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({ code: 'invalid_json' });
    expect((await server.post('[1,2,3]')).status).toBe(400);
    expect((await server.post({ object: 'whatsapp_business_account', entry: 'nope' })).status).toBe(400);
    const oversized = await server.post(
      notification({ messages: [textMessage('+34600000004', 'x'.repeat(300 * 1024))] }),
    );
    expect(oversized.status).toBe(413);
    const form = await server.post('object=whatsapp_business_account', {
      contentType: 'application/x-www-form-urlencoded',
    });
    expect(form.status).toBe(415);
    await server.channel.idle();
    expect(turnsOf('+34600000004')).toEqual([]);
  });

  it('acknowledges and ignores notifications for another number or another kind of object', async () => {
    const other = notification(
      { messages: [textMessage('+34600000005', 'not ours')] },
      { phoneNumberId: '999' },
    );
    expect((await server.post(other)).status).toBe(200);
    expect((await server.post({ object: 'page', entry: [] })).status).toBe(200);
    await server.channel.idle();
    expect(turnsOf('+34600000005')).toEqual([]);
  });

  it('leaves the host’s own JSON parsing alone', async () => {
    const response = await fetch(`${server.local}/host/echo`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ok: true }),
    });
    expect(await response.json()).toEqual({ ok: true });
  });
});

describe('retried deliveries', () => {
  it('answers every retry of a message id but processes it once', async () => {
    const message = textMessage('+34600000010', 'book me in');
    const concurrent = await Promise.all([1, 2, 3].map(() => server.deliver(message)));
    expect(concurrent.map((response) => response.status)).toEqual([200, 200, 200]);
    await server.channel.idle();
    expect((await server.deliver(message)).status).toBe(200);
    await server.channel.idle();
    expect(turnsOf('+34600000010')).toEqual(['book me in']);
    expect(server.wordsTo('+34600000010')).toEqual(['echo book me in']);
  });
});

describe('order and speed', () => {
  it('handles a batch in the order the patient wrote, whatever the order it arrives in', async () => {
    const phone = '+34600000020';
    const at = (secondsAgo: number) => unixSeconds(new Date(Date.now() - secondsAgo * 1000));
    const other = '+34600000021';
    const response = await server.post(
      notification({
        messages: [
          textMessage(phone, 'third', { timestamp: at(1) }),
          textMessage(other, 'elsewhere', { timestamp: at(2) }),
          textMessage(phone, 'first', { timestamp: at(30) }),
          textMessage(phone, 'second', { timestamp: at(10) }),
        ],
      }),
    );
    expect(response.status).toBe(200);
    await server.channel.idle();
    expect(turnsOf(phone)).toEqual(['first', 'second', 'third']);
    expect(server.wordsTo(phone)).toEqual(['echo first', 'echo second', 'echo third']);
    expect(turnsOf(other)).toEqual(['elsewhere']);
  });

  it('acknowledges while the assistant is still working, and runs one number’s turns one at a time', async () => {
    const phone = '+34600000022';
    const started = Date.now();
    const first = await server.deliver(textMessage(phone, 'wait first', { id: newWamid() }));
    const second = await server.deliver(textMessage(phone, 'second'));
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(Date.now() - started).toBeLessThan(2_000);
    await expect.poll(() => turnsOf(phone)).toEqual(['wait first']);
    await server.deliver(textMessage('+34600000023', 'meanwhile'));
    await expect.poll(() => server.wordsTo('+34600000023')).toEqual(['echo meanwhile']);

    gates.get('wait first')!();
    await server.channel.idle();
    expect(turnsOf(phone)).toEqual(['wait first', 'second']);
    expect(server.wordsTo(phone)).toEqual(['echo wait first', 'echo second']);
  });
});
