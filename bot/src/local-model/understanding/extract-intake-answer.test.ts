import { describe, expect, it } from 'vitest';
import { extractIntakeAnswer, type IntakeField } from './extract-intake-answer';

const now = new Date('2026-12-01T09:00:00Z');
const english = { locale: 'en' as const, now };
const spanish = { locale: 'es' as const, now };

const birthDate: IntakeField = { key: 'birth_date', label: 'Date of birth', type: 'date', required: true };
const hearingDate: IntakeField = {
  key: 'hearing_date',
  label: 'Court hearing date',
  type: 'date',
  required: false,
};
const caseType: IntakeField = {
  key: 'case_type',
  label: 'Case type',
  type: 'enum',
  required: true,
  options: ['divorce', 'custody', 'inheritance', 'other'],
};
const firstVisit: IntakeField = {
  key: 'first_visit',
  label: 'First visit',
  type: 'enum',
  required: true,
  options: ['yes', 'no'],
};
const dni: IntakeField = {
  key: 'dni',
  label: 'DNI',
  type: 'string',
  required: true,
  pattern: '^[0-9]{8}[A-Z]$',
};
const notes: IntakeField = { key: 'notes', label: 'Notes', type: 'text', required: false };

describe('extractIntakeAnswer for dates', () => {
  it('normalises dates to YYYY-MM-DD', () => {
    expect(extractIntakeAnswer('12 April 1988', birthDate, english)).toEqual({
      ok: true,
      value: '1988-04-12',
    });
    expect(extractIntakeAnswer('12/04/1988', birthDate, spanish)).toEqual({ ok: true, value: '1988-04-12' });
    expect(extractIntakeAnswer('12 de abril de 1988', birthDate, spanish)).toEqual({
      ok: true,
      value: '1988-04-12',
    });
    expect(extractIntakeAnswer('1988-04-12', birthDate, english)).toEqual({ ok: true, value: '1988-04-12' });
  });

  it('refuses birth dates in the future or before 1900', () => {
    expect(extractIntakeAnswer('12/12/2030', birthDate, spanish)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/future/),
    });
    expect(extractIntakeAnswer('12 April 1850', birthDate, english)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/1900/),
    });
  });

  it('accepts future dates for fields that are not birth dates', () => {
    expect(extractIntakeAnswer('15 de enero de 2027', hearingDate, spanish)).toEqual({
      ok: true,
      value: '2027-01-15',
    });
  });
});

describe('extractIntakeAnswer for choices', () => {
  it.each([
    ['divorce', 'divorce'],
    ['Divorcio', 'divorce'],
    ['custodia', 'custody'],
    ['es por una herencia', 'inheritance'],
    ['otro', 'other'],
    ['It is about a divorce', 'divorce'],
    ['custdy', 'custody'],
    ['the second one', 'custody'],
    ['2', 'custody'],
  ])('%s → %s', (text, value) => {
    expect(extractIntakeAnswer(text, caseType, spanish)).toEqual({ ok: true, value });
  });

  it('maps yes/no answers onto yes/no options', () => {
    expect(extractIntakeAnswer('sí', firstVisit, spanish)).toEqual({ ok: true, value: 'yes' });
    expect(extractIntakeAnswer('nope', firstVisit, english)).toEqual({ ok: true, value: 'no' });
  });

  it('lists the options when the answer fits none or several', () => {
    const expected = { ok: false, reason: 'Please choose one of: divorce, custody, inheritance, other.' };
    expect(extractIntakeAnswer('banana', caseType, english)).toEqual(expected);
    expect(extractIntakeAnswer('divorce and custody', caseType, english)).toEqual(expected);
  });
});

describe('extractIntakeAnswer for patterned strings', () => {
  it('upper-cases and strips spaces before checking', () => {
    expect(extractIntakeAnswer('12345678z', dni, spanish)).toEqual({ ok: true, value: '12345678Z' });
    expect(extractIntakeAnswer('1234 5678 Z', dni, spanish)).toEqual({ ok: true, value: '12345678Z' });
    expect(extractIntakeAnswer('my DNI is 12345678-Z.', dni, english)).toEqual({
      ok: true,
      value: '12345678Z',
    });
  });

  it('says which format is expected', () => {
    expect(extractIntakeAnswer('1234', dni, english)).toEqual({
      ok: false,
      reason: "That doesn't look like a valid DNI. It should be 8 digits followed by 1 letter.",
    });
  });
});

describe('extractIntakeAnswer for free text', () => {
  it('trims, requires content and limits length', () => {
    expect(extractIntakeAnswer('  allergic to penicillin  ', notes, english)).toEqual({
      ok: true,
      value: 'allergic to penicillin',
    });
    expect(extractIntakeAnswer('   ', notes, english)).toEqual({
      ok: false,
      reason: 'Please tell me your notes.',
    });
    expect(extractIntakeAnswer('x'.repeat(501), notes, english)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/500/),
    });
    expect(extractIntakeAnswer('x'.repeat(500), notes, english)).toMatchObject({ ok: true });
  });
});
