import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '@consulta/core-api/testing';
import type { Database } from '@consulta/core-api';
import type { InboundMessage, OutboundMessage } from '../turn';
import type { AnsweredChoice } from './answered-choice';
import type { DeliveryReport } from './delivery-status';
import { createSmsStore } from './sms-store';
import { startSmsTestServer, type SmsTestServer } from './sms-test-server';

// What the notifications engine needs from the SMS channel: outcomes of what it sent, and
// reminders whose numbered answers come back as the patient's request (or a thank-you).
let database: Database;
let server: SmsTestServer;
const reports: DeliveryReport[] = [];
const turns: InboundMessage[] = [];

const about = { appointmentId: 'appt-seed-1', description: 'with Dr. Elena López on Tue 8 Dec, 10:20' };
const choices: AnsweredChoice[] = [
  { label: 'Confirm', value: 'I will come to my appointment with Dr. Elena López on Tue 8 Dec, 10:20', answer: 'Thank you for confirming. See you on Tuesday 8 December 2026, 10:20 (Central European Time).', about, key: 'C' },
  { label: 'Cancel', value: 'I want to cancel my appointment with Dr. Elena López on Tue 8 Dec, 10:20', about, key: 'X' },
  { label: 'Reschedule', value: 'I want to move my appointment with Dr. Elena López on Tue 8 Dec, 10:20', about, key: 'R' },
];
const reminder: OutboundMessage = {
  text: 'Reminder: Dermatology consultation with Dr. Elena López on Tuesday 8 December 2026, 10:20 (Central European Time).',
  choices,
};

beforeAll(async () => {
  database = await createTestDatabase({ seed: false });
  server = await startSmsTestServer({
    pool: database.pool,
    handleTurn: async (message) => {
      turns.push(message);
      return [{ text: `Please confirm: ${message.text}?`, choices: [{ label: 'Yes', value: 'yes' }, { label: 'No', value: 'no' }] }];
    },
    overrides: { deliveryReports: (report) => reports.push(report) },
  });
});
afterAll(async () => {
  await server?.close();
  await database?.close();
});

const reportsOf = (sid: string) => reports.filter((report) => report.providerMessageId === sid);

describe('delivery reports to the notifications engine', () => {
  it('reports the final outcome of a notification’s message, again on every retried callback', async () => {
    const [sid] = await server.channel.send('+34600000801', [{ text: 'Your appointment is confirmed.' }], 'en', { reportDelivery: true });
    await server.status(sid!, 'sent');
    expect(reportsOf(sid!)).toEqual([]);
    await server.status(sid!, 'delivered');
    expect(reportsOf(sid!)).toEqual([{ providerMessageId: sid, status: 'delivered' }]);
    await server.status(sid!, 'delivered');
    // A stray failure after the delivery does not undo it: the report stays "delivered".
    await server.status(sid!, 'undelivered', { ErrorCode: '30003' });
    expect(reportsOf(sid!)).toEqual(Array(3).fill({ providerMessageId: sid, status: 'delivered' }));
  });

  it('reports a failure with Twilio’s error code', async () => {
    const [sid] = await server.channel.send('+34600000802', [{ text: 'Your appointment is confirmed.' }], 'en', { reportDelivery: true });
    await server.status(sid!, 'undelivered', { ErrorCode: '30003' });
    expect(reportsOf(sid!)).toEqual([{ providerMessageId: sid, status: 'failed', reason: 'undelivered: Twilio error 30003' }]);
  });

  it('reports only the first message of a notification, and nothing of the assistant’s replies', async () => {
    const [first, second] = await server.channel.send('+34600000803', [{ text: 'One.' }, { text: 'Two.' }], 'en', { reportDelivery: true });
    const [reply] = await server.channel.send('+34600000803', [{ text: 'An answer.' }]);
    for (const sid of [first!, second!, reply!]) await server.status(sid, 'delivered');
    expect(reports.filter((report) => [first, second, reply].includes(report.providerMessageId))).toEqual([{ providerMessageId: first, status: 'delivered' }]);
  });

  it('reports a callback that outran the send’s own record once the send marks the message', async () => {
    const store = createSmsStore(database.pool, { choicesTtlSeconds: 60 });
    const sid = `SM${'7'.repeat(32)}`;
    expect(await store.recordStatus({ sid, status: 'delivered' })).toMatchObject({ status: 'delivered', reportDelivery: false });
    expect(await store.recordStatus({ sid, status: 'queued', to: '+34600000804', reportDelivery: true })).toEqual({
      id: sid, status: 'delivered', errorCode: null, reportDelivery: true,
    });
    // Once marked, a later callback without the mark keeps it.
    expect(await store.recordStatus({ sid, status: 'delivered' })).toMatchObject({ reportDelivery: true });
  });
});

describe('two-way reminders', () => {
  it('gives the reminder’s answers by their letters, in the patient’s language', async () => {
    await server.channel.send('+34600000901', [reminder], 'en', { reportDelivery: true });
    expect(server.sentTo('+34600000901').at(-1)).toBe(`${reminder.text}\n\nReply C to confirm, X to cancel or R to reschedule`);
    const spanish = choices.map((choice, index) => ({ ...choice, label: ['Confirmar', 'Cancelar', 'Cambiar la hora'][index]! }));
    await server.channel.send('+34600000906', [{ text: 'Recordatorio: …', choices: spanish }], 'es');
    expect(server.sentTo('+34600000906').at(-1)).toBe('Recordatorio: …\n\nResponde C para confirmar, X para cancelar o R para cambiar la hora');
  });

  it('understands a letter, in either case, as the answer it names', async () => {
    const phone = '+34600000907';
    await server.channel.send(phone, [reminder], 'en');
    await server.inbound(phone, 'x');
    await server.channel.idle();
    expect(turns.at(-1)).toMatchObject({ senderId: phone, text: choices[1]!.value });
    await server.channel.send(phone, [reminder], 'en');
    await server.inbound(phone, 'R.');
    await server.channel.idle();
    expect(turns.at(-1)).toMatchObject({ senderId: phone, text: choices[2]!.value });
  });

  it('thanks a "1" at once, with no assistant turn, and keeps the answers', async () => {
    const phone = '+34600000902';
    await server.channel.send(phone, [reminder], 'en');
    await server.inbound(phone, '1');
    await server.channel.idle();
    expect(server.sentTo(phone).at(-1)).toBe(choices[0]!.answer);
    expect(turns.filter((turn) => turn.senderId === phone)).toEqual([]);
    // Still answerable: a "2" the next day cancels.
    await server.inbound(phone, '2');
    await server.channel.idle();
    expect(turns.filter((turn) => turn.senderId === phone).map((turn) => turn.text)).toEqual([choices[1]!.value]);
  });

  it('hands a "2" to the assistant as the patient’s request to cancel that appointment', async () => {
    const phone = '+34600000903';
    await server.channel.send(phone, [reminder], 'en');
    await server.inbound(phone, ' 2. ');
    await server.channel.idle();
    expect(turns.at(-1)).toMatchObject({ channel: 'sms', senderId: phone, text: 'I want to cancel my appointment with Dr. Elena López on Tue 8 Dec, 10:20' });
    // The assistant's own question replaced the reminder's answers: "1" is now its "Yes".
    expect(server.sentTo(phone).at(-1)).toMatch(/1\. Yes\n2\. No/);
    await server.inbound(phone, '1');
    await server.channel.idle();
    expect(turns.at(-1)!.text).toBe('yes');
    // The reminder's answer carries its appointment; the "Yes" to the assistant's question is about none.
    expect(turns.filter((turn) => turn.senderId === phone).map((turn) => turn.regarding)).toEqual([about, undefined]);
  });

  it('hands an answer in words to the assistant with the reminder’s appointment, while its answers are on offer', async () => {
    const phone = '+34600000904';
    await server.channel.send(phone, [reminder], 'en');
    await server.inbound(phone, 'can we do 4pm instead?');
    await server.channel.idle();
    expect(turns.at(-1)).toMatchObject({ senderId: phone, text: 'can we do 4pm instead?', regarding: about });
    // The assistant's reply offered its own answers: the next words are about the conversation, not the reminder.
    await server.inbound(phone, 'actually, make it 5pm');
    await server.channel.idle();
    expect(turns.at(-1)!.text).toBe('actually, make it 5pm');
    expect(turns.at(-1)!.regarding).toBeUndefined();
  });

  it('names no appointment for words written after the reminder was confirmed, and still takes its letters', async () => {
    const phone = '+34600000908';
    await server.channel.send(phone, [reminder], 'en');
    await server.inbound(phone, 'C');
    await server.channel.idle();
    expect(server.sentTo(phone).at(-1)).toBe(choices[0]!.answer);
    await server.inbound(phone, 'Do you have parking at 4pm?');
    await server.channel.idle();
    expect(turns.at(-1)).toMatchObject({ senderId: phone, text: 'Do you have parking at 4pm?' });
    expect(turns.at(-1)!.regarding).toBeUndefined();
  });

  it('names no appointment for words after a message that offered answers about none', async () => {
    const phone = '+34600000905';
    await server.channel.send(phone, [{ text: 'Which day?', choices: [{ label: 'Monday', value: 'Monday' }] }], 'en');
    await server.inbound(phone, 'Tuesday please');
    await server.channel.idle();
    expect(turns.at(-1)).toMatchObject({ senderId: phone, text: 'Tuesday please' });
    expect(turns.at(-1)!.regarding).toBeUndefined();
  });
});
