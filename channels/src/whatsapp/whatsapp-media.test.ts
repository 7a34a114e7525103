import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '@consulta/core-api/testing';
import type { Database } from '@consulta/core-api';
import type { InboundMedia, InboundMessage } from '../turn';
import { mediaMessage } from './whatsapp-test-payloads';
import { startWhatsappTestServer, type WhatsappTestServer } from './whatsapp-test-server';

// Images and documents are fetched through the Graph API's media endpoints (media id → URL → bytes,
// with the token each time) and handed to the host as bytes; the host's replies go back like a turn's.
let database: Database;
let server: WhatsappTestServer;
const received: InboundMedia[] = [];
const turns: InboundMessage[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  server = await startWhatsappTestServer({
    pool: database.pool,
    handleTurn: async (message) => {
      turns.push(message);
      return [{ text: `echo ${message.text}` }];
    },
    overrides: {
      mediaMaxBytes: 64,
      handleMedia: async (media) => {
        received.push(media);
        return [{ text: `Got ${media.kind} of ${media.content.length} bytes`, choices: [{ label: 'Yes', value: 'yes-value' }, { label: 'No', value: 'no-value' }] }];
      },
    },
  });
});
afterAll(async () => {
  await server?.close();
  await database?.close();
});

describe('files received over WhatsApp', () => {
  it('fetches an image through the media endpoints with the token and hands the bytes over', async () => {
    const bytes = Buffer.from('\x89PNG\r\n\x1a\n a small picture');
    const mediaId = server.graph.addMedia(bytes, 'image/png');
    await server.deliver(mediaMessage('+34600000501', 'image', { mediaId, mimeType: 'image/png', caption: 'my card' }));
    await server.channel.idle();
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({ channel: 'whatsapp', senderId: '+34600000501', kind: 'image', contentType: 'image/png', caption: 'my card' });
    expect(received[0]!.content.equals(bytes)).toBe(true);
    const gets = server.graph.requests.filter((request) => request.method === 'GET');
    expect(gets.map((request) => request.path)).toEqual([`/v23.0/${mediaId}`, '/whatsapp_business/attachments/']);
    expect(gets.every((request) => request.authorization === 'Bearer test-whatsapp-access-token')).toBe(true);
    // The reply is sent with its choices as buttons, and a tap reaches the assistant as the choice's value.
    const reply = server.sentTo('+34600000501')[0]!.body as { interactive: { body: { text: string }; action: { buttons: Array<{ reply: { id: string } }> } } };
    expect(reply.interactive.body.text).toBe(`Got image of ${bytes.length} bytes`);
    expect(reply.interactive.action.buttons).toHaveLength(2);
    // The URL (it grants the file) is in no log line.
    expect(server.logs.join('\n')).not.toContain('attachments');
  });

  it('refuses a file over the limit or unknown to the Graph API with a note, and hands nothing over', async () => {
    const big = server.graph.addMedia(Buffer.alloc(100, 1), 'application/pdf');
    await server.deliver(mediaMessage('+34600000502', 'document', { mediaId: big }));
    await server.deliver(mediaMessage('+34600000503', 'image', { mediaId: '999' }));
    await server.channel.idle();
    expect(received).toHaveLength(1);
    expect(server.wordsTo('+34600000502')).toEqual(["I couldn't receive your file. Please send it again in a moment."]);
    expect(server.wordsTo('+34600000503')).toEqual(["I couldn't receive your file. Please send it again in a moment."]);
    // A voice note is still not read.
    await server.deliver(mediaMessage('+34600000504', 'audio'));
    await server.channel.idle();
    expect(server.wordsTo('+34600000504')).toEqual(["I can't receive files here yet. Please tell me in a message what you need."]);
    expect(turns).toEqual([]);
  });
});
