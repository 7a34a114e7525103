import type { CoreApiClient } from '@consulta/core-api/client';
import { unwrap } from '@consulta/core-api/client';
import type { PendingAction } from './assistant-state';
import type { UserContext } from './user-context';

const words = {
  en: {
    request: (what: string, who: string, when: string) => `Please confirm: ${what} with ${who} on ${when}.`,
    reschedule: (what: string, from: string, to: string) => `Please confirm: move your ${what} from ${from} to ${to}.`,
    cancel: (what: string, when: string) => `Please confirm: cancel your ${what} on ${when}.`,
    details: 'Details',
    reason: 'Reason',
    question: 'Shall I go ahead?',
  },
  es: {
    request: (what: string, who: string, when: string) => `Por favor, confirma: ${what} con ${who} el ${when}.`,
    reschedule: (what: string, from: string, to: string) => `Por favor, confirma: mover tu ${what} del ${from} al ${to}.`,
    cancel: (what: string, when: string) => `Por favor, confirma: anular tu ${what} del ${when}.`,
    details: 'Datos',
    reason: 'Motivo',
    question: '¿Sigo adelante?',
  },
};

/** "Tue 8 Dec, 10:20 (Europe/Madrid)" in the user's zone and language. */
export function formatForUser(instant: string, user: Pick<UserContext, 'locale' | 'timeZone'>): string {
  const text = new Intl.DateTimeFormat(user.locale.startsWith('es') ? 'es-ES' : 'en-GB', {
    weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', hour12: false, timeZone: user.timeZone,
  }).format(new Date(instant));
  return `${text} (${user.timeZone})`;
}

/**
 * The summary a user confirms before a request, move or cancellation: what,
 * with whom, when (in the user's zone) and the intake answers given.
 */
export async function describeAction(action: PendingAction, context: { api: CoreApiClient; user: UserContext }): Promise<string> {
  const { api, user } = context;
  const text = user.locale.startsWith('es') ? words.es : words.en;
  const serviceName = async (id: string) =>
    (await unwrap(api.GET('/api/v1/services'))).find((service) => service.id === id)?.name ?? id;
  const professionalName = async (id: string) =>
    (await unwrap(api.GET('/api/v1/professionals/{id}', { params: { path: { id } } }))).name;
  const args = action.args as Record<string, string | Record<string, string> | undefined>;

  if (action.name === 'request_appointment') {
    const intake = (args.intake ?? {}) as Record<string, string>;
    const lines = [text.request(await serviceName(String(args.serviceId)), await professionalName(String(args.professionalId)), formatForUser(String(args.start), user))];
    const answers = Object.entries(intake).map(([key, value]) => `${key.replace(/_/g, ' ')}: ${value}`);
    if (answers.length > 0) lines.push(`${text.details}: ${answers.join('; ')}.`);
    lines.push(text.question);
    return lines.join('\n');
  }
  const appointment = await unwrap(api.GET('/api/v1/appointments/{id}', { params: { path: { id: String(args.appointmentId) } } }));
  const what = (await serviceName(appointment.serviceId)).toLowerCase();
  if (action.name === 'reschedule_appointment') {
    return [text.reschedule(what, formatForUser(appointment.start, user), formatForUser(String(args.start), user)), text.question].join('\n');
  }
  const lines = [text.cancel(what, formatForUser(appointment.start, user))];
  if (args.reason) lines.push(`${text.reason}: ${String(args.reason)}.`);
  lines.push(text.question);
  return lines.join('\n');
}
