import type { Appointment, Professional, Service } from '../api/admin-api';
import type { AvailabilityBody, AvailabilityException, WeeklyRule } from './availability-rules';
import { datesBetween, isoInZone, isoWeekday, zonedInstant } from './zone-time';

interface Call {
  method: string;
  path: string;
  query: URLSearchParams;
  body: unknown;
  csrf: string | null;
}

type Failure = { status: number; code: string; message: string; details?: unknown };
type Rules = { weekly: WeeklyRule[]; exceptions: AvailabilityException[] };

/** A professional as core-api's directory answers it. */
export function professional(overrides: Partial<Professional> & Pick<Professional, 'id' | 'name' | 'timeZone'>): Professional {
  return {
    domainId: 'medical', specialty: 'dermatology', languages: ['es', 'en'], bufferMinutes: 0, minNoticeHours: 0, bookingHorizonDays: 90,
    cancellationCutoffHours: 24, serviceIds: ['derm-consult'], ...overrides,
  };
}

/** A requested appointment as core-api lists it (no patient name: that is only on single reads). */
export function appointment(overrides: Partial<Appointment> & Pick<Appointment, 'id' | 'start' | 'end'>): Appointment {
  return {
    professionalId: 'dr-lopez', patientId: 'patient-ana', serviceId: 'derm-consult', domainId: 'medical', timeZone: 'Europe/Madrid',
    status: 'requested', message: null, intake: {}, rescheduledFrom: null, createdAt: '2026-10-01T08:00:00.000Z', updatedAt: '2026-10-01T08:00:00.000Z',
    ...overrides,
  };
}

export const services: Service[] = [
  { id: 'derm-consult', domainId: 'medical', specialty: 'dermatology', name: 'Dermatology consultation', minutes: 30 },
  { id: 'derm-check', domainId: 'medical', specialty: 'dermatology', name: 'Mole check', minutes: 60 },
  { id: 'physio-session', domainId: 'medical', specialty: 'physiotherapy', name: 'Physiotherapy session', minutes: 45 },
];

/** core-api's check-rules.ts, with its error shape: every problem, as `{ field, message }`. */
function problemsOf(body: AvailabilityBody): Array<{ field: string; message: string }> {
  const problems: Array<{ field: string; message: string }> = [];
  body.weekly.forEach((rule, index) => {
    if (rule.end <= rule.start) problems.push({ field: `weekly[${index}]`, message: 'end must be after start.' });
  });
  for (let weekday = 1; weekday <= 7; weekday++) {
    const day = body.weekly.map((rule, index) => ({ ...rule, index })).filter((rule) => rule.weekday === weekday).sort((a, b) => a.start.localeCompare(b.start));
    for (let i = 1; i < day.length; i++) {
      if (day[i]!.start < day[i - 1]!.end) problems.push({ field: `weekly[${day[i]!.index}]`, message: `overlaps another window on weekday ${weekday}.` });
    }
  }
  (body.exceptions ?? []).forEach((exception, index) => {
    if (!exception.closed && (!exception.start || !exception.end || exception.end <= exception.start))
      problems.push({ field: `exceptions[${index}]`, message: 'an open exception needs start before end.' });
  });
  return problems;
}

/** What core-api stores and answers: closed days without hours, reasons only when given. */
const stored = (body: AvailabilityBody): Rules => ({
  weekly: body.weekly.map(({ weekday, start, end }) => ({ weekday, start, end })),
  exceptions: (body.exceptions ?? []).map(({ date, closed, start, end, reason }) => ({ date, closed, ...(closed ? {} : { start, end }), ...(reason ? { reason } : {}) })),
});

/** Slots every `minutes` in each open window of each date (no buffer, notice or busy time: the tests do not need them). */
function slotsOf(rules: Rules, timeZone: string, minutes: number, from: string, to: string) {
  const slots: Array<{ start: string; end: string }> = [];
  for (const date of datesBetween(from, to)) {
    const exceptions = rules.exceptions.filter((exception) => exception.date === date);
    const windows = exceptions.length === 0 ? rules.weekly.filter((rule) => rule.weekday === isoWeekday(date)) : exceptions.some((e) => e.closed) ? [] : exceptions;
    for (const window of [...windows].sort((a, b) => a.start!.localeCompare(b.start!))) {
      const end = zonedInstant(date, window.end!, timeZone).getTime();
      for (let start = zonedInstant(date, window.start!, timeZone).getTime(); start + minutes * 60_000 <= end; start += minutes * 60_000) {
        slots.push({ start: isoInZone(new Date(start), timeZone), end: isoInZone(new Date(start + minutes * 60_000), timeZone) });
      }
    }
  }
  return slots;
}

/**
 * core-api's directory, appointments list and availability routes behind the bot's /admin/api, in
 * memory, as a `fetch` for the UI's typed client: it records every call and keeps what is saved.
 */
export function fakeCalendarServer(initial: {
  professionals: Professional[];
  appointments?: Appointment[];
  availability?: Record<string, Partial<Rules>>;
  /** Routes (`PUT /availability`) that answer with this error instead. */
  failures?: Record<string, Failure>;
}) {
  const availability = new Map<string, Rules>(
    initial.professionals.map((item) => [item.id, { weekly: [], exceptions: [], ...initial.availability?.[item.id] }]),
  );
  const calls: Call[] = [];
  const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  const invalid = (code: string, message: string, details?: unknown) => json({ code, message, ...(details === undefined ? {} : { details }) }, 400);
  const find = (id: string) => initial.professionals.find((item) => item.id === id);
  const answerOf = (id: string) => ({ professionalId: id, timeZone: find(id)!.timeZone, ...availability.get(id)! });

  const fetch = (async (input: Parameters<typeof globalThis.fetch>[0], init?: RequestInit) => {
    const request = input instanceof Request ? input : new Request(input, init);
    const url = new URL(request.url);
    const text = request.method === 'GET' ? '' : await request.text();
    const body = text ? JSON.parse(text) : undefined;
    const path = url.pathname.replace(/^\/admin\/api\/v1/, '');
    calls.push({ method: request.method, path, query: url.searchParams, body, csrf: request.headers.get('x-csrf-token') });
    const route = `${request.method} ${path}`;
    const failure = initial.failures?.[route];
    if (failure) return json({ code: failure.code, message: failure.message, ...(failure.details ? { details: failure.details } : {}) }, failure.status);

    if (route === 'GET /professionals') return json(initial.professionals);
    if (route === 'GET /services') return json(services);
    if (route === 'GET /appointments') {
      const query = url.searchParams;
      const statuses = query.get('status')?.split(',');
      const from = query.get('from') ? Date.parse(query.get('from')!) : -Infinity;
      const to = query.get('to') ? Date.parse(query.get('to')!) : Infinity;
      const professionalId = query.get('professionalId');
      const found = (initial.appointments ?? [])
        .filter((item) => (!statuses || statuses.includes(item.status)) && (!professionalId || item.professionalId === professionalId))
        .filter((item) => Date.parse(item.end) > from && Date.parse(item.start) < to)
        .sort((a, b) => Date.parse(a.start) - Date.parse(b.start));
      return json(found.slice(0, Number(query.get('limit') ?? 200)));
    }
    if (route === 'PUT /availability') {
      const items = (body as { items: Array<AvailabilityBody & { professionalId: string }> }).items;
      for (const [index, item] of items.entries()) {
        if (!find(item.professionalId)) return invalid('unknown_professional', `items[${index}]: no professional "${item.professionalId}".`);
        const problems = problemsOf(item);
        if (problems.length > 0) return invalid('invalid_availability', `items[${index}] (${item.professionalId}): The availability is not valid.`, problems);
      }
      for (const item of items) availability.set(item.professionalId, stored(item));
      return json({ updated: items.map((item) => item.professionalId) });
    }
    const own = /^\/professionals\/([^/]+)\/availability(\/preview)?$/.exec(path);
    if (own) {
      const [, id, preview] = own as unknown as [string, string, string | undefined];
      const found = find(id);
      if (!found) return json({ code: 'professional_not_found', message: `No professional with id "${id}".` }, 404);
      if (request.method === 'GET' && !preview) return json(answerOf(id));
      const draft = body as AvailabilityBody & { service?: string; from?: string; to?: string };
      if (request.method === 'PUT' && !preview) {
        const problems = problemsOf(draft);
        if (problems.length > 0) return invalid('invalid_availability', 'The availability is not valid.', problems);
        availability.set(id, stored(draft));
        return json(answerOf(id));
      }
      if (request.method === 'POST' && preview) {
        // core-api's order: the range, the service, then the rules.
        if (draft.to! < draft.from!) return invalid('invalid_range', '"to" must not be before "from".');
        if (datesBetween(draft.from!, draft.to!).length > 94) return invalid('range_too_long', 'Ask for at most 93 days at a time.');
        const service = services.find((item) => item.id === draft.service);
        if (!service || !found.serviceIds.includes(service.id))
          return invalid('service_not_offered', `${found.name} does not offer the service "${draft.service}".`, { offered: found.serviceIds });
        const problems = problemsOf(draft);
        if (problems.length > 0) return invalid('invalid_availability', 'The availability is not valid.', problems);
        const slots = slotsOf(stored(draft), found.timeZone, service.minutes, draft.from!, draft.to!);
        return json({ professionalId: id, serviceId: service.id, timeZone: found.timeZone, slots });
      }
    }
    return json({ code: 'route_not_found', message: `No route ${route}.` }, 404);
  }) as typeof globalThis.fetch;

  return {
    fetch,
    calls,
    /** What is stored for a professional now. */
    availabilityOf: (id: string) => availability.get(id),
  };
}
