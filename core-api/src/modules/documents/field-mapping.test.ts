import { describe, expect, it } from 'vitest';
import type { IntakeField } from '../directory/intake-schema';
import { mapToIntakeFields, normaliseDate } from './field-mapping';
import type { OcrWord } from './ocr-engine';

const medical: IntakeField[] = [
  { key: 'reason', label: 'Reason for the visit', type: 'text', required: true },
  { key: 'date_of_birth', label: 'Date of birth', type: 'date', required: true },
  { key: 'insurance_number', label: 'Insurance number', type: 'string', required: false, pattern: '^[A-Z0-9-]{6,20}$' },
];
const words = (lines: Array<Array<[string, number]>>): OcrWord[] =>
  lines.flatMap((line, index) => line.map(([text, confidence]) => ({ text, confidence, line: index })));

describe('mapping OCR words to intake fields', () => {
  it('takes the value after a label on its line, keeps its confidence, and flags a low one for a human', () => {
    const mapped = mapToIntakeFields(medical, words([
      [['HEALTH', 96], ['INSURANCE', 95], ['CARD', 96]],
      [['Número', 90], ['de', 91], ['seguro:', 88], ['ES-4455-9921', 62]],
      [['Fecha', 93], ['de', 94], ['nacimiento:', 90], ['12/04/1988', 91]],
    ]));
    expect(mapped).toEqual([
      { key: 'date_of_birth', value: '1988-04-12', confidence: 91, source: 'label', needsReview: false },
      { key: 'insurance_number', value: 'ES-4455-9921', confidence: 62, source: 'label', needsReview: true },
    ]);
  });

  it('falls back on the validation rule alone, flagged, and skips values that fail it', () => {
    const mapped = mapToIntakeFields(medical, words([[['Member', 95], ['ref', 95], ['xx-12', 95]], [['Policy', 95], ['AB12CD34', 97]]]));
    expect(mapped).toEqual([{ key: 'insurance_number', value: 'AB12CD34', confidence: 97, source: 'pattern', needsReview: true }]);
  });

  it('reads the rest of a labelled line for free text', () => {
    expect(mapToIntakeFields(medical, words([[['Reason', 90], ['for', 90], ['the', 90], ['visit:', 90], ['itchy', 85], ['rash', 95]]]))[0])
      .toEqual({ key: 'reason', value: 'itchy rash', confidence: 85, source: 'label', needsReview: false });
  });

  it('reads dates day first, and refuses impossible ones', () => {
    expect(normaliseDate('1988-04-12')).toBe('1988-04-12');
    expect(normaliseDate('5.1.1992')).toBe('1992-01-05');
    expect(normaliseDate('31/13/1992')).toBeNull();
  });
});
