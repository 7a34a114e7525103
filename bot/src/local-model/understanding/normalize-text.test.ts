import { describe, expect, it } from 'vitest';
import { containsPhrase, escapeRegExp, foldText, plainText, tokenize, wordSet } from './normalize-text';

describe('foldText', () => {
  it('lower-cases, strips accents and unifies apostrophes', () => {
    expect(foldText('¿Mañana a las 10?')).toBe('¿manana a las 10?');
    expect(foldText('Dra.  LÓPEZ')).toBe('dra. lopez');
    expect(foldText('It’s')).toBe("it's");
  });
});

describe('tokenize', () => {
  it('splits on punctuation and joins contractions', () => {
    expect(tokenize("Dr. López-García, it's")).toEqual(['dr', 'lopez', 'garcia', 'its']);
    expect(tokenize("I'd like O'Brien")).toEqual(['id', 'like', 'obrien']);
  });

  it('returns nothing for punctuation only', () => {
    expect(tokenize('?!')).toEqual([]);
  });
});

describe('plainText', () => {
  it('keeps words separated by single spaces', () => {
    expect(plainText('Can I talk to a person?')).toBe('can i talk to a person');
    expect(plainText('¿Qué pastilla tomo?')).toBe('que pastilla tomo');
  });
});

describe('containsPhrase', () => {
  it('matches whole words only', () => {
    expect(containsPhrase('i need a family doctor', 'family doctor')).toBe(true);
    expect(containsPhrase('physiology', 'physio')).toBe(false);
  });
});

describe('escapeRegExp', () => {
  it('escapes special characters', () => {
    expect(new RegExp(escapeRegExp('a.b')).test('axb')).toBe(false);
    expect(new RegExp(escapeRegExp('(1+1)')).test('(1+1)')).toBe(true);
  });
});

describe('wordSet', () => {
  it('splits on any whitespace and skips comment lines', () => {
    const words = wordSet(`
      # greetings
      hi hello
        hola
    `);
    expect([...words]).toEqual(['hi', 'hello', 'hola']);
  });
});
