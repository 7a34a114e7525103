import { describe, expect, it } from 'vitest';
import { readProposalAnswer } from './proposal-answer';

describe('readProposalAnswer', () => {
  it.each<[string, 'explicit' | 'implicit' | null]>([
    ['accept the proposed time', 'explicit'],
    ['acepto la hora propuesta', 'explicit'],
    ['yes, the proposed 12:20 is good', 'explicit'],
    ['yes, the 11:00 works', 'implicit'],
    ['the 12:20 is fine', 'implicit'],
    ['sí, la de las 11 me va bien', 'implicit'],
    ['book me at 11:00', null],
    ['no, the proposed times do not work', null],
    ['yes please', null],
  ])('%s → %s', (text, answer) => {
    expect(readProposalAnswer(text)).toBe(answer);
  });
});
