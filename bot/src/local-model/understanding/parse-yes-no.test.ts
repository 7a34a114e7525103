import { describe, expect, it } from 'vitest';
import { parseYesNo } from './parse-yes-no';

describe('parseYesNo', () => {
  it.each([
    'yes',
    'Yeah',
    'sure',
    'ok',
    'confirm',
    'please do',
    'Yes please',
    'sounds good',
    'sí',
    'si',
    'Sí, por favor',
    'vale',
    'claro',
    'de acuerdo',
    'correcto',
    'perfecto, gracias',
  ])('%s → yes', (text) => {
    expect(parseYesNo(text)).toBe('yes');
  });

  it.each([
    'no',
    'nope',
    'cancel that',
    "don't",
    'no gracias',
    'mejor no',
    'No, thanks',
    'No, the other one',
    "No, that's fine",
  ])('%s → no', (text) => {
    expect(parseYesNo(text)).toBe('no');
  });

  it.each(['maybe', 'not sure', 'hmm', '', "yes, don't book it", 'si puedes mañana mejor'])(
    '%s → null',
    (text) => {
      expect(parseYesNo(text)).toBeNull();
    },
  );
});
