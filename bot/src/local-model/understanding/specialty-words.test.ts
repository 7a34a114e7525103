import { describe, expect, it } from 'vitest';
import { foldText } from './normalize-text';
import { SERVICE_WORD_GROUPS, SPECIALTIES } from './specialty-words';

describe('specialty vocabulary', () => {
  it('is folded so it matches folded text', () => {
    for (const { key, phrases } of SPECIALTIES) {
      expect(foldText(key)).toBe(key);
      for (const phrase of phrases) expect(foldText(phrase)).toBe(phrase);
    }
    for (const group of SERVICE_WORD_GROUPS) for (const word of group) expect(foldText(word)).toBe(word);
  });

  it('covers the four specialties the product launches with, in both languages', () => {
    const keys = SPECIALTIES.map((specialty) => specialty.key);
    expect(keys).toEqual(
      expect.arrayContaining(['dermatology', 'general practice', 'physiotherapy', 'family law']),
    );
    const phrases = SPECIALTIES.flatMap((specialty) => specialty.phrases);
    expect(phrases).toEqual(
      expect.arrayContaining(['dermatologa', 'medico de cabecera', 'fisioterapeuta', 'abogada']),
    );
  });

  it('puts every service word in one group only', () => {
    const words = SERVICE_WORD_GROUPS.flat();
    expect(new Set(words).size).toBe(words.length);
  });
});
