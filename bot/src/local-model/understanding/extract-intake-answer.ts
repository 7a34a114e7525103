/**
 * Checks and normalises a user's answer to one intake question (date of birth,
 * ID number, case type, free text) before it is stored.
 */
import type { Locale } from './detect-locale';
import { describePattern } from './describe-pattern';
import { ENUM_CONCEPTS } from './enum-synonyms';
import { plainText } from './normalize-text';
import { parseChoice } from './parse-choice';
import { parseWrittenDate } from './parse-written-date';
import { parseYesNo } from './parse-yes-no';
import { wordSimilarity } from './string-similarity';

/**
 * One intake question as configured by the organisation.
 *
 * @example
 * const field: IntakeField = { key: 'dni', label: 'DNI', type: 'string', required: true, pattern: '^[0-9]{8}[A-Z]$' };
 */
export interface IntakeField {
  key: string;
  label: string;
  type: 'text' | 'string' | 'date' | 'enum';
  required: boolean;
  options?: string[];
  /** Regular expression the normalised value must match in full. */
  pattern?: string;
}

/**
 * @example
 * const answer: IntakeAnswer = { ok: false, reason: 'Please include the year, for example 12 April 1988.' };
 */
export type IntakeAnswer = { ok: true; value: string } | { ok: false; reason: string };

const MAXIMUM_TEXT_LENGTH = 500;
const EARLIEST_YEAR = 1900;
const BIRTH_FIELD = /birth|born|dob|nacimiento|nacido|nacida/i;

/**
 * The stored value for the answer, or a short English reason to show the user.
 *
 * @example
 * extractIntakeAnswer('12 de abril de 1988', { key: 'birth_date', label: 'Date of birth', type: 'date', required: true }, { locale: 'es', now })
 * // => { ok: true, value: '1988-04-12' }
 * extractIntakeAnswer('divorcio', { key: 'case_type', label: 'Case type', type: 'enum', required: true, options: ['divorce', 'custody', 'other'] }, { locale: 'es', now })
 * // => { ok: true, value: 'divorce' }
 */
export function extractIntakeAnswer(
  text: string,
  field: IntakeField,
  options: { locale: Locale; now: Date },
): IntakeAnswer {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: false, reason: `Please tell me your ${inSentence(field.label)}.` };
  if (field.type === 'date') return dateAnswer(trimmed, field, options);
  if (field.type === 'enum') return enumAnswer(trimmed, field);
  if (field.type === 'string' && field.pattern !== undefined)
    return patternAnswer(trimmed, field, field.pattern);
  if (trimmed.length > MAXIMUM_TEXT_LENGTH) {
    return { ok: false, reason: `Please keep it under ${MAXIMUM_TEXT_LENGTH} characters.` };
  }
  return { ok: true, value: trimmed };
}

function dateAnswer(text: string, field: IntakeField, options: { locale: Locale; now: Date }): IntakeAnswer {
  const parsed = parseWrittenDate(text, options);
  if (!parsed.ok) return parsed;
  if (Number(parsed.value.slice(0, 4)) < EARLIEST_YEAR) {
    return { ok: false, reason: `Please check the year: it should be ${EARLIEST_YEAR} or later.` };
  }
  // Only birth dates are refused in the future: other intake dates may be
  // upcoming ones (a court hearing, a planned surgery).
  const today = options.now.toISOString().slice(0, 10);
  if (BIRTH_FIELD.test(`${field.key} ${field.label}`) && parsed.value > today) {
    return { ok: false, reason: "A date of birth can't be in the future. Please check it." };
  }
  return parsed;
}

function enumAnswer(text: string, field: IntakeField): IntakeAnswer {
  const choices = field.options ?? [];
  const reason = `Please choose one of: ${choices.join(', ')}.`;
  if (choices.length === 0) return { ok: true, value: text };
  const answer = plainText(text);
  const matching = (test: (option: string) => boolean) => choices.filter((option) => test(plainText(option)));

  const tiers: Array<() => string[]> = [
    () => matching((option) => option === answer),
    () => matching((option) => option !== '' && ` ${answer} `.includes(` ${option} `)),
    () => matching((option) => sharesConcept(option, answer)),
    () => yesNoOption(choices, text),
    () =>
      matching(
        (option) => option.length >= 5 && answer.split(' ').some((word) => wordSimilarity(option, word) > 0),
      ),
    () => {
      const index = parseChoice(
        text,
        choices.map((label) => ({ label })),
      );
      return index === null ? [] : [choices[index] ?? ''];
    },
  ];
  for (const tier of tiers) {
    const found = [...new Set(tier())];
    if (found.length === 1 && found[0] !== undefined && found[0] !== '') return { ok: true, value: found[0] };
    if (found.length > 1) return { ok: false, reason };
  }
  return { ok: false, reason };
}

function sharesConcept(option: string, answer: string): boolean {
  const padded = ` ${answer} `;
  return ENUM_CONCEPTS.some(
    (words) => words.includes(option) && words.some((word) => padded.includes(` ${word} `)),
  );
}

// Yes/no questions often come as enums with options such as ['yes', 'no'] or ['sí', 'no'].
function yesNoOption(choices: string[], text: string): string[] {
  const answer = parseYesNo(text);
  if (answer === null) return [];
  const words = answer === 'yes' ? ['yes', 'si', 'y'] : ['no', 'n'];
  return choices.filter((option) => words.includes(plainText(option)));
}

function patternAnswer(text: string, field: IntakeField, pattern: string): IntakeAnswer {
  let regex: RegExp;
  try {
    regex = new RegExp(`^(?:${pattern})$`);
  } catch {
    // A broken pattern is a configuration mistake; the user should not be stuck on it.
    return text.length <= MAXIMUM_TEXT_LENGTH
      ? { ok: true, value: text }
      : { ok: false, reason: `Please keep it under ${MAXIMUM_TEXT_LENGTH} characters.` };
  }
  // Separators are dropped only when the pattern fails with them: "12345678-Z"
  // is a DNI, but a pattern may itself require the hyphen.
  const variants = (value: string) => {
    const spaceless = value.toUpperCase().replace(/\s+/g, '');
    return [spaceless, spaceless.replace(/[-.]/g, '')];
  };
  const accepted = (value: string) =>
    variants(value).find((variant) => variant !== '' && regex.test(variant));
  const whole = accepted(text);
  if (whole !== undefined) return { ok: true, value: whole };
  // "My DNI is 12345678 Z": try every run of words, longest first.
  const words = text.split(/\s+/).map((word) => word.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, ''));
  for (let length = Math.min(words.length, 8); length >= 1; length--) {
    for (let start = 0; start + length <= words.length; start++) {
      const candidate = accepted(words.slice(start, start + length).join(''));
      if (candidate !== undefined) return { ok: true, value: candidate };
    }
  }
  const expected = describePattern(pattern);
  const label = inSentence(field.label);
  return {
    ok: false,
    reason:
      expected === null
        ? `That doesn't look like a valid ${label}. Please check it.`
        : `That doesn't look like a valid ${label}. It should be ${expected}.`,
  };
}

// "Date of birth" → "date of birth", but "DNI" stays "DNI".
function inSentence(label: string): string {
  return /^\p{Lu}\p{Lu}/u.test(label) ? label : label.charAt(0).toLowerCase() + label.slice(1);
}
