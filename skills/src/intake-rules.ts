import type { IntakeField } from './directory-lookup';

export interface IntakeProblem {
  field: string;
  message: string;
}

/** core-api's limits, so an answer passed here is never refused there. */
const longestText = 2000;
const longestString = 200;
const isoDate = /^(\d{4})-(\d{2})-(\d{2})$/;

function isCalendarDate(value: string): boolean {
  const match = isoDate.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

const isBirthDate = (field: IntakeField) => /birth/i.test(field.key) || /birth|nacimiento/i.test(field.label);

function problemOf(field: IntakeField, answer: string, today: string): string | undefined {
  if (field.type === 'enum') {
    const options = field.options ?? [];
    return options.includes(answer) ? undefined : `${field.label} must be one of: ${options.join(', ')}.`;
  }
  if (field.type === 'date') {
    if (!isCalendarDate(answer)) return `${field.label} must be a real date written as YYYY-MM-DD (for example 1988-04-12).`;
    if (isBirthDate(field) && answer > today) return `${field.label} cannot be in the future.`;
    return undefined;
  }
  const limit = field.type === 'text' ? longestText : longestString;
  if (answer.length > limit) return `${field.label} is too long (at most ${limit} characters).`;
  if (field.pattern && !new RegExp(field.pattern).test(answer)) {
    return `${field.label} does not have the expected format (it must match ${field.pattern}).`;
  }
  return undefined;
}

/**
 * Every problem with a set of intake answers, in words the model can relay to
 * the user. `today` is the user's local date, for birth dates.
 */
export function checkIntake(fields: IntakeField[], answers: Record<string, string>, today: string): IntakeProblem[] {
  const problems: IntakeProblem[] = [];
  for (const field of fields) {
    const answer = answers[field.key]?.trim() ?? '';
    if (answer === '') {
      if (field.required) problems.push({ field: field.key, message: `${field.label} is required.` });
      continue;
    }
    const message = problemOf(field, answer, today);
    if (message) problems.push({ field: field.key, message });
  }
  const known = new Set(fields.map((field) => field.key));
  for (const key of Object.keys(answers)) {
    if (!known.has(key)) problems.push({ field: key, message: `"${key}" is not one of the questions; leave it out.` });
  }
  return problems;
}

/**
 * Answers as core-api stores them: trimmed, and optional questions left
 * blank dropped (core-api refuses an empty string).
 */
export function normalizeIntake(answers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(answers)
      .map(([key, value]) => [key, value.trim()] as const)
      .filter(([, value]) => value !== ''),
  );
}
