import type { IntakeField } from '../directory/intake-schema';
import type { OcrWord } from './ocr-engine';

export interface ExtractedField {
  key: string;
  value: string;
  /** 0–100: the lowest confidence of the words that make the value. */
  confidence: number;
  /** `label`: found after the field's label on one line; `pattern`: only its validation rule matched, anywhere. */
  source: 'label' | 'pattern';
  /** For a human to check before it is used: low confidence, or found by pattern alone. */
  needsReview: boolean;
}

/** Below this confidence a value is flagged for a human. */
export const reviewThreshold = 80;

/** Other ways a card or letter names a field, besides its label (English and Spanish). */
const synonyms: Record<string, string[]> = {
  insurance_number: ['insurance number', 'insurance no', 'policy number', 'member id', 'numero de seguro', 'numero de poliza', 'n de afiliacion', 'afiliacion'],
  date_of_birth: ['date of birth', 'birth date', 'dob', 'fecha de nacimiento', 'nacimiento'],
  reason: ['reason', 'motivo'],
};

const normal = (text: string) => text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim();
const trimPunctuation = (text: string) => text.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '');

/** A date as people write it on cards (2026-04-12, 12/04/1988, 12.04.1988; day first), as YYYY-MM-DD. */
export function normaliseDate(text: string): string | null {
  let match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (match) return `${match[1]}-${match[2]}-${match[3]}`;
  match = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(text);
  if (!match) return null;
  const [day, month] = [Number(match[1]), Number(match[2])];
  if (month < 1 || month > 12 || day < 1 || day > 31) return null;
  return `${match[3]}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function valueOf(field: IntakeField, words: OcrWord[]): { value: string; words: OcrWord[] } | null {
  if (field.type === 'date') {
    for (const word of words) {
      const date = normaliseDate(trimPunctuation(word.text));
      if (date) return { value: date, words: [word] };
    }
    return null;
  }
  if (field.type === 'enum') {
    const options = new Map((field.options ?? []).map((option) => [normal(option), option]));
    for (const word of words) {
      const option = options.get(normal(word.text));
      if (option) return { value: option, words: [word] };
    }
    return null;
  }
  if (field.pattern) {
    const pattern = new RegExp(field.pattern);
    for (const word of words) {
      const value = trimPunctuation(word.text);
      if (pattern.test(value)) return { value, words: [word] };
    }
    return null;
  }
  const rest = words.map((word) => word.text).join(' ').trim();
  return rest ? { value: rest, words } : null;
}

/** Where a line names the field: the index of the first word after its longest label, or -1. */
function afterLabel(field: IntakeField, line: OcrWord[]): number {
  const names = new Set([field.label, ...(synonyms[field.key] ?? [])].map(normal).filter(Boolean));
  let after = -1;
  // Labels start a line's first words; eight words is longer than any of them.
  for (let end = 1; end <= Math.min(line.length, 8); end += 1) {
    for (let start = 0; start < end; start += 1) {
      if (names.has(normal(line.slice(start, end).map((word) => word.text).join(' ')))) after = end;
    }
  }
  return after;
}

/**
 * Maps OCR words to a domain's intake fields by its validation rules: first a
 * value after the field's label on the same line, then (for fields with a pattern
 * or a date) any word that passes the rule. Each value keeps its confidence.
 */
export function mapToIntakeFields(fields: IntakeField[], words: OcrWord[]): ExtractedField[] {
  const lines = new Map<number, OcrWord[]>();
  for (const word of words) lines.set(word.line, [...(lines.get(word.line) ?? []), word]);
  const extracted: ExtractedField[] = [];
  for (const field of fields) {
    let found: { value: string; words: OcrWord[]; source: ExtractedField['source'] } | null = null;
    for (const line of lines.values()) {
      const start = afterLabel(field, line);
      const value = start >= 0 ? valueOf(field, line.slice(start)) : null;
      if (value) {
        found = { ...value, source: 'label' };
        break;
      }
    }
    if (!found && (field.pattern || field.type === 'date')) {
      const value = valueOf(field, words);
      if (value) found = { ...value, source: 'pattern' };
    }
    if (!found) continue;
    const confidence = Math.min(...found.words.map((word) => word.confidence));
    extracted.push({
      key: field.key, value: found.value, confidence, source: found.source,
      needsReview: confidence < reviewThreshold || found.source === 'pattern',
    });
  }
  return extracted;
}
