import { describe, expect, it } from 'vitest';
import { validateIntake, type IntakeField } from './intake-schema';

const medical: IntakeField[] = [
  { key: 'reason', label: 'Reason for the visit', type: 'text', required: true },
  { key: 'date_of_birth', label: 'Date of birth', type: 'date', required: true },
  { key: 'insurance_number', label: 'Insurance number', type: 'string', required: false, pattern: '^[A-Z0-9-]{6,20}$' },
];
const legal: IntakeField[] = [{ key: 'case_type', label: 'Type of case', type: 'enum', required: true, options: ['divorce', 'custody'] }];

describe('validateIntake', () => {
  it('accepts complete, valid answers', () => {
    expect(validateIntake(medical, { reason: 'Rash', date_of_birth: '1988-04-12', insurance_number: 'AB-123456' })).toEqual([]);
  });

  it('lists every problem by field', () => {
    expect(validateIntake(medical, { date_of_birth: '12/04/1988', insurance_number: 'short', colour: 'blue' })).toEqual(
      expect.arrayContaining([
        { field: 'reason', message: 'Reason for the visit is required.' },
        { field: 'date_of_birth', message: 'Date of birth must be a date as YYYY-MM-DD.' },
        { field: 'insurance_number', message: 'Insurance number does not have the expected format (^[A-Z0-9-]{6,20}$).' },
        { field: 'colour', message: '"colour" is not a field of this domain\'s intake.' },
      ]),
    );
  });

  it('names the allowed options of an enum', () => {
    expect(validateIntake(legal, { case_type: 'murder' })).toEqual([{ field: 'case_type', message: 'Type of case must be one of: divorce, custody.' }]);
  });
});
