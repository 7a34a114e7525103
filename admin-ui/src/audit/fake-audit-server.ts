import type { AuditEntry } from './audit-model';
import type { PersonalDataExport } from './gdpr-requests';

interface Call {
  method: string;
  path: string;
  query: URLSearchParams;
  accept: string | null;
  csrf: string | null;
}

type Failure = { status: number; code: string; message: string };

/** An audit entry as core-api answers it. */
export function auditEntry(overrides: Partial<AuditEntry> & Pick<AuditEntry, 'id' | 'at'>): AuditEntry {
  return {
    actorId: 'dr-lopez', actorRole: 'professional', actingService: null, action: 'appointment.approve', resourceType: 'appointment', resourceId: 'appt-1',
    patientId: 'patient-ana', outcome: 'allowed', requestId: `req-${overrides.id}`, channel: 'api', ...overrides,
  };
}

/** What core-api's GDPR export holds for a user, per module (shapes of the modules' contributors). */
export function personalData(userId: string): PersonalDataExport['modules'] {
  return {
    identity: { profile: { id: userId, name: 'Ana García' }, channelIdentities: [{ channel: 'webchat' }, { channel: 'whatsapp' }], consents: [{ purpose: 'booking' }], accessLog: [{}, {}, {}] },
    appointments: { appointments: [{ id: 'appt-1' }, { id: 'appt-2' }] },
    notifications: { notifications: [{ id: 'n-1' }], preferences: null, pushDevices: [] },
  };
}

const cursorOf = (id: string) => btoa(`audit:${id}`).replace(/=+$/, '');
const idOfCursor = (cursor: string) => /^audit:(\d+)$/.exec(atob(cursor))?.[1];

/** The CSV columns of core-api's audit-csv.ts. */
const columns: Array<keyof AuditEntry> = ['id', 'at', 'actorId', 'actorRole', 'actingService', 'action', 'resourceType', 'resourceId', 'patientId', 'outcome', 'requestId', 'channel'];

/** core-api's audit and GDPR routes behind the bot's /admin/api, in memory, recording every call. */
export function fakeAuditServer(initial: { entries?: AuditEntry[]; users?: string[]; failures?: Record<string, Failure> } = {}) {
  // Newest first by id, as core-api orders them.
  const entries = [...(initial.entries ?? [])].sort((a, b) => Number(b.id) - Number(a.id));
  const users = new Set(initial.users ?? ['patient-ana', 'patient-ben']);
  const erased = new Map<string, string>();
  const calls: Call[] = [];
  const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

  const fetch = (async (input: Parameters<typeof globalThis.fetch>[0], init?: RequestInit) => {
    const request = input instanceof Request ? input : new Request(input, init);
    const url = new URL(request.url);
    const path = url.pathname.replace(/^\/admin\/api\/v1/, '');
    const query = url.searchParams;
    calls.push({ method: request.method, path, query, accept: request.headers.get('accept'), csrf: request.headers.get('x-csrf-token') });
    const route = `${request.method} ${path}`;
    const failure = initial.failures?.[route];
    if (failure) return json({ code: failure.code, message: failure.message }, failure.status);

    if (route === 'GET /audit') {
      const csv = query.get('format') === 'csv' || (!query.get('format') && /\btext\/csv\b/.test(request.headers.get('accept') ?? ''));
      const before = query.get('cursor') ? idOfCursor(query.get('cursor')!) : undefined;
      if (query.get('cursor') && !before) return json({ code: 'invalid_cursor', message: 'The cursor is not one this API handed out.' }, 400);
      const matching = entries.filter(
        (entry) =>
          (!query.get('actor') || entry.actorId === query.get('actor')) && (!query.get('action') || entry.action === query.get('action')) &&
          (!query.get('patient') || entry.patientId === query.get('patient')) && (!query.get('resourceType') || entry.resourceType === query.get('resourceType')) &&
          (!query.get('resourceId') || entry.resourceId === query.get('resourceId')) && (!query.get('from') || entry.at >= query.get('from')!) &&
          (!query.get('to') || entry.at < query.get('to')!) && (!before || Number(entry.id) < Number(before)),
      );
      const limit = Number(query.get('limit') ?? (csv ? 10_000 : 50));
      const items = matching.slice(0, limit);
      if (csv) {
        const lines = [columns.join(','), ...items.map((entry) => columns.map((column) => entry[column] ?? '').join(','))];
        return new Response(`${lines.join('\r\n')}\r\n`, { headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': 'attachment; filename="audit-log.csv"' } });
      }
      return json({ items, nextCursor: matching.length > limit ? cursorOf(items.at(-1)!.id) : null });
    }
    const user = /^\/users\/([^/]+)\/(export|erase)$/.exec(path);
    if (user) {
      const [, id, action] = user as unknown as [string, string, 'export' | 'erase'];
      if (!users.has(id)) return json({ code: 'user_not_found', message: `No user with id "${id}".` }, 404);
      if (action === 'export' && request.method === 'GET') return json({ userId: id, exportedAt: '2026-11-28T10:00:00.000Z', modules: personalData(id) });
      if (action === 'erase' && request.method === 'POST') {
        if (!erased.has(id)) erased.set(id, '2026-11-28T10:05:00.000Z');
        return json({ userId: id, erasedAt: erased.get(id) });
      }
    }
    return json({ code: 'route_not_found', message: `No route ${route}` }, 404);
  }) as typeof globalThis.fetch;

  return { fetch, calls, erased };
}
