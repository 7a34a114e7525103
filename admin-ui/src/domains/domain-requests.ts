import { CoreApiError } from '../api/admin-api';
import type { CoreClient } from '../api/core-client';
import { normaliseField, type CreateDomainBody, type Domain, type Problem, type UpdateDomainBody } from './domain-model';

/** A core-api error that keeps the per-field `details` of a 400, which the shared `unwrap` drops. */
export class DomainSaveError extends CoreApiError {
  constructor(status: number, code: string, message: string, readonly problems: Problem[]) {
    super(status, code, message);
  }
}

async function unwrapWithDetails(call: Promise<{ data?: Domain; error?: unknown; response: Response }>): Promise<Domain> {
  const { data, error, response } = await call;
  if (response.ok && data) return data;
  const body = (error ?? {}) as { code?: string; message?: string; details?: unknown };
  const problems = Array.isArray(body.details)
    ? body.details
        .filter((item): item is { field: string; message: string } => typeof item?.field === 'string' && typeof item?.message === 'string')
        .map((item) => ({ field: normaliseField(item.field), message: item.message }))
    : [];
  throw new DomainSaveError(response.status, body.code ?? 'http_error', body.message ?? `The server answered ${response.status}.`, problems);
}

export const createDomain = (core: CoreClient, body: CreateDomainBody) => unwrapWithDetails(core.POST('/api/v1/domains', { body }));

export const updateDomain = (core: CoreClient, id: string, body: UpdateDomainBody) =>
  unwrapWithDetails(core.PATCH('/api/v1/domains/{id}', { params: { path: { id } }, body }));
