import { describe, expect, it } from 'vitest';
import { ENUM_CONCEPTS } from './enum-synonyms';
import { foldText } from './normalize-text';

describe('enum concepts', () => {
  it('are folded so they match plain text', () => {
    for (const words of ENUM_CONCEPTS) for (const word of words) expect(foldText(word)).toBe(word);
  });

  it('translate the family-law case types', () => {
    const conceptOf = (word: string) => ENUM_CONCEPTS.find((words) => words.includes(word))?.[0];
    expect(conceptOf('divorcio')).toBe('divorce');
    expect(conceptOf('custodia')).toBe('custody');
    expect(conceptOf('herencia')).toBe('inheritance');
    expect(conceptOf('otro')).toBe('other');
  });

  it('give every word a single meaning', () => {
    const words = ENUM_CONCEPTS.flat();
    expect(new Set(words).size).toBe(words.length);
  });
});
