import { describe, expect, it } from 'vitest';
import { parseWrittenDate } from './parse-written-date';

const now = new Date('2026-12-01T09:00:00Z');
const english = { locale: 'en' as const, now };
const spanish = { locale: 'es' as const, now };

describe('parseWrittenDate', () => {
  it('reads month names in both languages', () => {
    expect(parseWrittenDate('12 April 1988', english)).toEqual({ ok: true, value: '1988-04-12' });
    expect(parseWrittenDate('I was born on April 12, 1988', english)).toEqual({
      ok: true,
      value: '1988-04-12',
    });
    expect(parseWrittenDate('12 de abril de 1988', spanish)).toEqual({ ok: true, value: '1988-04-12' });
  });

  it('reads numbers day first in Spanish and accepts ISO', () => {
    expect(parseWrittenDate('12/04/1988', spanish)).toEqual({ ok: true, value: '1988-04-12' });
    expect(parseWrittenDate('12.04.88', spanish)).toEqual({ ok: true, value: '1988-04-12' });
    expect(parseWrittenDate('1988-04-12', english)).toEqual({ ok: true, value: '1988-04-12' });
  });

  it('reads English numbers only when one reading is possible', () => {
    expect(parseWrittenDate('25/04/1988', english)).toEqual({ ok: true, value: '1988-04-25' });
    expect(parseWrittenDate('04/25/1988', english)).toEqual({ ok: true, value: '1988-04-25' });
    expect(parseWrittenDate('05/05/1990', english)).toEqual({ ok: true, value: '1990-05-05' });
    const ambiguous = parseWrittenDate('12/04/1988', english);
    expect(ambiguous.ok).toBe(false);
    if (!ambiguous.ok) expect(ambiguous.reason).toMatch(/two ways/);
  });

  it('puts two-digit years in the past', () => {
    expect(parseWrittenDate('01/02/30', spanish)).toEqual({ ok: true, value: '1930-02-01' });
    expect(parseWrittenDate('01/02/19', spanish)).toEqual({ ok: true, value: '2019-02-01' });
  });

  it('explains what is wrong', () => {
    expect(parseWrittenDate('31/02/1988', spanish)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/doesn't exist/),
    });
    expect(parseWrittenDate('12 April', english)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/year/),
    });
    expect(parseWrittenDate('yesterday', english)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/couldn't read/),
    });
  });
});
