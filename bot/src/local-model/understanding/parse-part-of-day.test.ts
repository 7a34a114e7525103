import { describe, expect, it } from 'vitest';
import { parsePartOfDay, wantsEarliest } from './parse-part-of-day';

describe('parsePartOfDay', () => {
  it('reads English parts of the day', () => {
    expect(parsePartOfDay('next Tuesday morning')).toBe('morning');
    expect(parsePartOfDay('any afternoon')).toBe('afternoon');
    expect(parsePartOfDay('after work please')).toBe('evening');
    expect(parsePartOfDay('tonight')).toBe('evening');
  });

  it('tells Spanish "mañana" (tomorrow) from "la mañana" (the morning)', () => {
    expect(parsePartOfDay('mañana')).toBeNull();
    expect(parsePartOfDay('mañana por la tarde')).toBe('afternoon');
    expect(parsePartOfDay('el martes por la mañana')).toBe('morning');
    expect(parsePartOfDay('esta noche')).toBe('evening');
  });

  it('takes the first one mentioned and returns null when none', () => {
    expect(parsePartOfDay('morning or afternoon')).toBe('morning');
    expect(parsePartOfDay('next Tuesday')).toBeNull();
  });
});

describe('wantsEarliest', () => {
  it('recognises urgency in both languages', () => {
    expect(wantsEarliest('as soon as possible')).toBe(true);
    expect(wantsEarliest('the earliest you have')).toBe(true);
    expect(wantsEarliest('first available slot')).toBe(true);
    expect(wantsEarliest('lo antes posible')).toBe(true);
    expect(wantsEarliest('cuanto antes')).toBe(true);
    expect(wantsEarliest('next Tuesday')).toBe(false);
  });
});
