import type { paths } from '../api/core-client';

type AuditGet = paths['/api/v1/audit']['get'];
export type AuditQuery = NonNullable<AuditGet['parameters']['query']>;
/** The JSON answer (the route also answers CSV, the other half of its union). */
export type AuditPage = Exclude<AuditGet['responses'][200]['content']['application/json'], string>;
export type AuditEntry = AuditPage['items'][number];

/** The filters as the admin writes them; dates are whole local days, both ends included. */
export interface AuditFilters {
  actor: string;
  action: string;
  patient: string;
  resourceType: string;
  resourceId: string;
  from: string;
  to: string;
}

export const filterNames: ReadonlyArray<keyof AuditFilters> = ['actor', 'action', 'patient', 'resourceType', 'resourceId', 'from', 'to'];

export const noFilters: AuditFilters = { actor: '', action: '', patient: '', resourceType: '', resourceId: '', from: '', to: '' };

/** The filters kept in the page's address, so a filtered view can be shared or reloaded. */
export function filtersOf(params: URLSearchParams): AuditFilters {
  const filters = { ...noFilters };
  for (const name of filterNames) filters[name] = params.get(name) ?? '';
  return filters;
}

export function paramsOf(filters: AuditFilters): Record<string, string> {
  return Object.fromEntries(filterNames.map((name) => [name, filters[name].trim()]).filter(([, value]) => value !== ''));
}

const day = /^\d{4}-\d{2}-\d{2}$/;
const localMidnight = (date: string) => new Date(`${date}T00:00:00`);

/** What is wrong with the date range, or null. */
export function rangeProblem(filters: AuditFilters): string | null {
  if ((filters.from && !day.test(filters.from)) || (filters.to && !day.test(filters.to))) return 'Give the dates as YYYY-MM-DD.';
  if (filters.from && filters.to && filters.from > filters.to) return 'The first day comes after the last.';
  return null;
}

/**
 * core-api's query: the days become instants (`from` inclusive, `to`
 * exclusive, so the last day's midnight after it), in the admin's time zone.
 */
export function queryOf(filters: AuditFilters): AuditQuery {
  const query: AuditQuery = {};
  for (const name of ['actor', 'action', 'patient', 'resourceType', 'resourceId'] as const) {
    const value = filters[name].trim();
    if (value) query[name] = value;
  }
  if (filters.from) query.from = localMidnight(filters.from).toISOString();
  if (filters.to) {
    const after = localMidnight(filters.to);
    after.setDate(after.getDate() + 1);
    query.to = after.toISOString();
  }
  return query;
}

/** The route answers JSON or CSV by the same type; a JSON ask must get the page. */
export function asPage(answer: AuditPage | string): AuditPage {
  if (typeof answer === 'string') throw new Error('The server answered CSV where the page was asked for.');
  return answer;
}

export const when = (iso: string) => new Date(iso).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'medium' });
