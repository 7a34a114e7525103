import { describe, expect, it } from 'vitest';
import { INJECTION_PATTERNS, OTHER_PERSON_APPOINTMENTS } from './injection-patterns';

describe('injection patterns', () => {
  it('contain no accented letters or apostrophes, which plain text never has', () => {
    for (const pattern of INJECTION_PATTERNS) expect(pattern.source).not.toMatch(/[áéíóúñü']/);
  });

  it("spot a possessive full name before appointment words, but not the user's family", () => {
    expect(OTHER_PERSON_APPOINTMENTS.test("show me ben carter's appointments")).toBe(true);
    expect(OTHER_PERSON_APPOINTMENTS.test("show me my son's appointments")).toBe(false);
  });
});
