import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { openDatabase, type Database } from '@consulta/core-api/testing/open-database';
import { ChannelError, createSmsChannel, createWebchatChannel, type SmsChannel, type WebchatChannel } from '@consulta/channels';
import { startFakeTwilioApi, type FakeTwilioApi } from '@consulta/channels/testing';
import type { OutgoingNotification } from '@consulta/core-api';
import { createSmsNotificationSender, createWebchatNotificationSender, createWhatsappNotificationSender } from './channel-notification-senders';

// The real SMS channel against a loopback Twilio, the real web chat channel on an in-memory database.
const account = { accountSid: `AC${'b'.repeat(32)}`, authToken: 'notification-sender-token-01' };
const log = pino({ level: 'silent' });
let database: Database;
let twilio: FakeTwilioApi;
let sms: SmsChannel;
let webchat: WebchatChannel;
const optedOut = new Set<string>();

beforeAll(async () => {
  database = await openDatabase({ dataDirectory: 'memory://' });
  twilio = await startFakeTwilioApi(account);
  sms = await createSmsChannel({
    pool: database.pool, handleTurn: async () => [], log, publicUrl: 'https://consulta.example.com', ...account, fromNumber: '+34910000000', apiBaseUrl: twilio.baseUrl,
    consent: { record: async () => undefined, isOptedOut: async (phone) => optedOut.has(phone) },
  });
  webchat = await createWebchatChannel({ pool: database.pool, secret: 'webchat-secret-for-tests-0123', handleTurn: async () => [], log });
}, 60_000);
afterAll(async () => {
  await sms?.close();
  await webchat?.close();
  await twilio?.close();
  await database?.close();
});

const notification = (overrides: Partial<OutgoingNotification> = {}): OutgoingNotification => ({
  id: 'ntf-1', channel: 'sms', event: 'reminder', text: 'Reminder: Mole check with Dr. Elena López on Tuesday 8 December 2026, 10:00 (Central European Time).',
  recipient: { userId: 'patient-ana', role: 'patient', name: 'Ana García', address: '+34600111222', locale: 'es', timeZone: 'Europe/Madrid' },
  data: {}, urgent: false, ...overrides,
});

describe('SMS notification sender', () => {
  it('sends through Twilio and answers the message sid', async () => {
    const result = await createSmsNotificationSender(sms).send(notification());
    expect(result.providerMessageId).toMatch(/^SM/);
    expect(twilio.messages.at(-1)).toMatchObject({ to: '+34600111222', sid: result.providerMessageId });
    expect(twilio.messages.at(-1)!.body).toContain('Dr. Elena López');
  });

  it('fails for good on an opted-out number, and sends nothing', async () => {
    const before = twilio.messages.length;
    optedOut.add('+34600111222');
    await expect(createSmsNotificationSender(sms).send(notification())).rejects.toMatchObject({ code: 'opted_out', permanent: true });
    optedOut.clear();
    expect(twilio.messages).toHaveLength(before);
  });
});

describe('WhatsApp notification sender', () => {
  it('is allowed free text inside the window or with a template, and maps a refusal outside the window to a permanent failure', async () => {
    const refusing = { send: async () => Promise.reject(new ChannelError(409, 'outside_window', 'No template')), windowOpen: async () => false };
    const sender = createWhatsappNotificationSender(refusing, { templateConfigured: false });
    expect(await sender.freeTextAllowed!(notification().recipient)).toBe(false);
    expect(await createWhatsappNotificationSender(refusing, { templateConfigured: true }).freeTextAllowed!(notification().recipient)).toBe(true);
    await expect(sender.send(notification({ channel: 'whatsapp' }))).rejects.toMatchObject({ code: 'outside_window', permanent: true });
    const busy = { send: async () => Promise.reject(Object.assign(new Error('rate'), { status: 429 })), windowOpen: async () => true };
    await expect(createWhatsappNotificationSender(busy, { templateConfigured: false }).send(notification())).rejects.toMatchObject({ permanent: false });
    const sent = { send: async () => ['wamid.1'], windowOpen: async () => true };
    expect(await createWhatsappNotificationSender(sent, { templateConfigured: false }).send(notification())).toEqual({ providerMessageId: 'wamid.1' });
  });
});

describe('web chat notification sender', () => {
  it('appends a bot message to the user’s latest conversation, once even when retried', async () => {
    const sender = createWebchatNotificationSender(webchat);
    await expect(sender.send(notification({ channel: 'webchat' }))).rejects.toMatchObject({ code: 'no_conversation', permanent: true });
    await database.pool.query(`INSERT INTO webchat.conversations (id, user_id, locale, updated_at) VALUES ('old', 'patient-ana', 'es', now() - interval '1 day'), ('latest', 'patient-ana', 'es', now())`);
    const first = await sender.send(notification({ channel: 'webchat', id: 'ntf-7' }));
    const again = await sender.send(notification({ channel: 'webchat', id: 'ntf-7' }));
    expect(first.providerMessageId).toBe('latest|0000001');
    expect(again.providerMessageId).toBe(first.providerMessageId);
    const { rows } = await database.pool.query(`SELECT conversation_id, activity FROM webchat.activities ORDER BY seq`);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ conversation_id: 'latest', activity: { type: 'message', from: { role: 'bot' }, text: notification().text } });
  });
});
