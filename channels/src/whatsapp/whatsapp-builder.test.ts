import { describe, expect, it } from 'vitest';
import type { Choice, OutboundMessage } from '../turn';
import { graphMessageProblem } from './fake-graph-validation';
import type { GraphMessageBody } from './graph-types';
import { buildWhatsappMessages, type BuiltMessage } from './whatsapp-builder';
import { consentKeywordOf } from './whatsapp-keywords';
import { splitText, toWhatsappMarkup, truncate, uniqueTitles } from './whatsapp-text';

let counter = 0;
const build = (message: OutboundMessage, locale: 'en' | 'es' = 'en') =>
  buildWhatsappMessages(message, { locale, newId: () => `c${(counter += 1)}` });

/** Whatever is built must pass the fake Cloud API's checks, which speak WhatsApp's limits. */
function expectAccepted(built: BuiltMessage[]) {
  for (const { body } of built) {
    expect(
      graphMessageProblem({ messaging_product: 'whatsapp', to: '34600000001', ...body }),
    ).toBeUndefined();
  }
}

const interactive = (body: GraphMessageBody) => {
  if (body.type !== 'interactive') throw new Error(`expected an interactive message, got ${body.type}`);
  return body.interactive;
};

const slots: Choice[] = [
  { label: 'Tue 8 Dec, 10:20', value: 'slot:2026-12-08T10:20' },
  { label: 'Tue 8 Dec, 11:00', value: 'slot:2026-12-08T11:00' },
  { label: 'Wed 9 Dec, 09:40', value: 'slot:2026-12-09T09:40' },
];

const manySlots = (count: number, label: (index: number) => string): Choice[] =>
  Array.from({ length: count }, (_, index) => ({ label: label(index), value: `slot:${index}` }));

describe('plain text', () => {
  it('sends text as a text message, in WhatsApp markup', () => {
    expect(build({ text: 'Your **appointment** is on [Tuesday](https://x.example/a).' })).toEqual([
      { body: { type: 'text', text: { body: 'Your *appointment* is on Tuesday (https://x.example/a).' } } },
    ]);
    expect(toWhatsappMarkup('## Times\n* one\n* two')).toBe('*Times*\n- one\n- two');
  });

  it('splits text longer than 4096 characters between paragraphs', () => {
    const paragraph = 'Bring your insurance card and arrive ten minutes early. '.repeat(30).trim();
    const built = build({ text: Array.from({ length: 5 }, () => paragraph).join('\n\n') });
    expect(built.length).toBeGreaterThan(1);
    expectAccepted(built);
    for (const { body } of built)
      expect(body.type === 'text' && body.text.body.endsWith('early.')).toBe(true);
  });

  it('sends nothing for an empty reply', () => {
    expect(build({ text: '  ' })).toEqual([]);
  });
});

describe('reply buttons for up to three choices', () => {
  it('puts the text in the body and each choice on a button with a short opaque id', () => {
    const [message, ...rest] = build({ text: 'Dr. López is free at:', choices: slots });
    expect(rest).toEqual([]);
    const body = interactive(message!.body);
    expect(body).toMatchObject({ type: 'button', body: { text: 'Dr. López is free at:' } });
    const buttons = body.type === 'button' ? body.action.buttons : [];
    expect(buttons.map((button) => button.reply.title)).toEqual(slots.map((slot) => slot.label));
    expect(message!.choices).toEqual(
      slots.map((slot, index) => ({ id: buttons[index]!.reply.id, position: index + 1, ...slot })),
    );
    for (const button of buttons) expect(button.reply.id).toMatch(/^c\d+$/);
  });

  it('cuts long titles to 20 characters at a word with an ellipsis, and keeps them apart', () => {
    const [message] = build({
      text: 'Which one?',
      choices: [
        { label: 'Tue 8 Dec, 10:20 with Dr. López', value: 'a' },
        { label: 'Tue 8 Dec, 10:20 with Dr. García', value: 'b' },
        { label: 'Cancel', value: 'cancel' },
      ],
    });
    const body = interactive(message!.body);
    const titles = body.type === 'button' ? body.action.buttons.map((button) => button.reply.title) : [];
    expect(titles).toEqual(['1. Tue 8 Dec, 10:20…', '2. Tue 8 Dec, 10:20…', '3. Cancel']);
    expectAccepted([message!]);
    expect(uniqueTitles(['Tuesday morning appointment', 'Friday'], 20)).toEqual([
      'Tuesday morning…',
      'Friday',
    ]);
  });

  it('lays out a summary as title, facts and question with its yes/no choices as buttons', () => {
    const [message] = build({
      text: 'Please confirm: Dermatology with Dr. López on Tue 8 Dec, 10:20.',
      summary: {
        title: 'Dermatology consultation',
        facts: [
          { label: 'With', value: 'Dr. López' },
          { label: 'When', value: 'Tue 8 Dec, 10:20' },
        ],
        question: 'Shall I go ahead?',
      },
      choices: [
        { label: 'Yes', value: 'yes' },
        { label: 'No', value: 'no' },
      ],
    });
    const body = interactive(message!.body);
    expect(body.body.text).toBe(
      '*Dermatology consultation*\nWith: Dr. López\nWhen: Tue 8 Dec, 10:20\n\nShall I go ahead?',
    );
    expect(body.type === 'button' && body.action.buttons.map((button) => button.reply.title)).toEqual([
      'Yes',
      'No',
    ]);
  });

  it('sends a text too long for a body first, and the choices under the question', () => {
    const long = 'A very detailed explanation of the options. '.repeat(40);
    const built = build({ text: long, choices: slots }, 'es');
    expect(built.map((message) => message.body.type)).toEqual(['text', 'interactive']);
    expect(interactive(built[1]!.body).body.text).toBe('Elige una opción:');
    expectAccepted(built);
  });
});

describe('lists for more than three choices', () => {
  it('shows four to ten choices as rows, the whole label in the description when the title is cut', () => {
    const choices = [...slots, { label: 'Thursday 10 December 2026, 16:40', value: 'slot:2026-12-10T16:40' }];
    const [message] = build({ text: 'Free times:', choices });
    const body = interactive(message!.body);
    if (body.type !== 'list') throw new Error('expected a list');
    expect(body.action.button).toBe('Choose');
    expect(body.footer).toBeUndefined();
    const rows = body.action.sections.flatMap((section) => section.rows);
    expect(rows.map((row) => row.title)).toEqual([
      ...slots.map((slot) => slot.label),
      'Thursday 10 December…',
    ]);
    expect(rows[3]!.description).toBe('Thursday 10 December 2026, 16:40');
    expect(rows[0]!.description).toBeUndefined();
    expect(message!.choices!.map((choice) => choice.value)).toEqual(choices.map((choice) => choice.value));
  });

  it('never exceeds the limits with 25 slots and long labels: the first ten, and a footer to ask for more', () => {
    const choices = manySlots(
      25,
      (index) =>
        `${['Monday', 'Tuesday', 'Wednesday'][index % 3]} ${index + 1} December 2026 at ${9 + (index % 8)}:20 with Dr. Maximiliano Fernández-Castellanos in the new wing 😀`,
    );
    const built = build({ text: 'Here are the free times for the next weeks:', choices }, 'es');
    expect(built).toHaveLength(1);
    expectAccepted(built);
    const body = interactive(built[0]!.body);
    if (body.type !== 'list') throw new Error('expected a list');
    const rows = body.action.sections.flatMap((section) => section.rows);
    expect(rows).toHaveLength(10);
    expect(new Set(rows.map((row) => row.title)).size).toBe(10);
    expect(body.footer?.text).toBe('Se muestran 10 de 25. Pídeme más.');
    expect(built[0]!.choices!.map((choice) => choice.value)).toEqual(
      choices.slice(0, 10).map((c) => c.value),
    );
  });

  it('stays within the limits whatever the labels, counts and text', () => {
    const labels = [
      '',
      'x',
      'Ñ'.repeat(100),
      '👨‍👩‍👧‍👦'.repeat(12),
      'word '.repeat(30),
      '**bold** _it_',
      'a\nb\tc',
    ];
    for (let count = 1; count <= 14; count += 1) {
      for (const text of ['', 'Pick', 'x'.repeat(1024), 'y'.repeat(1025), 'z'.repeat(9000)]) {
        const choices = manySlots(
          count,
          (index) => labels[index % labels.length]! + (index > 6 ? index : ''),
        );
        expectAccepted(build({ text, choices }));
      }
    }
  });
});

describe('text helpers', () => {
  it('cuts without breaking an emoji or a word, and splits long runs without spaces', () => {
    expect(truncate('😀'.repeat(30), 20)).toBe(`${'😀'.repeat(9)}…`);
    expect(truncate('Tue 8 Dec, 10:20 with Dr. López', 20)).toBe('Tue 8 Dec, 10:20…');
    expect(truncate('short', 20)).toBe('short');
    const parts = splitText('x'.repeat(9000), 4096);
    expect(parts.map((part) => part.length)).toEqual([4096, 4096, 808]);
  });

  it('knows the consent keywords and leaves "cancel" to the assistant', () => {
    expect(consentKeywordOf(' Stop! ')).toBe('stop');
    expect(consentKeywordOf('baja')).toBe('stop');
    expect(consentKeywordOf('START')).toBe('start');
    expect(consentKeywordOf('cancel')).toBeUndefined();
    expect(consentKeywordOf('stop the reminders please')).toBeUndefined();
  });
});
