import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '@consulta/core-api/testing';
import type { Database } from '@consulta/core-api';
import type { InboundMessage, OutboundMessage } from '../turn';
import { segmentsOf } from './sms-split';
import { startSmsTestServer, type SmsTestServer } from './sms-test-server';

let database: Database;
let server: SmsTestServer;
const turns: InboundMessage[] = [];

const slots = [
  { label: 'Tue 8 Dec, 10:20', value: 'slot:2026-12-08T10:20' },
  { label: 'Tue 8 Dec, 11:00', value: 'slot:2026-12-08T11:00' },
  { label: 'Wed 9 Dec, 09:40', value: 'slot:2026-12-09T09:40' },
];
const longAnswer = Array.from({ length: 3 }, (_, paragraph) =>
  Array.from(
    { length: 12 },
    (_, index) => `Point ${paragraph}.${index}: bring your insurance card and arrive ten minutes early.`,
  ).join(' '),
).join('\n\n');

async function assistant(message: InboundMessage): Promise<OutboundMessage[]> {
  turns.push(message);
  if (message.text === 'slots') return [{ text: 'Dr. López is free at:', choices: slots }];
  if (message.text.includes('huecos')) return [{ text: 'La Dra. López tiene hueco:', choices: slots }];
  if (message.text.startsWith('slot:')) return [{ text: `Booked ${message.text}.` }];
  if (message.text === 'long') return [{ text: longAnswer }];
  if (message.text.includes('explode'))
    throw new Error(`model down while answering ${message.senderId}: ${message.text}`);
  return [{ text: `echo ${message.text}` }];
}

beforeAll(async () => {
  database = await createTestDatabase({ seed: false });
  server = await startSmsTestServer({ pool: database.pool, handleTurn: assistant });
});
afterAll(async () => {
  await server?.close();
  await database?.close();
});

async function say(phone: string, text: string) {
  expect((await server.inbound(phone, text)).status).toBe(200);
  await server.channel.idle();
}
const turnsOf = (phone: string) => turns.filter((turn) => turn.senderId === phone).map((turn) => turn.text);

describe('STOP and START', () => {
  it('records STOP, then sends nothing to the number, whatever asks', async () => {
    const phone = '+34600000101';
    await say(phone, 'hello');
    await say(phone, ' Stop ');
    expect(server.consent.recorded).toContainEqual({ phone, keyword: 'stop' });
    await say(phone, 'are you there?');
    await say(phone, 'HELP');
    expect(await server.channel.send(phone, [{ text: 'Reminder: your appointment is tomorrow.' }])).toEqual(
      [],
    );
    expect(server.sentTo(phone)).toEqual(['echo hello']);
    // Nothing the patient wrote while opted out reached the assistant either.
    expect(turnsOf(phone)).toEqual(['hello']);
  });

  it('records START (and YES from an opted-out number) and sends again', async () => {
    const phone = '+34600000102';
    await say(phone, 'UNSUBSCRIBE');
    await say(phone, 'start');
    expect(
      server.consent.recorded.filter((entry) => entry.phone === phone).map((entry) => entry.keyword),
    ).toEqual(['stop', 'start']);
    await say(phone, 'back again');
    expect(server.sentTo(phone)).toEqual(['echo back again']);

    await say(phone, 'QUIT');
    await say(phone, 'Yes');
    await say(phone, 'and again');
    expect(server.sentTo(phone)).toEqual(['echo back again', 'echo and again']);
  });

  it('passes YES to the assistant when the number is not opted out: it answers a question', async () => {
    const phone = '+34600000103';
    await say(phone, 'yes');
    expect(turnsOf(phone)).toEqual(['yes']);
    expect(server.consent.recorded.filter((entry) => entry.phone === phone)).toEqual([]);
  });

  it('stops in the middle of a multi-part reply when STOP lands between the parts', async () => {
    const phone = '+34600000104';
    let checks = 0;
    const isOptedOut = server.consent.isOptedOut;
    server.consent.isOptedOut = async (number) => {
      checks += 1;
      // The third check is the one before the second part.
      if (number === phone && checks === 3) server.consent.optedOut.add(phone);
      return isOptedOut(number);
    };
    try {
      await say(phone, 'long');
    } finally {
      server.consent.isOptedOut = isOptedOut;
    }
    expect(server.sentTo(phone)).toHaveLength(1);
  });
});

describe('HELP', () => {
  it('answers a short help text in the language the number last wrote in', async () => {
    await say('+34600000201', 'HELP');
    expect(server.sentTo('+34600000201')).toEqual([
      expect.stringMatching(/^Consulta: book, change or cancel .* Reply STOP .* START/),
    ]);

    await say('+34600000202', 'Hola, quiero una cita');
    await say('+34600000202', 'help');
    expect(server.sentTo('+34600000202')[1]).toMatch(
      /^Consulta: pide, cambia o anula .* Responde STOP .* START/,
    );

    await say('+34600000203', 'Ayuda');
    expect(server.sentTo('+34600000203')).toEqual([expect.stringMatching(/^Consulta: pide/)]);
    expect(turnsOf('+34600000201')).toEqual([]);
  });
});

describe('numbered choices', () => {
  it('sends the choices as a numbered list and hands the picked value to the assistant', async () => {
    const phone = '+34600000301';
    await say(phone, 'slots');
    expect(server.sentTo(phone)[0]).toBe(
      'Dr. López is free at:\n\n1. Tue 8 Dec, 10:20\n2. Tue 8 Dec, 11:00\n3. Wed 9 Dec, 09:40\n\nReply 1, 2 or 3',
    );
    await say(phone, ' 2. ');
    expect(turnsOf(phone)).toEqual(['slots', 'slot:2026-12-08T11:00']);
    expect(server.sentTo(phone)[1]).toBe('Booked slot:2026-12-08T11:00.');
  });

  it('forgets the list once a reply without choices has gone out, and passes other numbers through', async () => {
    const phone = '+34600000302';
    await say(phone, 'slots');
    await say(phone, '7');
    await say(phone, 'thanks');
    await say(phone, '1');
    expect(turnsOf(phone)).toEqual(['slots', '7', 'thanks', '1']);
  });

  it('remembers the list in the database, so another replica understands the answer', async () => {
    const phone = '+34600000303';
    await say(phone, 'Hola, ¿hay huecos?');
    expect(server.sentTo(phone)[0]).toMatch(/\n\nResponde 1, 2 o 3$/);
    const other = await startSmsTestServer({ pool: database.pool, handleTurn: assistant });
    try {
      expect((await other.inbound(phone, '3')).status).toBe(200);
      await other.channel.idle();
      expect(turnsOf(phone)).toEqual(['Hola, ¿hay huecos?', 'slot:2026-12-09T09:40']);
    } finally {
      await other.close();
    }
  });
});

describe('long replies', () => {
  it('sends them in numbered parts of at most ten segments, in order', async () => {
    const phone = '+34600000401';
    await say(phone, 'long');
    const parts = server.sentTo(phone);
    expect(parts.length).toBeGreaterThan(1);
    parts.forEach((part, index) => {
      expect(part.endsWith(` (${index + 1}/${parts.length})`)).toBe(true);
      expect(segmentsOf(part)).toBeLessThanOrEqual(10);
    });
  });
});

describe('failures', () => {
  it('apologises when the assistant fails, and logs neither the number nor the words', async () => {
    const phone = '+34600000501';
    await say(phone, 'please explode now');
    expect(server.sentTo(phone)).toEqual([
      'Sorry, something went wrong on our side. Please try again in a moment.',
    ]);
    await say(phone, 'Hola, ¿puedes explode?');
    expect(server.sentTo(phone)[1]).toBe(
      'Lo siento, algo ha fallado por nuestra parte. Inténtalo de nuevo en un momento.',
    );
    const failure = server.logs.find((line) => line.includes('sms turn failed'));
    expect(failure).toBeDefined();
    expect(failure).toContain('model down');
    expect(failure).toContain('…01#');
  });

  it('does not apologise to an opted-out number', async () => {
    const phone = '+34600000502';
    await say(phone, 'please explode');
    server.consent.optedOut.add(phone);
    await say(phone, 'explode again');
    expect(server.sentTo(phone)).toHaveLength(1);
  });

  it('retries a send Twilio turns away for now, and gives up quietly on a number Twilio has unsubscribed', async () => {
    server.twilioApi.failNext(2, 503);
    await say('+34600000503', 'retry me');
    expect(server.sentTo('+34600000503')).toEqual(['echo retry me']);

    server.twilioApi.unsubscribed.add('+34600000504');
    await say('+34600000504', 'unsubscribed at Twilio');
    expect(server.sentTo('+34600000504')).toEqual([]);
    expect(server.logs.some((line) => line.includes('Twilio has the number unsubscribed'))).toBe(true);
  });

  it('never wrote a test phone number or a message text to the logs', () => {
    const all = server.logs.join('\n');
    expect(all).not.toMatch(/\+?346000\d{5}/);
    for (const text of ['explode', 'Hola', 'back again', 'retry me', 'slot:2026'])
      expect(all).not.toContain(text);
  });
});
