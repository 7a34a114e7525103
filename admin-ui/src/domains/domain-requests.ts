import { CoreApiError, unwrap } from '../api/admin-api';
import type { CoreClient } from '../api/core-client';
import { normaliseField, type CreateDomainBody, type Problem, type UpdateDomainBody } from './domain-model';

/** The field problems of a refused save, named as the form names its fields. */
export const saveProblems = (error: Error | null): Problem[] =>
  error instanceof CoreApiError ? error.problems.map((problem) => ({ field: normaliseField(problem.field), message: problem.message })) : [];

export const createDomain = (core: CoreClient, body: CreateDomainBody) => unwrap(core.POST('/api/v1/domains', { body }));

export const updateDomain = (core: CoreClient, id: string, body: UpdateDomainBody) =>
  unwrap(core.PATCH('/api/v1/domains/{id}', { params: { path: { id } }, body }));
