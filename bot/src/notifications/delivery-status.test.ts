import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { whatsappStatusUpdate, whatsappTextMessage } from '@consulta/channels/testing';
import { startNotificationsBot, type NotificationsBot } from './notifications-bot-harness';

// From a notification sent by the SMS (or WhatsApp) sender, through the provider's signed status
// callback, the channel and the bot's forwarder, to the notification's state read through the API.
const ben = '+12125550100';
const chloe = '+33612345678';
let bot: NotificationsBot;

beforeAll(async () => {
  bot = await startNotificationsBot();
  bot.services.notifications.startWorkers();
}, 60_000);
afterAll(() => bot?.close());

interface View { id: string; channel: string; state: string; reason: string | null; providerMessageId: string | null; deliveredAt: string | null }

let sequence = 0;
/** A waitlist offer to a patient, as the engine sends it; answers the notification once it is sent. */
async function notify(patientId: string): Promise<View> {
  const record = await bot.services.notifications.engine.notify({
    eventId: `delivery-${(sequence += 1)}`, eventType: 'waitlist.offered', templateEvent: 'waitlist.offered', recipient: { userId: patientId }, appointmentId: null,
    data: { patientId, professionalId: 'dr-lopez', start: '2026-12-09T10:00:00Z', expiresAt: '2026-12-01T09:30:00Z' },
  });
  return stateOf(record!.id, 'sent');
}

async function view(id: string): Promise<View | undefined> {
  const response = await bot.app.inject({ url: `/api/v1/notifications?limit=500`, headers: await bot.as('admin-sam') });
  return (response.json() as View[]).find((entry) => entry.id === id);
}

async function stateOf(id: string, state: string): Promise<View> {
  await expect.poll(async () => (await view(id))?.state, { timeout: 15_000 }).toBe(state);
  return (await view(id))!;
}

describe('SMS delivery status', () => {
  it('shows a notification delivered once Twilio says so, however often it says it', async () => {
    const sent = await notify('patient-ben');
    expect(sent.channel).toBe('sms');
    const message = bot.twilio.messages.at(-1)!;
    expect(message).toMatchObject({ to: ben, sid: sent.providerMessageId, statusCallback: 'https://consulta.example.com/channels/sms/status' });

    expect(await bot.smsStatus(message.sid, 'sent')).toBe(204);
    for (let retry = 0; retry < 3; retry += 1) expect(await bot.smsStatus(message.sid, 'delivered')).toBe(204);
    const delivered = await stateOf(sent.id, 'delivered');
    expect(delivered.deliveredAt).not.toBeNull();
    expect(delivered.reason).toBeNull();
  });

  it('shows a notification failed with Twilio’s reason', async () => {
    const sent = await notify('patient-ben');
    expect(await bot.smsStatus(sent.providerMessageId!, 'undelivered', { ErrorCode: '30003', To: ben })).toBe(204);
    expect((await stateOf(sent.id, 'failed')).reason).toBe('undelivered: Twilio error 30003');
  });

  it('takes no forged callback', async () => {
    const sent = await notify('patient-ben');
    const forged = await bot.app.inject({
      method: 'POST', url: '/channels/sms/status', payload: `MessageSid=${sent.providerMessageId}&MessageStatus=failed`,
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': 'bm90IGEgc2lnbmF0dXJl' },
    });
    expect(forged.statusCode).toBe(403);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect((await view(sent.id))!.state).toBe('sent');
  });
});

describe('WhatsApp delivery status', () => {
  it('shows delivered for delivered and read, and failed with Meta’s error', async () => {
    // Chloé wrote in the last 24 hours, so free text reaches her.
    expect(await bot.whatsapp({ messages: [whatsappTextMessage(chloe, 'Hello')] })).toBe(200);
    await expect.poll(() => bot.graph.messages.filter((message) => message.to === chloe.slice(1)).length, { timeout: 20_000 }).toBeGreaterThan(0);

    const sent = await notify('patient-chloe');
    expect(sent.channel).toBe('whatsapp');
    expect(await bot.whatsapp({ statuses: [whatsappStatusUpdate(sent.providerMessageId!, 'sent', chloe)] })).toBe(200);
    expect(await bot.whatsapp({ statuses: [whatsappStatusUpdate(sent.providerMessageId!, 'delivered', chloe), whatsappStatusUpdate(sent.providerMessageId!, 'read', chloe)] })).toBe(200);
    await stateOf(sent.id, 'delivered');

    const failed = await notify('patient-chloe');
    const error = { code: 131026, title: 'Message undeliverable' };
    expect(await bot.whatsapp({ statuses: [whatsappStatusUpdate(failed.providerMessageId!, 'failed', chloe, [error])] })).toBe(200);
    expect((await stateOf(failed.id, 'failed')).reason).toBe('failed: WhatsApp error 131026 (Message undeliverable)');
  });
});
