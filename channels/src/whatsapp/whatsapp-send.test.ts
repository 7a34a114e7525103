import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '@consulta/core-api/testing';
import type { Database } from '@consulta/core-api';
import { ChannelError } from '../channel-error';
import { GraphApiError } from './graph-sender';
import type { WhatsappTemplates } from './whatsapp-channel';
import { notification, statusUpdate, testWhatsappApp, unixSeconds } from './whatsapp-test-payloads';
import { startWhatsappTestServer, type WhatsappTestServer } from './whatsapp-test-server';

let database: Database;
let server: WhatsappTestServer;
const reminder = [{ text: 'Reminder: your appointment is tomorrow at 10:20.\nReply C to confirm.' }];

beforeAll(async () => {
  database = await createTestDatabase({ seed: false });
  server = await startWhatsappTestServer({
    pool: database.pool,
    handleTurn: async (message) => [{ text: `echo ${message.text}` }],
  });
});
afterAll(async () => {
  await server?.close();
  await database?.close();
});

const daysAgo = (days: number) => unixSeconds(new Date(Date.now() - days * 86_400_000));

async function withTemplates(
  templates: WhatsappTemplates,
  work: (other: WhatsappTestServer) => Promise<void>,
) {
  const other = await startWhatsappTestServer({
    pool: database.pool,
    handleTurn: async () => [],
    overrides: { templates },
  });
  try {
    await work(other);
  } finally {
    await other.close();
  }
}

describe('sending through the Cloud API', () => {
  it('posts JSON to /{version}/{phone-number-id}/messages with the Bearer token', async () => {
    await server.say('+34600000601', 'hi');
    const [id] = await server.channel.send('+34600000601', [{ text: 'Your appointment is tomorrow.' }]);
    const request = server.graph.requests.at(-1)!;
    expect(request).toMatchObject({
      method: 'POST',
      path: `/v23.0/${testWhatsappApp.phoneNumberId}/messages`,
      authorization: `Bearer ${testWhatsappApp.accessToken}`,
      contentType: 'application/json',
      body: {
        messaging_product: 'whatsapp',
        recipient_type: 'individual',
        to: '34600000601',
        type: 'text',
        text: { body: 'Your appointment is tomorrow.' },
      },
    });
    expect(id).toBe(server.graph.messages.at(-1)!.id);
    expect(await server.channel.deliveryStatus(id!)).toMatchObject({
      to: '+34600000601',
      status: 'accepted',
    });
  });

  it('retries a send Meta throttled, and surfaces a refusal with Graph’s codes', async () => {
    await server.say('+34600000602', 'hi');
    server.graph.failNext(2, 400, 130429);
    expect(await server.channel.send('+34600000602', [{ text: 'After a pause.' }])).toHaveLength(1);

    server.graph.failNext(1, 400, 131026);
    const refused = await server.channel
      .send('+34600000602', [{ text: 'Undeliverable.' }])
      .catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(GraphApiError);
    expect(refused).toMatchObject({ status: 400, code: 131026 });
    expect(server.wordsTo('+34600000602')).toEqual(['echo hi', 'After a pause.']);
  });

  it('refuses what is not a phone number', async () => {
    await expect(server.channel.send('not a number', reminder)).rejects.toMatchObject({
      code: 'invalid_phone',
    });
  });
});

describe('the 24-hour window', () => {
  it('sends free-form messages to a number that wrote in the last 24 hours', async () => {
    await server.say('+34600000701', 'hello', {
      timestamp: unixSeconds(new Date(Date.now() - 23 * 3_600_000)),
    });
    expect(await server.channel.windowOpen('+34600000701')).toBe(true);
    expect(await server.channel.send('+34600000701', reminder)).toHaveLength(1);
  });

  it('refuses with outside_window and sends nothing when no template is configured', async () => {
    const refused = await server.channel.send('+34600000702', reminder).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ChannelError);
    expect(refused).toMatchObject({ code: 'outside_window', statusCode: 409 });

    // A message delivered late, two days after it was written, still answers; it opens no window.
    await server.say('+34600000703', 'written long ago', { timestamp: daysAgo(2) });
    expect(server.wordsTo('+34600000703')).toEqual(['echo written long ago']);
    expect(await server.channel.windowOpen('+34600000703')).toBe(false);
    await expect(server.channel.send('+34600000703', reminder)).rejects.toMatchObject({
      code: 'outside_window',
    });
    expect(server.wordsTo('+34600000703')).toHaveLength(1);
    expect(server.sentTo('+34600000702')).toEqual([]);
  });

  it('sends the approved reminder template instead, with the text as its one parameter, in the patient’s language', async () => {
    await withTemplates(
      { reminder: { name: 'appointment_reminder', language: { en: 'en_US', es: 'es' } } },
      async (other) => {
        const [id] = await other.channel.send('+34600000704', reminder, 'es');
        expect(other.graph.messages.at(-1)!.body).toMatchObject({
          to: '34600000704',
          type: 'template',
          template: {
            name: 'appointment_reminder',
            language: { code: 'es' },
            components: [
              {
                type: 'body',
                parameters: [
                  {
                    type: 'text',
                    text: 'Reminder: your appointment is tomorrow at 10:20. Reply C to confirm.',
                  },
                ],
              },
            ],
          },
        });
        expect(await other.channel.deliveryStatus(id!)).toMatchObject({ status: 'accepted' });
      },
    );
  });

  it('lets a function choose the template, or refuse', async () => {
    const chosen: string[] = [];
    await withTemplates(
      ({ phone, locale }) => {
        chosen.push(`${phone}:${locale}`);
        return phone.endsWith('6') ? undefined : { name: 'visit_update', language: 'en' };
      },
      async (other) => {
        await other.channel.send('+34600000705', reminder);
        expect(other.graph.messages.at(-1)!.body).toMatchObject({
          type: 'template',
          template: { name: 'visit_update', language: { code: 'en' } },
        });
        await expect(other.channel.send('+34600000706', reminder)).rejects.toMatchObject({
          code: 'outside_window',
        });
        expect(chosen).toEqual(['+34600000705:en', '+34600000706:en']);
      },
    );
  });

  it('sends nothing, not even a template, to an opted-out number', async () => {
    await withTemplates({ reminder: { name: 'appointment_reminder', language: 'en' } }, async (other) => {
      other.consent.optedOut.add('+34600000707');
      expect(await other.channel.send('+34600000707', reminder)).toEqual([]);
      expect(other.graph.requests).toEqual([]);
    });
  });
});

describe('status webhooks', () => {
  const postStatuses = async (...statuses: Array<Record<string, unknown>>) => {
    expect((await server.post(notification({ statuses }))).status).toBe(200);
  };

  it('follows a message through sent, delivered and read, never moving back', async () => {
    await server.say('+34600000801', 'hi');
    const [id] = await server.channel.send('+34600000801', [{ text: 'See you tomorrow.' }]);
    await postStatuses(statusUpdate(id!, 'sent', '+34600000801'));
    expect(await server.channel.deliveryStatus(id!)).toMatchObject({ status: 'sent' });
    await postStatuses(
      statusUpdate(id!, 'delivered', '+34600000801'),
      statusUpdate(id!, 'sent', '+34600000801'),
    );
    expect(await server.channel.deliveryStatus(id!)).toMatchObject({ status: 'delivered' });
    await postStatuses(statusUpdate(id!, 'read', '+34600000801'));
    await postStatuses(
      statusUpdate(id!, 'delivered', '+34600000801'),
      statusUpdate(id!, 'sent', '+34600000801'),
    );
    expect(await server.channel.deliveryStatus(id!)).toMatchObject({ status: 'read', errorCode: null });
  });

  it('records a failure with Meta’s error code and title', async () => {
    await server.say('+34600000802', 'hi');
    const [id] = await server.channel.send('+34600000802', [{ text: 'Hello again.' }]);
    await postStatuses(
      statusUpdate(id!, 'failed', '+34600000802', [{ code: 131047, title: 'Re-engagement message' }]),
    );
    expect(await server.channel.deliveryStatus(id!)).toMatchObject({
      status: 'failed',
      errorCode: '131047',
      errorTitle: 'Re-engagement message',
    });
  });

  it('keeps a status that outruns the send’s own record, and ignores other numbers’ statuses', async () => {
    await postStatuses(statusUpdate('wamid.early', 'delivered', '+34600000803'));
    expect(await server.channel.deliveryStatus('wamid.early')).toMatchObject({
      status: 'delivered',
      to: '+34600000803',
    });
    const foreign = notification(
      { statuses: [statusUpdate('wamid.foreign', 'sent', '+34600000804')] },
      { phoneNumberId: '999' },
    );
    expect((await server.post(foreign)).status).toBe(200);
    expect(await server.channel.deliveryStatus('wamid.foreign')).toBeUndefined();
  });

  it('refuses unsigned status webhooks like message webhooks', async () => {
    const forged = notification({ statuses: [statusUpdate('wamid.forged', 'read', '+34600000805')] });
    expect((await server.post(forged, { signature: null })).status).toBe(400);
    expect(await server.channel.deliveryStatus('wamid.forged')).toBeUndefined();
  });
});
