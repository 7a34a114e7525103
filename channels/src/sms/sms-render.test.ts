import { describe, expect, it } from 'vitest';
import { keywordOf } from './sms-keywords';
import { pickChoice, plainText, renderSms } from './sms-render';
import { detectLocale, toSmsLocale } from './sms-words';

const slots = [
  { label: 'Tue 8 Dec, 10:20', value: 'slot:2026-12-08T10:20' },
  { label: 'Tue 8 Dec, 11:00', value: 'slot:2026-12-08T11:00' },
  { label: 'Wed 9 Dec, 09:40', value: 'slot:2026-12-09T09:40' },
];

describe('rendering replies as SMS text', () => {
  it('numbers the choices and says how to answer, in English or Spanish', () => {
    expect(renderSms({ text: 'Dr. López is free at:', choices: slots }, 'en')).toBe(
      'Dr. López is free at:\n\n1. Tue 8 Dec, 10:20\n2. Tue 8 Dec, 11:00\n3. Wed 9 Dec, 09:40\n\nReply 1, 2 or 3',
    );
    expect(renderSms({ text: 'Hay hueco:', choices: slots.slice(0, 2) }, 'es')).toMatch(
      /\n\nResponde 1 o 2$/,
    );
    expect(renderSms({ text: '¿Confirmo?', choices: slots.slice(0, 1) }, 'es')).toMatch(/\n\nResponde 1$/);
    const many = Array.from({ length: 7 }, (_, index) => ({ label: `Slot ${index}`, value: `v${index}` }));
    expect(renderSms({ text: 'Pick one', choices: many }, 'en')).toMatch(
      /7\. Slot 6\n\nReply with a number from 1 to 7$/,
    );
    expect(renderSms({ text: 'Elige', choices: many }, 'es')).toMatch(/Responde con un número del 1 al 7$/);
  });

  it('does not list the choices twice when the text already numbers them in order', () => {
    const listed = 'Free times:\n1. Tue 8 Dec, 10:20\n2. Tue 8 Dec, 11:00\n3. Wed 9 Dec, 09:40\nWhich one suits you?';
    expect(renderSms({ text: listed, choices: slots }, 'en')).toBe(`${listed}\n\nReply 1, 2 or 3`);
    // Listed in another order: the channel's own numbered list is what "2" refers to.
    const shuffled = 'Free times:\n1. Tue 8 Dec, 11:00\n2. Tue 8 Dec, 10:20\n3. Wed 9 Dec, 09:40';
    expect(renderSms({ text: shuffled, choices: slots }, 'en')).toContain('\n\n1. Tue 8 Dec, 10:20\n2. Tue 8 Dec, 11:00');
  });

  it('lays out a confirmation summary as title, facts and question instead of the long text', () => {
    const text = renderSms(
      {
        text: 'Please confirm: Dermatology consultation with Dr. López on Tue 8 Dec, 10:20.',
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
      },
      'en',
    );
    expect(text).toBe(
      'Dermatology consultation\nWith: Dr. López\nWhen: Tue 8 Dec, 10:20\n\nShall I go ahead?\n\n1. Yes\n2. No\n\nReply 1 or 2',
    );
  });

  it('turns the markdown models write into plain text', () => {
    expect(
      plainText('**Dr. López** is free on _Tuesday_; see [the map](https://maps.example/x) or `room 4`.'),
    ).toBe('Dr. López is free on Tuesday; see the map (https://maps.example/x) or room 4.');
    expect(plainText('## Your visits\n* Tue 10:20\n* Wed 09:40')).toBe(
      'Your visits\n- Tue 10:20\n- Wed 09:40',
    );
    expect(plainText('2 * 3 = 6, snake_case_name stays')).toBe('2 * 3 = 6, snake_case_name stays');
  });
});

describe('understanding a numbered answer', () => {
  it('maps "2", "2.", " 2 ", "2)" and "#2" to the second choice', () => {
    for (const reply of ['2', '2.', ' 2 ', '2)', '#2', '02'])
      expect(pickChoice(reply, slots)).toBe('slot:2026-12-08T11:00');
  });

  it('leaves anything else to the assistant', () => {
    expect(pickChoice('4', slots)).toBeUndefined();
    expect(pickChoice('0', slots)).toBeUndefined();
    expect(pickChoice('2 please, or 3', slots)).toBeUndefined();
    expect(pickChoice('at 2', slots)).toBeUndefined();
    expect(pickChoice('2', undefined)).toBeUndefined();
  });
});

describe('carrier keywords', () => {
  it('knows STOP, START and HELP with their usual synonyms, in any case, trimmed', () => {
    for (const word of ['STOP', 'stop', ' Stop ', 'STOPALL', 'unsubscribe', 'Cancel', 'END', 'quit', 'stop.'])
      expect(keywordOf(word)).toEqual({ kind: 'stop' });
    for (const word of ['START', 'start', 'Unstop']) expect(keywordOf(word)).toEqual({ kind: 'start' });
    expect(keywordOf('yes')).toEqual({ kind: 'optIn' });
    for (const word of ['HELP', 'help', 'Info']) expect(keywordOf(word)).toEqual({ kind: 'help' });
    expect(keywordOf('ayuda')).toEqual({ kind: 'help', locale: 'es' });
  });

  it('does not take a sentence containing a keyword for the keyword', () => {
    for (const text of [
      'please stop the reminders for my mother',
      'cancel my appointment',
      'help me book',
      'yes please',
      '',
    ])
      expect(keywordOf(text)).toBeUndefined();
  });
});

describe('telling English from Spanish', () => {
  it('guesses from the words, and says nothing when a message is too short to tell', () => {
    expect(detectLocale('Hola, quiero una cita para mañana')).toBe('es');
    expect(detectLocale('¿Puede ser el martes?')).toBe('es');
    expect(detectLocale('Hi, can I book an appointment for tomorrow?')).toBe('en');
    expect(detectLocale('2')).toBeUndefined();
    expect(detectLocale('ok')).toBe('en');
    expect(detectLocale('Can I see Dr. López tomorrow?')).toBe('en');
    expect(detectLocale('¿Puedo ver a la Dra. López?')).toBe('es');
  });
});

describe('answers with letters (a reminder’s)', () => {
  const lettered = [
    { label: 'Confirm', value: 'confirm', key: 'C' },
    { label: 'Cancel', value: 'cancel', key: 'x' },
    { label: 'Reschedule', value: 'move', key: 'R' },
  ];

  it('says each letter with what it does, instead of a numbered list', () => {
    expect(renderSms({ text: 'Reminder.', choices: lettered }, 'en')).toBe('Reminder.\n\nReply C to confirm, X to cancel or R to reschedule');
    // A French patient's reminder comes with French answers, and the sentence around them follows.
    const french = [{ label: 'Confirmer', value: 'c', key: 'C' }, { label: 'Annuler', value: 'x', key: 'X' }, { label: 'Déplacer', value: 'r', key: 'R' }];
    expect(renderSms({ text: 'Rappel.', choices: french }, toSmsLocale('fr-FR')!)).toBe('Rappel.\n\nRépondez C pour confirmer, X pour annuler ou R pour déplacer');
  });

  it('maps a letter in either case, or the number, to its answer', () => {
    expect(pickChoice('c', lettered)).toBe('confirm');
    expect(pickChoice(' X. ', lettered)).toBe('cancel');
    expect(pickChoice('R!', lettered)).toBe('move');
    expect(pickChoice('3', lettered)).toBe('move');
    expect(pickChoice('Y', lettered)).toBeUndefined();
    expect(pickChoice('no', lettered)).toBeUndefined();
  });

  it('numbers choices whose letters are missing or repeated, and a letter picks none of them', () => {
    const repeated = lettered.map((choice) => ({ ...choice, key: 'C' }));
    expect(renderSms({ text: 'Pick.', choices: repeated }, 'en')).toBe('Pick.\n\n1. Confirm\n2. Cancel\n3. Reschedule\n\nReply 1, 2 or 3');
    expect(pickChoice('C', repeated)).toBeUndefined();
    expect(pickChoice('a', slots)).toBeUndefined();
  });
});
