import { describe, expect, it } from 'vitest';
import { checkExceptions, checkWeekly, exceptionsBody, weeklyBody, type DraftException, type DraftRule } from './availability-rules';

const rule = (key: string, weekday: number, start: string, end: string): DraftRule => ({ key, weekday, start, end });
const exception = (key: string, change: Partial<DraftException>): DraftException => ({ key, date: '2026-10-23', closed: true, start: '', end: '', reason: '', ...change });

describe('checking availability before it is sent', () => {
  it('names bad times, reversed windows and overlaps on one weekday; touching windows and 24:00 are fine', () => {
    const problems = checkWeekly([
      rule('a', 1, '09:00', '13:00'), rule('b', 1, '13:00', '24:00'), rule('c', 2, '9:00', '12:00'), rule('d', 3, '12:00', '11:00'),
      rule('e', 4, '09:00', '13:00'), rule('f', 4, '12:30', '15:00'), rule('g', 5, '09:00', '25:00'), rule('h', 2, '10:00', '11:00'),
    ]);
    expect(Object.fromEntries(problems)).toEqual({
      c: 'Write the start as HH:mm (e.g. 09:00), not "9:00".',
      d: 'The end must be after the start.',
      f: 'Overlaps 09:00–13:00 on Thursday.',
      g: 'Write the end as HH:mm (e.g. 17:30), not "25:00".',
    });
  });

  it('needs a real date, and hours that do not overlap on an open exception', () => {
    const problems = checkExceptions([
      exception('a', { date: '' }), exception('b', { closed: false, start: '10:00', end: '09:00' }), exception('c', { date: '2026-10-30', closed: false, start: '09:00', end: '12:00' }),
      exception('d', { date: '2026-10-30', closed: false, start: '11:00', end: '13:00' }), exception('e', { reason: 'x'.repeat(201) }),
    ]);
    expect(Object.fromEntries(problems)).toEqual({
      a: 'Pick a date.', b: 'The end must be after the start.', d: 'Overlaps 09:00–12:00 on 2026-10-30.', e: 'Keep the reason under 200 characters.',
    });
  });

  it('sends rules in a stable order, closed days without hours and no empty reasons', () => {
    expect(weeklyBody([rule('a', 2, '15:00', '18:00'), rule('b', 1, '09:00', '13:00'), rule('c', 2, '09:00', '13:00')])).toEqual([
      { weekday: 1, start: '09:00', end: '13:00' }, { weekday: 2, start: '09:00', end: '13:00' }, { weekday: 2, start: '15:00', end: '18:00' },
    ]);
    expect(exceptionsBody([exception('a', { date: '2026-10-30', closed: false, start: '10:00', end: '12:00', reason: ' Half day ' }), exception('b', { start: '09:00', end: '10:00' })])).toEqual([
      { date: '2026-10-23', closed: true }, { date: '2026-10-30', closed: false, start: '10:00', end: '12:00', reason: 'Half day' },
    ]);
  });
});
