import { describe, expect, it } from 'vitest';
import { foldText } from './normalize-text';
import { GENERIC_NAME_WORDS, STOP_WORDS } from './stop-words';

describe('stop words', () => {
  it('are folded single words', () => {
    for (const word of [...STOP_WORDS, ...GENERIC_NAME_WORDS]) {
      expect(foldText(word)).toBe(word);
      expect(word).not.toContain(' ');
    }
  });

  it('include titles and booking chatter but no surnames', () => {
    for (const word of ['dr', 'doctora', 'appointment', 'cita', 'quiero'])
      expect(STOP_WORDS.has(word)).toBe(true);
    for (const word of ['lopez', 'garcia', 'elena', 'carter']) expect(STOP_WORDS.has(word)).toBe(false);
  });
});
