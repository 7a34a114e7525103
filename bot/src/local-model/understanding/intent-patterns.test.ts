import { describe, expect, it } from 'vitest';
import { INTENT_PATTERNS, INTENT_PRIORITY } from './intent-patterns';

describe('intent patterns', () => {
  it('give weights between 0 and 1', () => {
    for (const { weight } of INTENT_PATTERNS) {
      expect(weight).toBeGreaterThan(0);
      expect(weight).toBeLessThanOrEqual(1);
    }
  });

  it('only use intents that the priority order can rank', () => {
    for (const { intent } of INTENT_PATTERNS) expect(INTENT_PRIORITY).toContain(intent);
    expect(new Set(INTENT_PRIORITY).size).toBe(INTENT_PRIORITY.length);
  });

  it('contain no accented letters or apostrophes, which plain text never has', () => {
    for (const { patterns } of INTENT_PATTERNS) {
      for (const pattern of patterns) expect(pattern.source).not.toMatch(/[áéíóúñü']/);
    }
  });
});
