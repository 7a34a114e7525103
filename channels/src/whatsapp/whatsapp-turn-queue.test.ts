import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestRuntime, type TestRuntime } from '@consulta/core-api/testing';
import type { InboundMessage } from '../turn';
import { newWamid, textMessage, unixSeconds } from './whatsapp-test-payloads';
import { startWhatsappTestServer, type WhatsappTestServer } from './whatsapp-test-server';

// As the SMS test of the same name: a webhook process that queues, a worker process that answers.
let runtime: TestRuntime;
let webhook: WhatsappTestServer;
let worker: WhatsappTestServer;
const turns: InboundMessage[] = [];

beforeAll(async () => {
  runtime = await createTestRuntime({ seed: false });
  webhook = await startWhatsappTestServer({
    pool: runtime.database.pool,
    handleTurn: async () => {
      throw new Error('the webhook process must not run turns');
    },
    overrides: { turns: { queue: runtime.queue, consume: false } },
  });
  worker = await startWhatsappTestServer({
    pool: runtime.database.pool,
    handleTurn: async (message) => {
      turns.push(message);
      return [{ text: `echo ${message.text}` }];
    },
    overrides: { turns: { queue: runtime.queue, consume: true } },
  });
});
afterAll(async () => {
  await webhook?.close();
  await worker?.close();
  await runtime?.close();
});

describe('WhatsApp turns on the queue (CHANNEL_TURNS=queue)', () => {
  it('answers a delivery Meta sends three times once, from the worker, in the order written', async () => {
    const phone = '+34600000201';
    const at = (seconds: number) => unixSeconds(new Date(Date.UTC(2026, 11, 1, 9, 0, seconds)));
    const batch = [textMessage(phone, 'second', { timestamp: at(10) }), textMessage(phone, 'first', { timestamp: at(1), id: newWamid() })];
    for (let attempt = 0; attempt < 3; attempt++) expect((await webhook.deliver(...batch)).status).toBe(200);
    await vi.waitFor(() => expect(worker.wordsTo(phone)).toHaveLength(2), { timeout: 15_000, interval: 50 });
    expect(worker.wordsTo(phone)).toEqual(['echo first', 'echo second']);
    expect(webhook.sentTo(phone)).toEqual([]);
    expect(turns.filter((turn) => turn.senderId === phone).map((turn) => turn.text)).toEqual(['first', 'second']);
    // The time the patient wrote survived the queue's JSON as a date.
    const { rows } = await runtime.database.pool.query<{ sent_at: Date }>(`SELECT sent_at FROM whatsapp.inbound_messages WHERE phone = $1 ORDER BY sent_at`, [phone]);
    expect(rows.map((row) => row.sent_at.toISOString())).toEqual(['2026-12-01T09:00:01.000Z', '2026-12-01T09:00:10.000Z']);
  });
});
