import type { Appointment } from '../api/admin-api';

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

/**
 * The bot's /admin routes and core-api behind them, in memory, as a `fetch`
 * for the UI's real typed client: it records every call, so tests assert what
 * the UI sent, and it changes its state as core-api would.
 */
export function fakeAdminServer(initial: { appointments: Appointment[] }) {
  const appointments = new Map(initial.appointments.map((item) => [item.id, { ...item }]));
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
  };
}
