import { describe, expect, it } from 'vitest';
import { ENGLISH_WORDS, SPANISH_ENDINGS, SPANISH_WORDS } from './locale-words';
import { foldText } from './normalize-text';

describe('locale word lists', () => {
  it('are folded, since tokens are folded before lookup', () => {
    for (const word of [...ENGLISH_WORDS, ...SPANISH_WORDS]) expect(foldText(word)).toBe(word);
  });

  it('share no word, or that word would count for both languages', () => {
    expect([...ENGLISH_WORDS].filter((word) => SPANISH_WORDS.has(word))).toEqual([]);
  });

  it('leave out words both languages use', () => {
    for (const shared of ['no', 'me', 'a', 'ok', 'doctor']) {
      expect(ENGLISH_WORDS.has(shared) || SPANISH_WORDS.has(shared)).toBe(false);
    }
  });
});

describe('SPANISH_ENDINGS', () => {
  it('matches Spanish-only endings', () => {
    expect(SPANISH_ENDINGS.test('instrucciones')).toBe(true);
    expect(SPANISH_ENDINGS.test('cancelacion')).toBe(true);
    expect(SPANISH_ENDINGS.test('rapidamente')).toBe(true);
    expect(SPANISH_ENDINGS.test('instructions')).toBe(false);
  });
});
