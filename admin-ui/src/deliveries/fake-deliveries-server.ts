import type { DeadLetter } from './dead-letter-table';

interface Call {
  method: string;
  path: string;
  csrf: string | null;
}

type Failure = { status: number; code: string; message: string };

/** A dead letter as core-api lists it: a notification that failed for good, with its queue job's last error. */
export function deadLetter(id: string, overrides: Partial<DeadLetter['notification']> = {}, error = 'Twilio unavailable'): DeadLetter {
  return {
    notification: {
      id, event: 'appointment.approved', appointmentId: 'appt-1', recipientId: 'patient-ben', channel: 'sms', state: 'failed', reason: 'retries_exhausted: twilio_down',
      providerMessageId: null, attempts: 2, template: { event: 'appointment.approved', version: null, variant: null },
      dueAt: '2026-11-28T09:00:00.000Z', createdAt: '2026-11-28T09:00:00.000Z', updatedAt: '2026-11-28T09:02:00.000Z', sentAt: null, deliveredAt: null,
      failedAt: '2026-11-28T09:02:00.000Z', ...overrides,
    },
    error,
  };
}

/** core-api's dead-letter list and retry behind the bot's /admin/api, in memory: a retried notification is queued again and leaves the list. */
export function fakeDeliveriesServer(initial: { letters?: DeadLetter[]; failures?: Record<string, Failure> } = {}) {
  const letters = new Map((initial.letters ?? []).map((letter) => [letter.notification.id, letter]));
  const calls: Call[] = [];
  const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

  const fetch = (async (input: Parameters<typeof globalThis.fetch>[0], init?: RequestInit) => {
    const request = input instanceof Request ? input : new Request(input, init);
    const path = new URL(request.url).pathname.replace(/^\/admin\/api\/v1/, '');
    calls.push({ method: request.method, path, csrf: request.headers.get('x-csrf-token') });
    const route = `${request.method} ${path}`;
    const failure = initial.failures?.[route];
    if (failure) return json({ code: failure.code, message: failure.message }, failure.status);

    if (route === 'GET /notifications/dead-letters') return json([...letters.values()]);
    const retry = /^\/notifications\/([^/]+)\/retry$/.exec(path);
    if (retry && request.method === 'POST') {
      const letter = letters.get(retry[1]!);
      if (!letter) return json({ code: 'failed_notification_not_found', message: `No failed notification with id "${retry[1]}".` }, 404);
      letters.delete(letter.notification.id);
      return json({ ...letter.notification, state: 'queued', reason: null, failedAt: null }, 202);
    }
    return json({ code: 'route_not_found', message: `No route ${route}` }, 404);
  }) as typeof globalThis.fetch;

  return { fetch, calls, letters };
}
