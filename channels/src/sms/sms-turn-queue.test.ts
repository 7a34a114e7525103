import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestRuntime, type TestRuntime } from '@consulta/core-api/testing';
import type { InboundMessage } from '../turn';
import { newMessageSid, startSmsTestServer, type SmsTestServer } from './sms-test-server';

// A split deployment in miniature: a webhook process that only acknowledges and queues, and a
// worker process that takes the turns from the platform's queue (the database queue, or BullMQ
// on Redis when REDIS_URL is set) and replies, over one database.
let runtime: TestRuntime;
let webhook: SmsTestServer;
let worker: SmsTestServer;
const turns: InboundMessage[] = [];

beforeAll(async () => {
  runtime = await createTestRuntime({ seed: false });
  webhook = await startSmsTestServer({
    pool: runtime.database.pool,
    handleTurn: async () => {
      throw new Error('the webhook process must not run turns');
    },
    overrides: { turns: { queue: runtime.queue, consume: false } },
  });
  worker = await startSmsTestServer({
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

describe('turns on the queue (CHANNEL_TURNS=queue)', () => {
  it('acknowledges in the webhook process and replies once from the worker, however often Twilio retries', async () => {
    const sid = newMessageSid();
    for (let attempt = 0; attempt < 3; attempt++) expect((await webhook.inbound('+34600000101', 'hello', sid)).status).toBe(200);
    await vi.waitFor(() => expect(worker.sentTo('+34600000101')).toEqual(['echo hello']), { timeout: 15_000, interval: 50 });
    // A retry arriving after the turn ran adds nothing either.
    expect((await webhook.inbound('+34600000101', 'hello', sid)).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 500));
    await worker.channel.idle();
    expect(worker.sentTo('+34600000101')).toEqual(['echo hello']);
    expect(webhook.twilioApi.messages).toEqual([]);
    expect(turns.filter((turn) => turn.senderId === '+34600000101')).toHaveLength(1);
    // The patient's words do not stay in the queue once the turn has run (the contract test checks BullMQ too).
    if (runtime.queue.kind === 'database') {
      const { rows } = await runtime.database.pool.query(`SELECT id FROM platform.jobs WHERE queue = 'sms-turns'`);
      expect(rows).toEqual([]);
    }
  });

  it("keeps one number's messages in order", async () => {
    for (const text of ['one', 'two', 'three', 'four']) await webhook.inbound('+34600000102', text);
    await vi.waitFor(() => expect(worker.sentTo('+34600000102')).toHaveLength(4), { timeout: 15_000, interval: 50 });
    expect(worker.sentTo('+34600000102')).toEqual(['echo one', 'echo two', 'echo three', 'echo four']);
  });

  it('queues nothing for a webhook with a bad signature', async () => {
    const response = await webhook.post('/channels/sms', { MessageSid: newMessageSid(), From: '+34600000103', Body: 'forged' }, { signature: 'bad' });
    expect(response.status).toBe(403);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(worker.sentTo('+34600000103')).toEqual([]);
    expect(await runtime.queue.counts('sms-turns')).toMatchObject({ waiting: 0, active: 0, failed: 0 });
  });
});
