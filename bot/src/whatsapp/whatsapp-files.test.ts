import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { createTestRuntime, type TestRuntime } from '@consulta/core-api/testing';
import {
  startFakeGraphApi,
  whatsappButtonReply,
  whatsappMediaMessage,
  whatsappNotification,
  whatsappSignature,
  whatsappTextMessage,
  type FakeGraphApi,
} from '@consulta/channels/testing';
import { buildServer } from '../server';
import { loadBotConfig } from '../bot-config';
import { insuranceCardPng as cardPhoto } from '@consulta/core-api/testing/documents';

// A patient sends a photo of her insurance card over WhatsApp, in one process: the channel fetches it from
// the (fake) Graph API's media endpoints, the bot uploads it to her documents as her and reads it with OCR,
// proposes the number with Yes / No buttons, and her Yes saves it to her profile.
const account = { accessToken: 'whatsapp-test-access-token', appSecret: 'whatsapp-test-app-secret', verifyToken: 'verify-me-please', phoneNumberId: '106540352242922' };
const chloe = '+33612345678';
let runtime: TestRuntime;
let app: FastifyInstance;
let graph: FakeGraphApi;

beforeAll(async () => {
  graph = await startFakeGraphApi({ accessToken: account.accessToken, phoneNumberId: account.phoneNumberId });
  runtime = await createTestRuntime();
  app = await buildServer({
    config: runtime.config,
    runtime,
    botConfig: loadBotConfig({
      WHATSAPP_ACCESS_TOKEN: account.accessToken,
      WHATSAPP_APP_SECRET: account.appSecret,
      WHATSAPP_VERIFY_TOKEN: account.verifyToken,
      WHATSAPP_PHONE_NUMBER_ID: account.phoneNumberId,
      WHATSAPP_GRAPH_BASE_URL: graph.baseUrl,
    }),
  });
});
afterAll(async () => {
  await app?.close();
  await runtime?.close();
  await graph?.close();
});

async function deliver(message: Record<string, unknown>) {
  const body = JSON.stringify(whatsappNotification({ messages: [message] }, { phoneNumberId: account.phoneNumberId }));
  const response = await app.inject({
    method: 'POST', url: '/channels/whatsapp',
    headers: { 'content-type': 'application/json', 'x-hub-signature-256': whatsappSignature(account.appSecret, body) },
    payload: body,
  });
  expect(response.statusCode).toBe(200);
}
async function nextTo(count: number) {
  await expect.poll(() => graph.messages.filter((message) => message.to === chloe.slice(1)).length, { timeout: 30_000 }).toBeGreaterThan(count);
  return graph.messages.filter((message) => message.to === chloe.slice(1))[count]!.body as any;
}
async function asChloe() {
  const token = await app.inject({ method: 'POST', url: '/api/v1/dev/token', payload: { userId: 'patient-chloe' } });
  return { authorization: `Bearer ${token.json().token}` };
}

describe('a photo of an insurance card over WhatsApp', () => {
  it('is kept in her documents, read, proposed with Yes / No, and saved to her profile on Yes', async () => {
    const photo = await cardPhoto(['HEALTH INSURANCE CARD', 'Name: Chloe Dubois', 'Insurance number: ABC-123456']);
    const mediaId = graph.addMedia(photo, 'image/png');
    await deliver(whatsappMediaMessage(chloe, 'image', { mediaId, mimeType: 'image/png' }));

    const proposal = await nextTo(0);
    expect(proposal.type).toBe('interactive');
    expect(proposal.interactive.body.text).toBe('I read your insurance number ABC-123456. Shall I save it?');
    const buttons = proposal.interactive.action.buttons.map((button: any) => button.reply);
    expect(buttons.map((button: any) => button.title)).toEqual(['Yes', 'No']);

    // The photo is in her documents, uploaded by her (the token exchange), with its OCR result beside it.
    const documents = (await app.inject({ url: '/api/v1/documents', headers: await asChloe() })).json();
    const upload = documents.find((document: any) => document.kind === 'upload');
    expect(upload).toMatchObject({ title: 'Photo from WhatsApp', createdBy: 'patient-chloe', latest: { contentType: 'image/png', size: photo.length } });
    const extraction = (await app.inject({ url: `/api/v1/documents/${upload.id}/extraction`, headers: await asChloe() })).json();
    expect(extraction.fields).toContainEqual(expect.objectContaining({ key: 'insurance_number', value: 'ABC-123456' }));
    expect((await app.inject({ url: '/api/v1/me', headers: await asChloe() })).json().insuranceNumber).toBeNull();

    await deliver(whatsappButtonReply(chloe, buttons[0].id, buttons[0].title));
    const saved = await nextTo(1);
    expect(saved.text.body).toBe('Saved: your insurance number is now ABC-123456.');
    expect((await app.inject({ url: '/api/v1/me', headers: await asChloe() })).json().insuranceNumber).toBe('ABC-123456');
  }, 60_000);

  it('keeps a document without reading it, and a No saves nothing', async () => {
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
    const mediaId = graph.addMedia(pdf, 'application/pdf');
    await deliver(whatsappMediaMessage(chloe, 'document', { mediaId }));
    expect((await nextTo(2)).text.body).toBe("Thank you, I've kept it in your documents.");
    const titles = (await app.inject({ url: '/api/v1/documents', headers: await asChloe() })).json().map((document: any) => document.title);
    expect(titles).toContain('insurance.pdf');

    const photo = await cardPhoto(['Insurance number: XYZ-987654']);
    await deliver(whatsappMediaMessage(chloe, 'image', { mediaId: graph.addMedia(photo, 'image/png'), mimeType: 'image/png' }));
    const proposal = await nextTo(3);
    const no = proposal.interactive.action.buttons[1].reply;
    await deliver(whatsappButtonReply(chloe, no.id, no.title));
    expect((await nextTo(4)).text.body).toBe("All right, I haven't saved it. The file stays in your documents.");
    expect((await app.inject({ url: '/api/v1/me', headers: await asChloe() })).json().insuranceNumber).toBe('ABC-123456');
  }, 60_000);
});

describe('"send me my confirmation" over WhatsApp', () => {
  it('finds (here: makes) the confirmation of her approved appointment and says it is in her documents', async () => {
    const sent = graph.messages.filter((message) => message.to === chloe.slice(1)).length;
    await deliver(whatsappTextMessage(chloe, 'Can you send me my confirmation?'));
    const reply = await nextTo(sent);
    expect(reply.text.body).toMatch(/^Your confirmation of Family law consultation with .+ is in your documents: “.+” \(PDF\)\.$/);
    const documents = (await app.inject({ url: '/api/v1/documents', headers: await asChloe() })).json();
    expect(documents.filter((document: any) => document.templateKey === 'appointment-confirmation' && document.appointmentId === 'appt-seed-3')).toHaveLength(1);
  }, 60_000);
});
