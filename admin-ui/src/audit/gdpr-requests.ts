import { unwrap } from '../api/admin-api';
import type { CoreClient, paths } from '../api/core-client';

export type PersonalDataExport = paths['/api/v1/users/{id}/export']['get']['responses'][200]['content']['application/json'];
export type Erasure = paths['/api/v1/users/{id}/erase']['post']['responses'][200]['content']['application/json'];

export const exportUser = (core: CoreClient, id: string): Promise<PersonalDataExport> => unwrap(core.GET('/api/v1/users/{id}/export', { params: { path: { id } } }));

export const eraseUser = (core: CoreClient, id: string): Promise<Erasure> => unwrap(core.POST('/api/v1/users/{id}/erase', { params: { path: { id } } }));

export interface ExportPart {
  module: string;
  part: string;
  records: number;
}

/**
 * How much each module holds: a list counts its items, a single record
 * (a profile, preferences) counts one, nothing counts none. A module that
 * answers a plain list is one part named after it.
 */
export function exportSummary(data: PersonalDataExport): ExportPart[] {
  const count = (value: unknown) => (Array.isArray(value) ? value.length : value === null || value === undefined ? 0 : 1);
  const parts: ExportPart[] = [];
  for (const [module, value] of Object.entries(data.modules)) {
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      for (const [part, inner] of Object.entries(value)) parts.push({ module, part, records: count(inner) });
    } else {
      parts.push({ module, part: module, records: count(value) });
    }
  }
  return parts;
}
