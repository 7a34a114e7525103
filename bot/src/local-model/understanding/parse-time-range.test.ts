import { describe, expect, it } from 'vitest';
import { parseTimeRange } from './parse-time-range';

describe('parseTimeRange', () => {
  it.each([
    ['block friday from 3 to 5pm', { from: '15:00', to: '17:00' }],
    ['from 9:30 to 11', { from: '09:30', to: '11:00' }],
    ['between 12 and 2', { from: '12:00', to: '14:00' }],
    ['block the 8th from 10 to 12 in the morning', { from: '10:00', to: '12:00' }],
    ['close tomorrow after 4pm', { from: '16:00', to: '24:00' }],
    ['bloquea el lunes de 10 a 12', { from: '10:00', to: '12:00' }],
    ['entre las 16 y las 18', { from: '16:00', to: '18:00' }],
    ['de 15h a 17h', { from: '15:00', to: '17:00' }],
    ['hasta las 11', { from: '00:00', to: '11:00' }],
  ])('%s → %j', (text, range) => {
    expect(parseTimeRange(text)).toEqual(range);
  });

  it('finds no span in a part of the day or a lone time', () => {
    expect(parseTimeRange('block friday afternoon')).toBeNull();
    expect(parseTimeRange('block friday at 10')).toBeNull();
    expect(parseTimeRange('from 5pm to 3pm')).toBeNull();
  });
});
