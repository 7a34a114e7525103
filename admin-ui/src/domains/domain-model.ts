import type { paths } from '../api/core-client';

type JsonOf<T> = T extends { content: { 'application/json': infer Body } } ? Body : never;
export type Domain = JsonOf<paths['/api/v1/domains/{id}']['get']['responses'][200]>;
export type CreateDomainBody = paths['/api/v1/domains']['post']['requestBody']['content']['application/json'];
export type UpdateDomainBody = paths['/api/v1/domains/{id}']['patch']['requestBody']['content']['application/json'];
export type IntakeField = CreateDomainBody['intakeFields'][number];
export type FieldType = IntakeField['type'];
export type Approval = Domain['approval'];

/** The four field types core-api's intake schema knows (intake-schema.ts), in words an admin reads. */
export const fieldTypes: ReadonlyArray<{ type: FieldType; label: string }> = [
  { type: 'string', label: 'Short text (one line, up to 200 characters)' },
  { type: 'text', label: 'Long text (up to 2,000 characters)' },
  { type: 'date', label: 'Date' },
  { type: 'enum', label: 'Choice from a list' },
];

// core-api's limits (directory-schemas.ts): checked here so an obvious mistake never costs a round trip.
const idPattern = /^[a-z0-9][a-z0-9-]*$/;
const keyPattern = /^[a-z][a-z0-9_]*$/;
export const maxFields = 50;
export const maxOptions = 50;
export const maxExpiryHours = 24 * 30;

/** One intake field as the builder edits it: options as lines of text, and a stable id so moving a row keeps its focus. */
export interface FieldDraft {
  uid: string;
  key: string;
  label: string;
  type: FieldType;
  required: boolean;
  options: string;
  pattern: string;
}

export interface DomainDraft {
  id: string;
  name: string;
  approval: Approval;
  requestExpiryHours: string;
  customFields: string;
  fields: FieldDraft[];
}

let uids = 0;
const nextUid = () => `field-${++uids}`;

export function blankField(): FieldDraft {
  return { uid: nextUid(), key: '', label: '', type: 'string', required: false, options: '', pattern: '' };
}

/** The editable copy of a stored domain, or an empty one for "Add domain". */
export function draftOf(domain?: Domain): DomainDraft {
  if (!domain) return { id: '', name: '', approval: 'required', requestExpiryHours: '', customFields: '{}', fields: [] };
  return {
    id: domain.id,
    name: domain.name,
    approval: domain.approval,
    requestExpiryHours: String(domain.requestExpiryHours),
    customFields: JSON.stringify(domain.customFields, null, 2),
    fields: domain.intakeFields.map((field) => ({
      uid: nextUid(), key: field.key, label: field.label, type: field.type, required: field.required,
      options: (field.options ?? []).join('\n'), pattern: field.pattern ?? '',
    })),
  };
}

const lines = (text: string) => text.split('\n').map((line) => line.trim()).filter((line) => line !== '');

/** The fields as core-api takes them: options only for a choice, a pattern only for short text. */
export function intakeFieldsOf(fields: FieldDraft[]): IntakeField[] {
  return fields.map((field) => ({
    key: field.key.trim(),
    label: field.label.trim(),
    type: field.type,
    required: field.required,
    ...(field.type === 'enum' ? { options: lines(field.options) } : {}),
    ...(field.type === 'string' && field.pattern.trim() ? { pattern: field.pattern.trim() } : {}),
  }));
}

/** The JSON Schema core-api publishes for these fields (intakeJsonSchema in intake-schema.ts), for the preview. */
export function intakeJsonSchema(fields: IntakeField[]) {
  const properties: Record<string, Record<string, unknown>> = {};
  for (const field of fields) {
    const base = { title: field.label };
    if (field.type === 'enum') properties[field.key] = { ...base, type: 'string', enum: field.options ?? [] };
    else if (field.type === 'date') properties[field.key] = { ...base, type: 'string', format: 'date' };
    else if (field.type === 'text') properties[field.key] = { ...base, type: 'string', minLength: 1, maxLength: 2000 };
    else properties[field.key] = { ...base, type: 'string', minLength: 1, maxLength: 200, ...(field.pattern ? { pattern: field.pattern } : {}) };
  }
  return { type: 'object', properties, required: fields.filter((field) => field.required).map((field) => field.key), additionalProperties: false };
}

/** A problem with one part of the draft, named by the path core-api uses (`name`, `intakeFields[2].key`). */
export interface Problem {
  field: string;
  message: string;
}

export function draftProblems(draft: DomainDraft, creating: boolean): Problem[] {
  const problems: Problem[] = [];
  const problem = (field: string, message: string) => problems.push({ field, message });
  if (creating) {
    if (!idPattern.test(draft.id) || draft.id.length < 2 || draft.id.length > 60)
      problem('id', 'Use 2 to 60 lower-case letters, digits and hyphens, starting with a letter or digit (like "tax-advice").');
  }
  if (draft.name.trim() === '' || draft.name.trim().length > 100) problem('name', 'Give a name of 1 to 100 characters.');
  const hours = draft.requestExpiryHours.trim();
  if (hours !== '' && !(/^\d+$/.test(hours) && Number(hours) >= 1 && Number(hours) <= maxExpiryHours))
    problem('requestExpiryHours', `Give a whole number of hours from 1 to ${maxExpiryHours}.`);
  if (customFieldsOf(draft.customFields) === undefined) problem('customFields', 'Write a JSON object, like {"department": "North"}.');
  if (draft.fields.length > maxFields) problem('intakeFields', `A domain has at most ${maxFields} intake fields.`);

  const seen = new Set<string>();
  draft.fields.forEach((field, index) => {
    const at = (part: string) => `intakeFields[${index}].${part}`;
    const key = field.key.trim();
    if (key === '') problem(at('key'), 'Give the field a key.');
    else if (!keyPattern.test(key) || key.length > 60) problem(at('key'), 'Use lower-case letters, digits and _, starting with a letter (like "date_of_birth").');
    else if (seen.has(key)) problem(at('key'), `"${key}" appears twice.`);
    seen.add(key);
    if (field.label.trim() === '' || field.label.trim().length > 200) problem(at('label'), 'Give a label of 1 to 200 characters.');
    if (field.type === 'enum') {
      const options = lines(field.options);
      if (options.length === 0) problem(at('options'), 'A choice needs at least one option.');
      else if (options.length > maxOptions) problem(at('options'), `At most ${maxOptions} options.`);
      else if (options.some((option) => option.length > 100)) problem(at('options'), 'Each option has at most 100 characters.');
      else if (new Set(options).size !== options.length) problem(at('options'), 'An option appears twice.');
    }
    if (field.type === 'string' && field.pattern.trim()) {
      if (field.pattern.trim().length > 200) problem(at('pattern'), 'At most 200 characters.');
      else if (!isRegExp(field.pattern.trim())) problem(at('pattern'), 'Not a valid regular expression.');
    }
  });
  return problems;
}

function isRegExp(source: string): boolean {
  try {
    new RegExp(source);
    return true;
  } catch {
    return false;
  }
}

/** The custom-fields text as an object, or undefined when it is not a JSON object. */
export function customFieldsOf(text: string): Record<string, unknown> | undefined {
  if (text.trim() === '') return {};
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** The POST body: what core-api defaults (expiry 48 hours, no custom fields) is left out when left empty. */
export function createBodyOf(draft: DomainDraft): CreateDomainBody {
  const customFields = customFieldsOf(draft.customFields) ?? {};
  return {
    id: draft.id.trim(),
    name: draft.name.trim(),
    approval: draft.approval,
    intakeFields: intakeFieldsOf(draft.fields),
    ...(draft.requestExpiryHours.trim() ? { requestExpiryHours: Number(draft.requestExpiryHours) } : {}),
    ...(Object.keys(customFields).length > 0 ? { customFields } : {}),
  };
}

/** The PATCH body: every setting the page edits, so the stored domain becomes what the admin sees. */
export function updateBodyOf(draft: DomainDraft): UpdateDomainBody {
  return {
    name: draft.name.trim(),
    approval: draft.approval,
    intakeFields: intakeFieldsOf(draft.fields),
    ...(draft.requestExpiryHours.trim() ? { requestExpiryHours: Number(draft.requestExpiryHours) } : {}),
    customFields: customFieldsOf(draft.customFields) ?? {},
  };
}

/** core-api names body problems two ways (its own check: `intakeFields[1].key`; schema validation: `body/intakeFields/1/key`); one form here. */
export function normaliseField(field: string): string {
  return field.replace(/^body\/?/, '').replace(/\/(\d+)(?=\/|$)/g, '[$1]').replace(/\//g, '.');
}

/** "Field 2 (“kind”), key" for `intakeFields[1].key`, so a message points at the row it is about. */
export function describeField(field: string, fields: FieldDraft[]): string {
  const match = /^intakeFields\[(\d+)\](?:\.(\w+))?$/.exec(field);
  if (!match) return ({ id: 'Id', name: 'Name', approval: 'Approval', requestExpiryHours: 'Request expiry', customFields: 'Custom fields', intakeFields: 'Intake fields' } as Record<string, string>)[field] ?? field;
  const index = Number(match[1]);
  const key = fields[index]?.key.trim();
  return `Field ${index + 1}${key ? ` ("${key}")` : ''}${match[2] ? `, ${match[2]}` : ''}`;
}
