/**
 * The intake questions of a service: which answers are already known from
 * what the user said, which one to ask next, and reading the answer.
 */
import { extractIntakeAnswer, extractReason, parseYesNo, type IntakeField } from './understanding/index';
import { plainText } from './understanding/normalize-text';
import type { Clock } from './slot-search';
import { latest, type Task } from './tasks';

const SKIP = /^(?:skip|pass|none|no tengo|ninguno|ninguna|paso|saltar|omitir|n\/a)\b/;

export function intakeFields(task: Task, serviceId: string): IntakeField[] | null {
  const outcome = latest(task, 'get_intake_questions');
  if (outcome === undefined || outcome.args.serviceId !== serviceId) return null;
  const fields = (outcome.result as { fields?: unknown } | null)?.fields;
  return Array.isArray(fields) ? (fields as IntakeField[]) : null;
}

/** Answers given to questions, plus what the first messages already said (the reason, the case type). */
export function knownAnswers(task: Task, fields: IntakeField[], clock: Clock): Record<string, string> {
  const known: Record<string, string> = {};
  const firstText = fields.find((field) => field.type === 'text');
  for (const field of fields) {
    const given = task.answers[field.key];
    if (given !== undefined) known[field.key] = given;
    else if (field === firstText) {
      const told = toldReason(task.texts);
      if (told !== null) known[field.key] = told;
    } else if (field.type === 'enum') {
      const told = toldOption(task.texts[0] ?? '', field, clock);
      if (told !== null) known[field.key] = told;
    }
  }
  return known;
}

/** The next field to ask, or null when the request can go. */
export function nextField(task: Task, fields: IntakeField[], clock: Clock, askOptional: boolean): IntakeField | null {
  const known = knownAnswers(task, fields, clock);
  const missing = (field: IntakeField) => known[field.key] === undefined;
  return (
    fields.find((field) => field.required && missing(field)) ??
    (askOptional ? fields.find((field) => !field.required && missing(field) && !task.skipped.includes(field.key)) : undefined) ??
    null
  );
}

export function absorbIntakeAnswer(task: Task, field: IntakeField, text: string, clock: Clock): void {
  const reason = field.type === 'text' ? extractReason(text) : null;
  const answer = reason !== null ? { ok: true as const, value: reason } : extractIntakeAnswer(text, field, clock);
  if (answer.ok) {
    task.answers[field.key] = answer.value;
    task.problem = null;
  } else if (!field.required && (parseYesNo(text) === 'no' || SKIP.test(plainText(text)))) {
    task.skipped.push(field.key);
    task.problem = null;
  } else {
    task.problem = { field: field.key, reason: answer.reason };
  }
}

// The reason may come in any message of the task; when the first message
// goes on after the request ("I need a consultation next Monday. It's a
// custody case: …"), the rest of it is the description.
function toldReason(texts: string[]): string | null {
  for (const text of texts) {
    const reason = extractReason(text);
    if (reason !== null) return reason;
  }
  // "Dr." and the like end no sentence: "with Dr. López on the 10th" is one request, not a request and a reason.
  const sentences = (texts[0] ?? '').split(/(?<![A-Z][a-z]{0,3}\.)(?<=[.!?])\s+/).slice(1).join(' ').trim();
  return sentences.length >= 10 ? sentences : null;
}

// Only an option named in so many words counts: a booking sentence is not
// an answer to "which type of case?" otherwise.
function toldOption(text: string, field: IntakeField, clock: Clock): string | null {
  const padded = ` ${plainText(text)} `;
  const named = (field.options ?? []).some((option) => padded.includes(` ${plainText(option)} `));
  if (!named) return null;
  const answer = extractIntakeAnswer(text, field, clock);
  return answer.ok ? answer.value : null;
}
