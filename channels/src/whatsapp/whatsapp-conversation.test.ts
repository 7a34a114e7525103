import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '@consulta/core-api/testing';
import type { Database } from '@consulta/core-api';
import type { InboundMessage, OutboundMessage } from '../turn';
import type { FakeWhatsappMessage } from './fake-graph-api';
import {
  buttonReply,
  listReply,
  mediaMessage,
  notification,
  templateButton,
  textMessage,
} from './whatsapp-test-payloads';
import { startWhatsappTestServer, type WhatsappTestServer } from './whatsapp-test-server';

let database: Database;
let server: WhatsappTestServer;
const turns: InboundMessage[] = [];

const slots = [
  { label: 'Tue 8 Dec, 10:20', value: 'slot:2026-12-08T10:20' },
  { label: 'Tue 8 Dec, 11:00', value: 'slot:2026-12-08T11:00' },
  { label: 'Wed 9 Dec, 09:40', value: 'slot:2026-12-09T09:40' },
];
const manySlots = Array.from({ length: 12 }, (_, index) => ({
  label: `Thursday ${index + 10} December 2026, 16:40 with Dr. López`,
  value: `slot:thursday-${index}`,
}));

async function assistant(message: InboundMessage): Promise<OutboundMessage[]> {
  turns.push(message);
  if (message.text === 'slots') return [{ text: 'Dr. López is free at:', choices: slots }];
  if (message.text.includes('huecos')) return [{ text: 'La Dra. López tiene hueco:', choices: slots }];
  if (message.text === 'many') return [{ text: 'Free times:', choices: manySlots }];
  if (message.text.startsWith('slot:')) return [{ text: `Booked ${message.text}.` }];
  if (message.text.includes('explode'))
    throw new Error(`model down for ${message.senderId}: ${message.text}`);
  return [{ text: `echo ${message.text}` }];
}

beforeAll(async () => {
  database = await createTestDatabase({ seed: false });
  server = await startWhatsappTestServer({ pool: database.pool, handleTurn: assistant });
});
afterAll(async () => {
  await server?.close();
  await database?.close();
});

const turnsOf = (phone: string) => turns.filter((turn) => turn.senderId === phone).map((turn) => turn.text);

async function deliver(...messages: Array<Record<string, unknown>>) {
  expect((await server.post(notification({ messages }))).status).toBe(200);
  await server.channel.idle();
}

type Interactive = {
  type: 'button' | 'list';
  action: {
    buttons?: Array<{ reply: { id: string; title: string } }>;
    sections?: Array<{ rows: Array<{ id: string; title: string; description?: string }> }>;
  };
};
const interactiveOf = (message: FakeWhatsappMessage | undefined) =>
  (message?.body as { interactive: Interactive }).interactive;

describe('native choices', () => {
  it('sends up to three choices as reply buttons, and a tap hands the choice’s value to the assistant', async () => {
    const phone = '+34600000301';
    await server.say(phone, 'slots');
    const buttons = interactiveOf(server.sentTo(phone)[0]).action.buttons!;
    expect(buttons.map((button) => button.reply.title)).toEqual(slots.map((slot) => slot.label));
    // The ids are short and opaque: the value stays in the database.
    for (const button of buttons) expect(button.reply.id).not.toContain('slot');

    await deliver(buttonReply(phone, buttons[1]!.reply.id, buttons[1]!.reply.title));
    expect(turnsOf(phone)).toEqual(['slots', 'slot:2026-12-08T11:00']);
    expect(server.wordsTo(phone)[1]).toBe('Booked slot:2026-12-08T11:00.');
  });

  it('sends more choices as a list of ten, and a picked row maps back, even on another replica', async () => {
    const phone = '+34600000302';
    await server.say(phone, 'many');
    const list = interactiveOf(server.sentTo(phone)[0]);
    expect(list.type).toBe('list');
    const rows = list.action.sections!.flatMap((section) => section.rows);
    expect(rows).toHaveLength(10);

    const other = await startWhatsappTestServer({ pool: database.pool, handleTurn: assistant });
    try {
      const row = rows[6]!;
      expect((await other.deliver(listReply(phone, row))).status).toBe(200);
      await other.channel.idle();
      expect(turnsOf(phone)).toEqual(['many', 'slot:thursday-6']);
    } finally {
      await other.close();
    }
  });

  it('takes a typed number as the pick from the last choices sent, and forgets them after a reply without', async () => {
    const phone = '+34600000303';
    await server.say(phone, 'Hola, ¿hay huecos?');
    await server.say(phone, ' 3. ');
    expect(turnsOf(phone)).toEqual(['Hola, ¿hay huecos?', 'slot:2026-12-09T09:40']);
    await server.say(phone, '2');
    expect(turnsOf(phone).at(-1)).toBe('2');
  });

  it('does not map an id sent to another number, and falls back to what the patient saw', async () => {
    await server.say('+34600000304', 'slots');
    const id = interactiveOf(server.sentTo('+34600000304')[0]).action.buttons![0]!.reply.id;
    await deliver(buttonReply('+34600000305', id, 'Tue 8 Dec, 10:20'));
    expect(turnsOf('+34600000305')).toEqual(['Tue 8 Dec, 10:20']);
    await deliver(
      listReply('+34600000305', {
        id: 'unknown',
        title: 'Thursday 10 December…',
        description: 'Thursday 10 December 2026, 16:40',
      }),
    );
    expect(turnsOf('+34600000305').at(-1)).toBe('Thursday 10 December 2026, 16:40');
  });

  it('understands a template’s quick reply by its text', async () => {
    const phone = '+34600000306';
    await deliver(templateButton(phone, 'reminder-confirm', 'Confirm'));
    expect(turnsOf(phone)).toEqual(['Confirm']);
  });
});

describe('STOP and START', () => {
  it('confirms STOP, records it, then sends nothing to the number, whatever asks', async () => {
    const phone = '+34600000101';
    await server.say(phone, 'hello');
    await server.say(phone, ' Stop ');
    expect(server.consent.recorded).toContainEqual({ phone, keyword: 'stop' });
    await server.say(phone, 'are you there?');
    await deliver(mediaMessage(phone, 'image'));
    expect(await server.channel.send(phone, [{ text: 'Reminder: your appointment is tomorrow.' }])).toEqual(
      [],
    );
    expect(server.wordsTo(phone)).toEqual([
      'echo hello',
      "You won't receive more messages from us here. Send START to receive them again.",
    ]);
    // Nothing the patient wrote while opted out reached the assistant either.
    expect(turnsOf(phone)).toEqual(['hello']);
  });

  it('records START and sends again', async () => {
    const phone = '+34600000102';
    await server.say(phone, 'Hola, quiero una cita');
    await server.say(phone, 'BAJA');
    await server.say(phone, 'start');
    expect(
      server.consent.recorded.filter((entry) => entry.phone === phone).map((entry) => entry.keyword),
    ).toEqual(['stop', 'start']);
    await server.say(phone, 'back again');
    expect(server.wordsTo(phone).slice(1)).toEqual([
      'No recibirás más mensajes nuestros por aquí. Envía START para volver a recibirlos.',
      'Volverás a recibir nuestros mensajes por aquí.',
      'echo back again',
    ]);
  });
});

describe('what the channel cannot read yet', () => {
  it('answers an image, a document or a voice note with a short note in the patient’s language', async () => {
    await deliver(mediaMessage('+34600000401', 'document'));
    expect(server.wordsTo('+34600000401')).toEqual([
      "I can't receive files here yet. Please tell me in a message what you need.",
    ]);
    await server.say('+34600000402', 'Buenos días, necesito una cita');
    await deliver(mediaMessage('+34600000402', 'audio'));
    expect(server.wordsTo('+34600000402')[1]).toBe(
      'Todavía no puedo recibir archivos por aquí. Cuéntame en un mensaje lo que necesitas.',
    );
    expect(turnsOf('+34600000401')).toEqual([]);
  });

  it('says it reads only text for a location, and stays silent on a reaction', async () => {
    const location = {
      ...textMessage('+34600000403', ''),
      type: 'location',
      location: { latitude: 40.4, longitude: -3.7 },
    };
    const reaction = {
      ...textMessage('+34600000403', ''),
      type: 'reaction',
      reaction: { message_id: 'wamid.x', emoji: '👍' },
    };
    await deliver(location, reaction);
    expect(server.wordsTo('+34600000403')).toEqual([
      'I can only read text messages here for now. Please tell me in a message what you need.',
    ]);
  });
});

describe('failures', () => {
  it('apologises when the assistant fails, and logs neither the number nor the words', async () => {
    const phone = '+34600000501';
    await server.say(phone, 'please explode now');
    expect(server.wordsTo(phone)).toEqual([
      'Sorry, something went wrong on our side. Please try again in a moment.',
    ]);
    await server.say(phone, 'Hola, ¿puedes explode?');
    expect(server.wordsTo(phone)[1]).toBe(
      'Lo siento, algo ha fallado por nuestra parte. Inténtalo de nuevo en un momento.',
    );
    const failure = server.logs.find((line) => line.includes('whatsapp turn failed'));
    expect(failure).toContain('model down');
    expect(failure).toContain('…01#');
  });

  it('leaves an opted-out number unanswered, apology included', async () => {
    const phone = '+34600000502';
    server.consent.optedOut.add(phone);
    await server.say(phone, 'explode again');
    expect(server.sentTo(phone)).toEqual([]);
  });

  it('never wrote a test phone number or a message text to the logs', () => {
    const all = server.logs.join('\n');
    expect(all).not.toMatch(/\+?346000\d{5}/);
    for (const text of ['explode', 'Hola', 'back again', 'slot:2026', 'are you there'])
      expect(all).not.toContain(text);
  });
});
