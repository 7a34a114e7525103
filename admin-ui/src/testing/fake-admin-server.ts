import type { AnalyticsBreakdown, AnalyticsSummary, Appointment, TemplateActivation, TemplateVersion } from '../api/admin-api';

interface Call {
  method: string;
  path: string;
  query: URLSearchParams;
  body: unknown;
  csrf: string | null;
}

const names: Record<string, string> = { 'patient-ana': 'Ana García', 'patient-ben': 'Ben Carter', 'patient-chloe': 'Chloé Dubois' };

/** An appointment as core-api answers it, with the professional's offset. */
export function appointment(overrides: Partial<Appointment> & Pick<Appointment, 'id' | 'start' | 'end'>): Appointment {
  return {
    professionalId: 'dr-lopez', patientId: 'patient-ana', serviceId: 'derm-consult', domainId: 'medical', timeZone: 'Europe/Madrid',
    status: 'requested', message: null, intake: {}, rescheduledFrom: null, createdAt: '2026-12-01T08:00:00.000Z', updatedAt: '2026-12-01T08:00:00.000Z',
    ...overrides,
  };
}

const noStatuses = { requested: 0, approved: 0, declined: 0, expired: 0, cancelled: 0, rescheduled: 0, completed: 0, no_show: 0 };
const noFigures = {
  bookings: { total: 0, byStatus: noStatuses },
  timeToDecision: { decided: 0, medianMinutes: null, p90Minutes: null },
  attendance: { total: 0, byStatus: noStatuses, noShowRate: null, cancellationRate: null },
  channels: [],
  assistantBookings: 0,
};

/** An analytics summary as core-api answers it: zeros unless given, one empty day per day of `from`..`to`. */
export function analyticsSummary(overrides: Partial<AnalyticsSummary> = {}): AnalyticsSummary {
  return {
    from: '2026-11-01', to: '2026-11-30', timeZone: 'Europe/Madrid', domainId: null, professionalId: null,
    ...noFigures, bookingsPerDay: [], assistant: null,
    ...overrides,
  };
}

/** A by-professional breakdown row, zeros unless given. */
export function analyticsRow(overrides: Partial<AnalyticsBreakdown['rows'][number]> & { id: string; name: string }): AnalyticsBreakdown['rows'][number] {
  return { ...noFigures, ...overrides };
}

/** A stored notification template version. */
export function templateVersion(overrides: Partial<TemplateVersion> & Pick<TemplateVersion, 'event' | 'channel' | 'locale' | 'version'>): TemplateVersion {
  return { subject: null, text: 'Hello {{ recipientName }}', html: null, urgent: false, note: null, createdBy: 'admin-sam', createdAt: '2026-11-20T09:00:00.000Z', ...overrides };
}

/** The built-in (version 0) content the fake answers for any template key. */
export const builtInTemplate = { subject: 'Your appointment', text: 'Hello {{ recipientName }}, your appointment is on {{ when }}.', html: null, urgent: false };

const sampleVariables: Record<string, string> = {
  recipientName: 'Ana García', patientName: 'Ana García', professionalName: 'Dr. Elena López', serviceName: 'Dermatology consultation',
  when: 'Tuesday 8 December 2026, 10:00 (Central European Time)', reason: 'The doctor is away',
};
/** Liquid's `{{ name }}` with the sample data, strict like core-api's renderer (an unknown name is a 400). */
function renderSample(template: string): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (_match, name: string) => {
    if (!(name in sampleVariables)) throw new Error(`undefined variable: ${name}`);
    return sampleVariables[name]!;
  });
}

type Failure = { status: number; code: string; message: string };

/**
 * The bot's /admin routes and core-api behind them, in memory, as a `fetch`
 * for the UI's real typed client: it records every call, so tests assert what
 * the UI sent, and it changes its state as core-api would.
 */
export function fakeAdminServer(initial: {
  appointments?: Appointment[];
  /** What `GET /analytics/summary` answers for a query (its range and filters are copied into the answer). */
  analytics?: (query: URLSearchParams) => AnalyticsSummary;
  byProfessional?: AnalyticsBreakdown['rows'];
  templates?: TemplateVersion[];
  /** Routes (`GET /analytics/summary`) that answer with this error instead. */
  failures?: Record<string, Failure>;
}) {
  const appointments = new Map((initial.appointments ?? []).map((item) => [item.id, { ...item }]));
  const templates = [...(initial.templates ?? [])];
  const activations = new Map<string, Array<TemplateActivation>>();
  const calls: Call[] = [];
  const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

  function decideOne(id: string, decision: 'approve' | 'decline') {
    const found = appointments.get(id);
    if (!found || found.status !== 'requested') return undefined;
    found.status = decision === 'approve' ? 'approved' : 'declined';
    return found;
  }

  const fetch = (async (input: Parameters<typeof globalThis.fetch>[0], init?: RequestInit) => {
    const request = input instanceof Request ? input : new Request(input, init);
    const url = new URL(request.url);
    const text = request.method === 'GET' ? '' : await request.text();
    const body = text ? JSON.parse(text) : undefined;
    const path = url.pathname.replace(/^\/admin\/api\/v1/, '');
    calls.push({ method: request.method, path, query: url.searchParams, body, csrf: request.headers.get('x-csrf-token') });
    const route = `${request.method} ${path}`;
    const failure = initial.failures?.[route];
    if (failure) return json({ code: failure.code, message: failure.message }, failure.status);
    const frame = () => ({
      from: url.searchParams.get('from')!, to: url.searchParams.get('to')!, domainId: url.searchParams.get('domainId'), professionalId: url.searchParams.get('professionalId'),
    });
    if (route === 'GET /analytics/summary') return json({ ...(initial.analytics ?? (() => analyticsSummary()))(url.searchParams), ...frame() });
    if (route === 'GET /analytics/by-professional') {
      return json({ ...frame(), timeZone: 'Europe/Madrid', groupBy: 'professional', rows: initial.byProfessional ?? [] });
    }
    if (route === 'GET /notifications/templates/versions') return json(templates);
    const template = /^\/notifications\/templates\/([^/]+)\/([^/]+)\/([^/]+)(?:\/(versions|activate|rollback|activations|preview))?$/.exec(path);
    if (template) {
      const [, event, channel, locale, action] = template as unknown as [string, string, string, string, string | undefined];
      const key = `${event}/${channel}/${locale}`;
      const own = templates.filter((item) => item.event === event && item.channel === channel && item.locale === locale);
      const history = activations.get(key) ?? [];
      const live = history.find((entry) => entry.rolledBackAt === null);
      const contentOf = (version: number) => (version === 0 ? builtInTemplate : own.find((item) => item.version === version));
      if (!action && request.method === 'GET') {
        const version = live?.version ?? 0;
        const { subject, text: content, html, urgent } = contentOf(version)!;
        return json({ version, content: { subject, text: content, html, urgent }, activation: live ?? null });
      }
      if (action === 'activations') return json(history);
      if (action === 'versions' && request.method === 'POST') {
        const written = body as TemplateVersion;
        const { subject, html, urgent, note } = written;
        const version = Math.max(0, ...own.map((item) => item.version)) + 1;
        templates.push(templateVersion({ event, channel, locale, version, subject, text: written.text, html, urgent, note: note ?? null, createdBy: 'admin-sam', createdAt: '2026-11-28T10:00:00.000Z' }));
        return json({ version }, 201);
      }
      if (action === 'activate') {
        const { version } = body as { version: number };
        if (!contentOf(version)) return json({ code: 'not_found', message: `No version ${version}` }, 404);
        const activation = { version, variantVersion: null, variantShare: null, activatedBy: 'admin-sam', at: '2026-11-28T10:05:00.000Z', rolledBackAt: null };
        activations.set(key, [activation, ...history]);
        return json(activation);
      }
      if (action === 'rollback') {
        if (!live) return json({ code: 'conflict', message: 'Nothing to roll back' }, 409);
        live.rolledBackAt = '2026-11-28T10:10:00.000Z';
        const back = history.find((entry) => entry.rolledBackAt === null);
        return json({ version: back?.version ?? 0, variantVersion: null, variantShare: null });
      }
      if (action === 'preview') {
        const { version, draft } = body as { version?: number; draft?: { subject: string | null; text: string } };
        const content = draft ?? contentOf(version ?? live?.version ?? 0);
        if (!content) return json({ code: 'not_found', message: 'No such version' }, 404);
        try {
          return json({ subject: content.subject === null ? null : renderSample(content.subject), text: renderSample(content.text), html: null });
        } catch (error) {
          return json({ code: 'invalid_template', message: `The template does not render: ${(error as Error).message}` }, 400);
        }
      }
    }
    if (route === 'GET /appointments') {
      const statuses = (url.searchParams.get('status') ?? '').split(',');
      const from = url.searchParams.get('from');
      const to = url.searchParams.get('to');
      return json(
        [...appointments.values()].filter(
          (item) => statuses.includes(item.status) && (!from || Date.parse(item.start) >= Date.parse(from)) && (!to || Date.parse(item.start) <= Date.parse(to)),
        ),
      );
    }
    if (route === 'GET /services') return json([{ id: 'derm-consult', domainId: 'medical', specialty: 'dermatology', name: 'Dermatology consultation', minutes: 30 }]);
    if (route === 'GET /professionals') return json([{ id: 'dr-lopez', name: 'Dr. Elena López', timeZone: 'Europe/Madrid' }]);
    if (route === 'GET /domains') {
      return json([{ id: 'medical', name: 'Medical', intakeFields: [{ key: 'reason', label: 'Reason for the visit', type: 'text', required: true }] }]);
    }
    if (route === 'POST /appointments/decisions') {
      const results = (body as { decisions: Array<{ appointmentId: string; decision: 'approve' | 'decline' }> }).decisions.map(({ appointmentId, decision }) => {
        const decided = decideOne(appointmentId, decision);
        return decided ? { appointmentId, ok: true, appointment: decided } : { appointmentId, ok: false, error: { code: 'not_found', message: 'gone' } };
      });
      return json({ results });
    }
    if (route === 'GET /professionals/dr-lopez/slots') {
      const slots = ['09:40', '10:20', '11:00'].map((time) => ({ start: `2026-12-08T${time}:00+01:00`, end: `2026-12-08T${time}:00+01:00` }));
      return json({ professionalId: 'dr-lopez', serviceId: url.searchParams.get('service'), timeZone: 'Europe/Madrid', slots });
    }
    const proposal = /^\/appointments\/([^/]+)\/proposals$/.exec(path);
    if (proposal && request.method === 'POST') {
      const { starts, message } = body as { starts: string[]; message?: string };
      return json({ id: 'proposal-1', appointmentId: proposal[1], starts, message: message ?? null, proposedBy: 'dr-lopez', status: 'open', acceptedStart: null, newAppointmentId: null, createdAt: '2026-12-01T09:00:00.000Z' }, 201);
    }
    const single = /^\/appointments\/([^/]+)(?:\/(approve|decline))?$/.exec(path);
    if (single) {
      const [, id, action] = single;
      if (!action && request.method === 'GET') {
        const found = appointments.get(id!);
        return found ? json({ ...found, patientName: names[found.patientId] }) : json({ code: 'not_found', message: 'No such appointment' }, 404);
      }
      if (action === 'decline' && !(body as { reason?: string })?.reason) return json({ code: 'invalid_request', message: 'reason is required' }, 400);
      const decided = action ? decideOne(id!, action as 'approve' | 'decline') : undefined;
      return decided ? json(decided) : json({ code: 'conflict', message: 'Not pending' }, 409);
    }
    return json({ code: 'route_not_found', message: `No route ${route}` }, 404);
  }) as typeof globalThis.fetch;

  return {
    fetch,
    calls,
    /** A decision made elsewhere (Teams, another admin). */
    decideElsewhere: (id: string) => decideOne(id, 'approve'),
    status: (id: string) => appointments.get(id)?.status,
    templates,
    activations: (event: string, channel: string, locale: string) => activations.get(`${event}/${channel}/${locale}`) ?? [],
  };
}
