import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { createTestRuntime, type TestRuntime } from '@consulta/core-api/testing';
import {
  startFakeGraphApi,
  whatsappButtonReply,
  whatsappListReply,
  whatsappNotification,
  whatsappSignature,
  whatsappTextMessage,
  type FakeGraphApi,
} from '@consulta/channels/testing';
import { buildServer } from '../server';
import { loadBotConfig } from '../bot-config';

// A patient books over WhatsApp, in one process: Meta's signed webhook, the assistant with the
// local model, interactive lists and buttons out, their replies in, the request in core-api.
const app_ = { accessToken: 'whatsapp-test-access-token', appSecret: 'whatsapp-test-app-secret', verifyToken: 'verify-me-please', phoneNumberId: '106540352242922' };
const chloe = '+33612345678';
let runtime: TestRuntime;
let app: FastifyInstance;
let graph: FakeGraphApi;

beforeAll(async () => {
  graph = await startFakeGraphApi({ accessToken: app_.accessToken, phoneNumberId: app_.phoneNumberId });
  runtime = await createTestRuntime();
  app = await buildServer({
    config: runtime.config,
    runtime,
    botConfig: loadBotConfig({
      WHATSAPP_ACCESS_TOKEN: app_.accessToken,
      WHATSAPP_APP_SECRET: app_.appSecret,
      WHATSAPP_VERIFY_TOKEN: app_.verifyToken,
      WHATSAPP_PHONE_NUMBER_ID: app_.phoneNumberId,
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
  const body = JSON.stringify(whatsappNotification({ messages: [message] }, { phoneNumberId: app_.phoneNumberId }));
  const response = await app.inject({
    method: 'POST',
    url: '/channels/whatsapp',
    headers: { 'content-type': 'application/json', 'x-hub-signature-256': whatsappSignature(app_.appSecret, body) },
    payload: body,
  });
  expect(response.statusCode).toBe(200);
}

/** The next message sent to Chloé after `count` earlier ones. */
async function nextTo(count: number) {
  await expect.poll(() => graph.messages.filter((message) => message.to === chloe.slice(1)).length, { timeout: 20_000 }).toBeGreaterThan(count);
  return graph.messages.filter((message) => message.to === chloe.slice(1))[count]!.body as any;
}

describe('WhatsApp in the bot process', () => {
  it('answers the subscription check with the challenge', async () => {
    const ok = await app.inject({ url: `/channels/whatsapp?hub.mode=subscribe&hub.verify_token=${app_.verifyToken}&hub.challenge=1158201444` });
    expect(ok.statusCode).toBe(200);
    expect(ok.body).toBe('1158201444');
    expect((await app.inject({ url: '/channels/whatsapp?hub.mode=subscribe&hub.verify_token=wrong&hub.challenge=42' })).statusCode).toBe(403);
  });

  it('books through an interactive list and reply buttons', async () => {
    const before = (await runtime.database.pool.query(`SELECT count(*)::int AS n FROM appointments.appointments WHERE patient_id = 'patient-chloe'`)).rows[0].n;
    await deliver(whatsappTextMessage(chloe, 'I need a dermatologist next Tuesday'));
    const times = await nextTo(0);
    expect(times.type).toBe('interactive');
    const rows = times.interactive.type === 'list' ? times.interactive.action.sections.flatMap((section: any) => section.rows) : times.interactive.action.buttons.map((button: any) => button.reply);
    expect(rows.length).toBeGreaterThan(1);
    await deliver(times.interactive.type === 'list' ? whatsappListReply(chloe, rows[1]) : whatsappButtonReply(chloe, rows[1].id, rows[1].title));

    let sent = 1;
    let message = await nextTo(sent);
    // The intake (a reason) is asked in words; then the summary with yes and no as buttons.
    while (message.type === 'text' || message.interactive?.type !== 'button') {
      expect(sent).toBeLessThan(5);
      await deliver(whatsappTextMessage(chloe, 'A mole on my back'));
      sent += 1;
      message = await nextTo(sent);
    }
    const yes = message.interactive.action.buttons[0].reply;
    expect(yes.title).toMatch(/yes|sí|oui/i);
    await deliver(whatsappButtonReply(chloe, yes.id, yes.title));
    await nextTo(sent + 1);
    await expect
      .poll(async () => (await runtime.database.pool.query(`SELECT count(*)::int AS n FROM appointments.appointments WHERE patient_id = 'patient-chloe'`)).rows[0].n, { timeout: 10_000 })
      .toBe(before + 1);
  });
});
