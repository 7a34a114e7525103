import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '@consulta/core-api/testing';
import type { Database } from '@consulta/core-api';
import { clinicNumber, startSmsTestServer, testAccount, type SmsTestServer } from './sms-test-server';

let database: Database;
let server: SmsTestServer;

beforeAll(async () => {
  database = await createTestDatabase({ seed: false });
  server = await startSmsTestServer({
    pool: database.pool,
    handleTurn: async (message) => [{ text: `echo ${message.text}` }],
  });
});
afterAll(async () => {
  await server?.close();
  await database?.close();
});

async function sendOne(phone: string): Promise<string> {
  const [sid] = await server.channel.send(phone, [{ text: 'Your appointment is tomorrow at 10:20.' }]);
  return sid!;
}

describe('sending through the Twilio REST API', () => {
  it('posts the Messages.json form with Basic auth and a status callback on the public URL', async () => {
    await sendOne('+34600000601');
    const request = server.twilioApi.requests.at(-1)!;
    expect(request).toMatchObject({
      method: 'POST',
      path: `/2010-04-01/Accounts/${testAccount.accountSid}/Messages.json`,
      credentials: `${testAccount.accountSid}:${testAccount.authToken}`,
      contentType: 'application/x-www-form-urlencoded',
      form: {
        To: '+34600000601',
        From: clinicNumber,
        Body: 'Your appointment is tomorrow at 10:20.',
        StatusCallback: 'https://consulta.example.org/channels/sms/status',
      },
    });
  });

  it('sends from a Messaging Service instead of a number when configured so', async () => {
    const other = await startSmsTestServer({
      pool: database.pool,
      handleTurn: async () => [],
      overrides: { fromNumber: undefined, messagingServiceSid: `MG${'2'.repeat(32)}` },
    });
    try {
      const [sid] = await other.channel.send('+34600000602', [{ text: 'Hello' }]);
      expect(other.twilioApi.requests.at(-1)!.form).toMatchObject({
        MessagingServiceSid: `MG${'2'.repeat(32)}`,
        To: '+34600000602',
      });
      expect(other.twilioApi.requests.at(-1)!.form.From).toBeUndefined();
      expect(await other.channel.deliveryStatus(sid!)).toMatchObject({ status: 'accepted' });
    } finally {
      await other.close();
    }
  });
});

describe('delivery status callbacks', () => {
  it('records the status Twilio answered the send with, then each callback', async () => {
    const sid = await sendOne('+34600000701');
    expect(await server.channel.deliveryStatus(sid)).toMatchObject({
      sid,
      to: '+34600000701',
      status: 'queued',
      errorCode: null,
    });
    expect((await server.status(sid, 'sent')).status).toBe(204);
    expect(await server.channel.deliveryStatus(sid)).toMatchObject({ status: 'sent' });
    await server.status(sid, 'delivered');
    expect(await server.channel.deliveryStatus(sid)).toMatchObject({ status: 'delivered' });
  });

  it('keeps the furthest status when callbacks come late, twice or out of order', async () => {
    const sid = await sendOne('+34600000702');
    await server.status(sid, 'delivered');
    await server.status(sid, 'sent');
    await server.status(sid, 'queued');
    await server.status(sid, 'delivered');
    expect(await server.channel.deliveryStatus(sid)).toMatchObject({ status: 'delivered', errorCode: null });
    // A final outcome stands: a stray "failed" does not undo a delivery.
    await server.status(sid, 'failed', { ErrorCode: '30008' });
    expect(await server.channel.deliveryStatus(sid)).toMatchObject({ status: 'delivered' });
  });

  it('records an undelivered message with its error code', async () => {
    const sid = await sendOne('+34600000703');
    await server.status(sid, 'undelivered', { ErrorCode: '30003', To: '+34600000703' });
    expect(await server.channel.deliveryStatus(sid)).toMatchObject({
      status: 'undelivered',
      errorCode: '30003',
    });
  });

  it('keeps a callback that outruns the send’s own record', async () => {
    const sid = `SM${'9'.repeat(32)}`;
    await server.status(sid, 'sent', { To: '+34600000704' });
    expect(await server.channel.deliveryStatus(sid)).toMatchObject({ status: 'sent', to: '+34600000704' });
    await server.status(sid, 'queued');
    expect(await server.channel.deliveryStatus(sid)).toMatchObject({ status: 'sent' });
  });

  it('checks the signature of status callbacks like the webhook’s', async () => {
    const sid = await sendOne('+34600000705');
    const unsigned = await server.post(
      '/channels/sms/status',
      { MessageSid: sid, MessageStatus: 'failed' },
      { signature: null },
    );
    expect(unsigned.status).toBe(400);
    const forged = await server.post(
      '/channels/sms/status',
      { MessageSid: sid, MessageStatus: 'failed' },
      { signature: 'bm90IGEgc2lnbmF0dXJl' },
    );
    expect(forged.status).toBe(403);
    expect(await server.channel.deliveryStatus(sid)).toMatchObject({ status: 'queued' });
    const malformed = await server.post('/channels/sms/status', { MessageSid: sid });
    expect(malformed.status).toBe(400);
  });

  it('knows nothing of a message it never heard of', async () => {
    expect(await server.channel.deliveryStatus(`SM${'0'.repeat(32)}`)).toBeUndefined();
  });
});
