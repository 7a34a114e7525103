import { describe, expect, it } from 'vitest';
import type { IntakeField } from './directory-lookup';
import { checkIntake, normalizeIntake } from './intake-rules';

const medical: IntakeField[] = [
  { key: 'reason', label: 'Reason for the visit', type: 'text', required: true },
  { key: 'date_of_birth', label: 'Date of birth', type: 'date', required: true },
  { key: 'insurance_number', label: 'Insurance number', type: 'string', required: false, pattern: '^[A-Z0-9-]{6,20}$' },
];
const legal: IntakeField[] = [{ key: 'case_type', label: 'Type of case', type: 'enum', options: ['divorce', 'custody'], required: true }];
const today = '2026-12-01';

describe('checkIntake', () => {
  it('accepts complete, well-formed answers', () => {
    expect(checkIntake(medical, { reason: 'Rash', date_of_birth: '1988-04-12', insurance_number: 'AB-123456' }, today)).toEqual([]);
  });

  it('asks for required answers, blank ones included', () => {
    expect(checkIntake(medical, { reason: '  ', date_of_birth: '1988-04-12' }, today)).toEqual([{ field: 'reason', message: 'Reason for the visit is required.' }]);
  });

  it('refuses dates that are not real or birth dates in the future', () => {
    expect(checkIntake(medical, { reason: 'x', date_of_birth: '1988-02-30' }, today)[0]?.message).toContain('YYYY-MM-DD');
    expect(checkIntake(medical, { reason: 'x', date_of_birth: '2026-12-02' }, today)).toEqual([{ field: 'date_of_birth', message: 'Date of birth cannot be in the future.' }]);
    expect(checkIntake(medical, { reason: 'x', date_of_birth: today }, today)).toEqual([]);
  });

  it('lists the options of an enum', () => {
    expect(checkIntake(legal, { case_type: 'robbery' }, today)).toEqual([{ field: 'case_type', message: 'Type of case must be one of: divorce, custody.' }]);
  });

  it('checks patterns and unknown keys', () => {
    expect(checkIntake(medical, { reason: 'x', date_of_birth: '1988-04-12', insurance_number: 'ab', shoe_size: '42' }, today)).toEqual([
      { field: 'insurance_number', message: 'Insurance number does not have the expected format (it must match ^[A-Z0-9-]{6,20}$).' },
      { field: 'shoe_size', message: '"shoe_size" is not one of the questions; leave it out.' },
    ]);
  });
});

describe('normalizeIntake', () => {
  it('trims answers and drops blank optional ones', () => {
    expect(normalizeIntake({ reason: ' Rash ', insurance_number: ' ' })).toEqual({ reason: 'Rash' });
  });
});
