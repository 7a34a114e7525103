import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '@consulta/core-api/testing';
import type { Database } from '@consulta/core-api';
import type { AnsweredChoice } from '../sms/answered-choice';
import type { DeliveryReport } from '../sms/delivery-status';
import type { InboundMessage, OutboundMessage } from '../turn';
import type { WhatsappTemplates } from './whatsapp-channel';
import { buttonReply, notification, statusUpdate, templateButton, textMessage } from './whatsapp-test-payloads';
import { startWhatsappTestServer, type WhatsappTestServer } from './whatsapp-test-server';

// What the notifications engine needs from the WhatsApp channel: outcomes of what it sent, and
// reminders whose answers (buttons inside the window, a template outside it) come back understood.
let database: Database;
let server: WhatsappTestServer;
const reports: DeliveryReport[] = [];
const turns: InboundMessage[] = [];

const about = { appointmentId: 'appt-seed-1', description: 'con Dr. Elena López del mar 8 dic, 10:20' };
const choices: AnsweredChoice[] = [
  { label: 'Confirmar', value: 'Iré a mi cita con Dr. Elena López del mar 8 dic, 10:20', answer: 'Gracias por confirmar. Te esperamos el martes, 8 de diciembre de 2026, 10:20.', about, key: 'C' },
  { label: 'Cancelar', value: 'Quiero cancelar mi cita con Dr. Elena López del mar 8 dic, 10:20', about, key: 'X' },
  { label: 'Cambiar la hora', value: 'Quiero cambiar mi cita con Dr. Elena López del mar 8 dic, 10:20', about, key: 'R' },
];
const reminder: OutboundMessage = {
  text: 'Recordatorio: Dermatología con Dr. Elena López el martes, 8 de diciembre de 2026, 10:20 (hora de Europa central).',
  choices,
};

const handleTurn = async (message: InboundMessage): Promise<OutboundMessage[]> => {
  turns.push(message);
  return [{ text: `echo ${message.text}` }];
};

beforeAll(async () => {
  database = await createTestDatabase({ seed: false });
  server = await startWhatsappTestServer({ pool: database.pool, handleTurn, overrides: { deliveryReports: (report) => reports.push(report) } });
});
afterAll(async () => {
  await server?.close();
  await database?.close();
});

const statuses = async (target: WhatsappTestServer, ...updates: Array<Record<string, unknown>>) =>
  expect((await target.post(notification({ statuses: updates }))).status).toBe(200);
const turnsOf = (phone: string) => turns.filter((turn) => turn.senderId === phone).map((turn) => turn.text);

async function withTemplates(templates: WhatsappTemplates, work: (other: WhatsappTestServer) => Promise<void>) {
  const other = await startWhatsappTestServer({ pool: database.pool, handleTurn, overrides: { templates } });
  try {
    await work(other);
  } finally {
    await other.close();
  }
}

describe('delivery reports to the notifications engine', () => {
  it('reports delivered (or read) and failed with Meta’s error, for a notification’s message only', async () => {
    const phone = '+34600000811';
    await server.say(phone, 'hola');
    const [id] = await server.channel.send(phone, [{ text: 'Tu cita está confirmada.' }], 'es', { reportDelivery: true });
    await statuses(server, statusUpdate(id!, 'sent', phone));
    expect(reports.filter((report) => report.providerMessageId === id)).toEqual([]);
    await statuses(server, statusUpdate(id!, 'delivered', phone), statusUpdate(id!, 'read', phone));
    expect(reports.filter((report) => report.providerMessageId === id)).toEqual(Array(2).fill({ providerMessageId: id, status: 'delivered' }));

    const [failed] = await server.channel.send(phone, [{ text: 'Otra.' }], 'es', { reportDelivery: true });
    await statuses(server, statusUpdate(failed!, 'failed', phone, [{ code: 131026, title: 'Message undeliverable' }]));
    expect(reports.at(-1)).toEqual({ providerMessageId: failed, status: 'failed', reason: 'failed: WhatsApp error 131026 (Message undeliverable)' });

    const replies = server.sentTo(phone).filter((message) => ![id, failed].includes(message.id));
    await statuses(server, ...replies.map((message) => statusUpdate(message.id, 'delivered', phone)));
    expect(reports.filter((report) => replies.some((message) => message.id === report.providerMessageId))).toEqual([]);
  });
});

describe('two-way reminders inside the 24-hour window', () => {
  it('sends the answers as reply buttons; Confirm is thanked with no turn, Cancel goes to the assistant', async () => {
    const phone = '+34600000911';
    await server.say(phone, 'hola');
    await server.channel.send(phone, [reminder], 'es', { reportDelivery: true });
    const body = server.sentTo(phone).at(-1)!.body as { interactive: { type: string; body: { text: string }; action: { buttons: Array<{ reply: { id: string; title: string } }> } } };
    expect(body.interactive.type).toBe('button');
    expect(body.interactive.body.text).toBe(reminder.text);
    const [confirm, cancel] = body.interactive.action.buttons.map((button) => button.reply);
    expect(body.interactive.action.buttons.map((button) => button.reply.title)).toEqual(['Confirmar', 'Cancelar', 'Cambiar la hora']);

    await server.deliver(buttonReply(phone, confirm!.id, confirm!.title));
    await server.channel.idle();
    expect(server.wordsTo(phone).at(-1)).toBe(choices[0]!.answer);
    expect(turnsOf(phone)).toEqual(['hola']);

    await server.deliver(buttonReply(phone, cancel!.id, cancel!.title));
    await server.channel.idle();
    expect(turnsOf(phone).at(-1)).toBe('Quiero cancelar mi cita con Dr. Elena López del mar 8 dic, 10:20');
  });

  it('understands a typed number as the button of that place', async () => {
    const phone = '+34600000912';
    await server.say(phone, 'hola');
    await server.channel.send(phone, [reminder], 'es');
    await server.say(phone, '3');
    expect(turnsOf(phone).at(-1)).toBe('Quiero cambiar mi cita con Dr. Elena López del mar 8 dic, 10:20');
    expect(turns.at(-1)!.regarding).toEqual(about);
  });

  it('names no appointment for words written after Confirmar was tapped', async () => {
    const phone = '+34600000914';
    await server.say(phone, 'hola');
    await server.channel.send(phone, [reminder], 'es');
    const body = server.sentTo(phone).at(-1)!.body as { interactive: { action: { buttons: Array<{ reply: { id: string; title: string } }> } } };
    const confirm = body.interactive.action.buttons[0]!.reply;
    await server.deliver(buttonReply(phone, confirm.id, confirm.title));
    await server.channel.idle();
    expect(server.wordsTo(phone).at(-1)).toBe(choices[0]!.answer);
    await server.say(phone, '¿hay aparcamiento a las 4?');
    expect(turns.at(-1)).toMatchObject({ senderId: phone, text: '¿hay aparcamiento a las 4?' });
    expect(turns.at(-1)!.regarding).toBeUndefined();
  });

  it('hands words typed instead of a button to the assistant with the reminder’s appointment, once', async () => {
    const phone = '+34600000913';
    await server.say(phone, 'hola');
    await server.channel.send(phone, [reminder], 'es');
    await server.say(phone, '¿podemos a las 4 de la tarde?');
    expect(turns.at(-1)).toMatchObject({ senderId: phone, text: '¿podemos a las 4 de la tarde?', regarding: about });
    // The assistant's answer offered nothing: what follows is about the conversation, not the reminder.
    await server.say(phone, 'gracias');
    expect(turns.at(-1)!.text).toBe('gracias');
    expect(turns.at(-1)!.regarding).toBeUndefined();
  });
});

describe('two-way reminders outside the window', () => {
  it('writes the answers into the template with their letters; a typed "x" cancels, as a "2" would', async () => {
    await withTemplates({ reminder: { name: 'appointment_reminder', language: 'es' } }, async (other) => {
      const phone = '+34600000921';
      await other.channel.send(phone, [reminder], 'es');
      expect(other.graph.messages.at(-1)!.body).toMatchObject({
        type: 'template',
        template: { components: [{ type: 'body', parameters: [{ type: 'text', text: `${reminder.text} Responde C para confirmar, X para cancelar o R para cambiar la hora.` }] }] },
      });
      await other.say(phone, 'x');
      expect(turnsOf(phone)).toEqual(['Quiero cancelar mi cita con Dr. Elena López del mar 8 dic, 10:20']);
      await other.channel.send(phone, [reminder], 'es');
      await other.say(phone, '2');
      expect(turnsOf(phone)).toHaveLength(2);
      expect(turnsOf(phone)[1]).toBe('Quiero cancelar mi cita con Dr. Elena López del mar 8 dic, 10:20');
    });
  });

  it('numbers answers that have no letters', async () => {
    await withTemplates({ reminder: { name: 'appointment_reminder', language: 'es' } }, async (other) => {
      const phone = '+34600000923';
      const unlettered = { ...reminder, choices: choices.map(({ key: _key, ...choice }) => choice) };
      await other.channel.send(phone, [unlettered], 'es');
      expect(other.graph.messages.at(-1)!.body).toMatchObject({
        template: { components: [{ type: 'body', parameters: [{ type: 'text', text: `${reminder.text} 1. Confirmar, 2. Cancelar, 3. Cambiar la hora. Responde 1, 2 o 3.` }] }] },
      });
      // A letter picks nothing there: it is the patient's words.
      await other.say(phone, 'x');
      expect(turnsOf(phone)).toEqual(['x']);
    });
  });

  it('gives a template’s quick replies the answers’ ids, so a tap is understood', async () => {
    await withTemplates({ reminder: { name: 'appointment_reminder', language: 'es', quickReplies: true } }, async (other) => {
      const phone = '+34600000922';
      await other.channel.send(phone, [reminder], 'es');
      const template = (other.graph.messages.at(-1)!.body as { template: { components: Array<{ type: string; sub_type?: string; index?: string; parameters: Array<{ type: string; payload?: string; text?: string }> }> } }).template;
      expect(template.components[0]!.parameters[0]!.text).toBe(reminder.text);
      const buttons = template.components.filter((component) => component.type === 'button');
      expect(buttons.map((button) => [button.sub_type, button.index])).toEqual([['quick_reply', '0'], ['quick_reply', '1'], ['quick_reply', '2']]);
      await other.deliver(templateButton(phone, buttons[0]!.parameters[0]!.payload!, 'Confirmar'));
      await other.channel.idle();
      expect(other.wordsTo(phone).at(-1)).toBe(choices[0]!.answer);
      await other.deliver(templateButton(phone, buttons[1]!.parameters[0]!.payload!, 'Cancelar'), textMessage(phone, 'gracias'));
      await other.channel.idle();
      expect(turnsOf(phone)).toEqual(['Quiero cancelar mi cita con Dr. Elena López del mar 8 dic, 10:20', 'gracias']);
    });
  });
});
