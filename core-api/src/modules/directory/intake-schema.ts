import { Ajv, type ErrorObject } from 'ajv';
import type { IntakeField } from '../../seed/seed-schema';

export type { IntakeField };

/**
 * A domain's intake fields as JSON Schema: what the API publishes and what
 * every request's intake answers are checked against.
 *
 * @example
 * intakeJsonSchema([{ key: 'reason', label: 'Reason', type: 'text', required: true }]);
 */
export function intakeJsonSchema(fields: IntakeField[]) {
  const properties: Record<string, Record<string, unknown>> = {};
  for (const field of fields) {
    const base = { title: field.label };
    if (field.type === 'enum') properties[field.key] = { ...base, type: 'string', enum: field.options ?? [] };
    else if (field.type === 'date') properties[field.key] = { ...base, type: 'string', format: 'date' };
    else if (field.type === 'text') properties[field.key] = { ...base, type: 'string', minLength: 1, maxLength: 2000 };
    else properties[field.key] = { ...base, type: 'string', minLength: 1, maxLength: 200, ...(field.pattern ? { pattern: field.pattern } : {}) };
  }
  return {
    type: 'object',
    properties,
    required: fields.filter((field) => field.required).map((field) => field.key),
    additionalProperties: false,
  } as const;
}

export interface IntakeProblem {
  field: string;
  message: string;
}

const ajv = new Ajv({ allErrors: true, strict: false, addUsedSchema: false });
ajv.addFormat('date', /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/);

// Compiling costs milliseconds and domains change rarely: one validator per distinct field list.
const validators = new Map<string, ReturnType<typeof ajv.compile>>();
const maximumValidators = 200;

function validatorFor(fields: IntakeField[]) {
  const key = JSON.stringify(fields);
  let validate = validators.get(key);
  if (!validate) {
    if (validators.size >= maximumValidators) validators.clear();
    validate = ajv.compile(intakeJsonSchema(fields));
    validators.set(key, validate);
  }
  return validate;
}

/**
 * Checks intake answers against a domain's fields and lists every problem by
 * field, in words a patient (or the assistant) can act on.
 */
export function validateIntake(fields: IntakeField[], answers: Record<string, unknown>): IntakeProblem[] {
  const validate = validatorFor(fields);
  if (validate(answers)) return [];
  return (validate.errors ?? []).map((error) => toProblem(error, fields));
}

function toProblem(error: ErrorObject, fields: IntakeField[]): IntakeProblem {
  const key =
    error.keyword === 'required'
      ? String(error.params.missingProperty)
      : error.keyword === 'additionalProperties'
        ? String(error.params.additionalProperty)
        : error.instancePath.replace(/^\//, '');
  const field = fields.find((candidate) => candidate.key === key);
  const label = field?.label ?? key;
  switch (error.keyword) {
    case 'required':
      return { field: key, message: `${label} is required.` };
    case 'additionalProperties':
      return { field: key, message: `"${key}" is not a field of this domain's intake.` };
    case 'enum':
      return { field: key, message: `${label} must be one of: ${(field?.options ?? []).join(', ')}.` };
    case 'format':
      return { field: key, message: `${label} must be a date as YYYY-MM-DD.` };
    case 'pattern':
      return { field: key, message: `${label} does not have the expected format (${field?.pattern}).` };
    case 'minLength':
      return { field: key, message: `${label} must not be empty.` };
    case 'maxLength':
      return { field: key, message: `${label} is too long (at most ${String(error.params.limit)} characters).` };
    default:
      return { field: key, message: `${label} ${error.message ?? 'is not valid'}.` };
  }
}
