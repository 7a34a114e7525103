import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { createTestRuntime, type TestRuntime } from '@consulta/core-api/testing';
import { buildServer } from '../server';
import { loadBotConfig } from '../bot-config';
import { insuranceCardPng as cardPhoto } from '@consulta/core-api/testing/documents';

// A patient sends a photo of her insurance card in web chat: Direct Line's upload, the bot files it in
// her documents as her and reads it with OCR, offers the number as suggested actions, and her tap saves it.
let runtime: TestRuntime;
let app: FastifyInstance;
let origin = '';

beforeAll(async () => {
  runtime = await createTestRuntime();
  app = await buildServer({ config: runtime.config, runtime, botConfig: loadBotConfig({}) });
  origin = await app.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(async () => {
  await app?.close();
  await runtime?.close();
});

type Activity = {
  id: string; text?: string; from: { role?: string };
  suggestedActions?: { actions: Array<{ title: string; text: string }> };
  attachments?: Array<{ contentType: string; contentUrl?: string; name?: string }>;
};

async function chatAs(patientId?: string) {
  const issued = (await (await fetch(`${origin}/webchat/token`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ locale: 'en', ...(patientId ? { patientId } : {}) }),
  })).json()) as { token: string; conversationId: string };
  const headers = { authorization: `Bearer ${issued.token}` };
  expect((await fetch(`${origin}/v3/directline/conversations`, { method: 'POST', headers })).status).toBe(201);
  const base = `${origin}/v3/directline/conversations/${issued.conversationId}`;
  const botSaid = async () => ((await (await fetch(`${base}/activities`, { headers })).json()) as { activities: Activity[] }).activities.filter((activity) => activity.from.role === 'bot');
  return {
    async upload(file: Buffer, type: string, name: string) {
      const form = new FormData();
      form.append('activity', new Blob([JSON.stringify({ type: 'message', locale: 'en' })], { type: 'application/vnd.microsoft.activity' }));
      form.append('file', new Blob([new Uint8Array(file)], { type }), name);
      expect((await fetch(`${base}/upload`, { method: 'POST', headers, body: form })).status).toBe(200);
    },
    async say(text: string) {
      expect((await fetch(`${base}/activities`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify({ type: 'message', text, locale: 'en' }) })).status).toBe(200);
    },
    /** The first bot message after the first `skip` that matches. */
    async reply(pattern: RegExp, skip = 0) {
      let found: Activity | undefined;
      await expect.poll(async () => (found = (await botSaid()).slice(skip).find((activity) => pattern.test(activity.text ?? ''))), { timeout: 30_000 }).toBeDefined();
      return found!;
    },
    botSaid,
  };
}

describe('files in web chat', () => {
  it('files a card photo in the patient’s documents, offers the number it reads, and saves it on Yes', async () => {
    const chat = await chatAs('patient-ana');
    await chat.reply(/Hello|Hola/);
    await chat.upload(await cardPhoto(['HEALTH INSURANCE CARD', 'Name: Ana Garcia', 'Insurance number: ABC-123456']), 'image/png', 'card.png');
    const proposal = await chat.reply(/insurance number ABC-123456/);
    expect(proposal.suggestedActions?.actions.map((action) => action.title)).toEqual(['Yes', 'No']);
    const ana = { authorization: `Bearer ${(await app.inject({ method: 'POST', url: '/api/v1/dev/token', payload: { userId: 'patient-ana' } })).json().token}` };
    const documents = (await app.inject({ url: '/api/v1/documents', headers: ana })).json() as Array<{ title: string }>;
    expect(documents.map((document) => document.title)).toContain('card.png');

    const before = (await chat.botSaid()).length;
    await chat.say(proposal.suggestedActions!.actions[0]!.text);
    await chat.reply(/Saved: your insurance number is now ABC-123456/, before);
    expect((await app.inject({ url: '/api/v1/me', headers: ana })).json().insuranceNumber).toBe('ABC-123456');
  }, 60_000);

  it('asks a visitor to verify before keeping anything', async () => {
    const chat = await chatAs();
    await chat.reply(/Hello/);
    await chat.upload(Buffer.from('%PDF-1.4 referral'), 'application/pdf', 'referral.pdf');
    await chat.reply(/verify who you are first/);
  }, 60_000);

  it('hands over the confirmation PDF as a signed download link that only works unaltered', async () => {
    const chat = await chatAs('patient-ben');
    await chat.reply(/Hello/);
    await chat.say('Can you send me my confirmation?');
    const answer = await chat.reply(/confirmation of .* is in your documents/);
    const file = answer.attachments?.find((attachment) => attachment.contentType === 'application/pdf');
    expect(file?.name).toMatch(/\.pdf$/);
    const download = await fetch(`${origin}${file!.contentUrl}`);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(await download.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-');
    // The same link for another user, or with the signature altered, opens nothing.
    const forged = new URL(file!.contentUrl!, origin);
    forged.searchParams.set('user', 'patient-ana');
    expect((await fetch(forged)).status).toBe(403);
    const altered = new URL(file!.contentUrl!, origin);
    altered.searchParams.set('signature', `${altered.searchParams.get('signature')!.slice(0, -2)}xx`);
    expect((await fetch(altered)).status).toBe(403);
  }, 60_000);
});
