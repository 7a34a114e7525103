/**
 * The local model's understanding layer: pure functions that read booking
 * conversations in English and Spanish without an LLM. The clock and time
 * zone are always passed in, so every result is reproducible.
 */
export { detectLocale, type Locale } from './detect-locale';
export { classifyIntent, type Intent, type IntentResult } from './classify-intent';
export { detectInjection } from './detect-injection';
export { parseDateTime, type DateTimeRequest, type ParseDateTimeOptions } from './parse-date-time';
export { matchDirectory, type DirectoryEntry, type DirectoryMatch } from './match-directory';
export { parseChoice, type ChoiceOption } from './parse-choice';
export { parseYesNo } from './parse-yes-no';
export { extractIntakeAnswer, type IntakeAnswer, type IntakeField } from './extract-intake-answer';
export { extractReason } from './extract-reason';
export {
  runSgdCheck,
  type SgdCheckOptions,
  type SgdCheckResult,
  type SgdFailure,
  type SgdTally,
} from './sgd-check';
