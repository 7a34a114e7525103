import { describe, expect, it } from 'vitest';
import { describePattern } from './describe-pattern';

describe('describePattern', () => {
  it.each([
    ['^[0-9]{8}[A-Z]$', '8 digits followed by 1 letter'],
    ['^[XYZ][0-9]{7}[A-Z]$', 'X, Y or Z followed by 7 digits followed by 1 letter'],
    ['^\\d{5}$', '5 digits'],
    ['^[A-Z]{2}\\d{6,8}$', '2 letters followed by 6 to 8 digits'],
    ['^ES\\d{22}$', '"ES" followed by 22 digits'],
    ['^[0-9]{3}-[0-9]{4}$', '3 digits followed by "-" followed by 4 digits'],
    ['^[0-9]+$', 'one or more digits'],
  ])('%s → %s', (pattern, description) => {
    expect(describePattern(pattern)).toBe(description);
  });

  it('gives up on patterns it cannot put into words', () => {
    expect(describePattern('^(a|b)$')).toBeNull();
    expect(describePattern('^[0-9]*$')).toBeNull();
    expect(describePattern('')).toBeNull();
  });
});
