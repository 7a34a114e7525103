import { describe, expect, it } from 'vitest';
import { allowedTypos, editDistance, wordSimilarity } from './string-similarity';

describe('editDistance', () => {
  it('counts insertions, deletions, substitutions and adjacent swaps as one edit each', () => {
    expect(editDistance('lopez', 'lopez')).toBe(0);
    expect(editDistance('lopez', 'lopes')).toBe(1);
    expect(editDistance('elena', 'elnea')).toBe(1);
    expect(editDistance('garcia', 'garca')).toBe(1);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('kitten', 'sitting')).toBe(3);
  });
});

describe('allowedTypos', () => {
  it('allows none on short words and more on long ones', () => {
    expect(allowedTypos('ana')).toBe(0);
    expect(allowedTypos('lopez')).toBe(1);
    expect(allowedTypos('dermatologist')).toBe(2);
  });
});

describe('wordSimilarity', () => {
  it('scores close spellings and rejects different short words', () => {
    expect(wordSimilarity('lopez', 'lopez')).toBe(1);
    expect(wordSimilarity('lopez', 'lopes')).toBeCloseTo(0.8);
    expect(wordSimilarity('care', 'dare')).toBe(0);
    expect(wordSimilarity('martinez', 'ramirez')).toBe(0);
  });
});
