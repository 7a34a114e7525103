import { CoreApiError } from '@consulta/core-api/client';
import { ZodError } from 'zod';
import type { SkillFailure, SkillName } from './contract';
import { hintForApiError } from './failure-hints';
import { SkillError } from './skill-error';

function failure(code: string, message: string, hint: string): SkillFailure {
  return { error: { code, message, hint } };
}

function describeInputIssues(error: ZodError): string[] {
  return error.issues.map((issue) => {
    const field = issue.path.length > 0 ? issue.path.join('.') : 'input';
    const missing = issue.code === 'invalid_type' && issue.message.includes('undefined');
    return missing ? `${field}: required` : `${field}: ${issue.message}`;
  });
}

/**
 * Any error a skill can meet, as a tool message the model can act on.
 * Messages carry codes and field names, never the user's answers.
 */
export function toSkillFailure(error: unknown, skill: SkillName): SkillFailure {
  if (error instanceof ZodError) {
    const issues = describeInputIssues(error);
    return failure('invalid_input', `The arguments of ${skill} are not valid: ${issues.join('; ')}.`, `Call ${skill} again with these fixed: ${issues.join('; ')}.`);
  }
  if (error instanceof SkillError) return failure(error.code, error.message, error.hint);
  if (error instanceof CoreApiError) return failure(error.code, error.message, hintForApiError(error, skill));
  return failure(
    'internal_error',
    `${skill} failed unexpectedly.`,
    `Call ${skill} once more; if it fails again, apologise and offer handoff_to_human.`,
  );
}
