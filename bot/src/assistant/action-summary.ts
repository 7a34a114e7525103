import type { ActionSummary } from '@consulta/channels';
import type { CoreApiClient } from '@consulta/core-api/client';
import { unwrap } from '@consulta/core-api/client';
import { describeCalendarAction } from './action-summary-calendar';
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
    with: 'With',
    when: 'When',
    from: 'From',
    to: 'To',
    move: (what: string) => `Move: ${what}`,
    cancelTitle: (what: string) => `Cancel: ${what}`,
  },
  es: {
    request: (what: string, who: string, when: string) => `Por favor, confirma: ${what} con ${who} el ${when}.`,
    reschedule: (what: string, from: string, to: string) => `Por favor, confirma: mover tu ${what} del ${from} al ${to}.`,
    cancel: (what: string, when: string) => `Por favor, confirma: anular tu ${what} del ${when}.`,
    details: 'Datos',
    reason: 'Motivo',
    question: '¿Sigo adelante?',
    with: 'Con',
    when: 'Cuándo',
    from: 'De',
    to: 'A',
    move: (what: string) => `Mover: ${what}`,
    cancelTitle: (what: string) => `Anular: ${what}`,
  },
};

/** "Tue 8 Dec, 10:20 (Europe/Madrid)" in the user's zone and language. */
export function formatForUser(instant: string, user: Pick<UserContext, 'locale' | 'timeZone'>): string {
  const text = new Intl.DateTimeFormat(user.locale.startsWith('es') ? 'es-ES' : 'en-GB', {
    weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', hour12: false, timeZone: user.timeZone,
  }).format(new Date(instant));
  return `${text} (${user.timeZone})`;
}

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/**
 * The summary a user confirms before a request, move or cancellation: what,
 * with whom, when (in the user's zone) and the intake answers given, in words
 * and as facts a card can lay out. Decisions, blocked time and accepted
 * proposals are described in action-summary-calendar.ts.
 */
export async function describeAction(
  action: PendingAction,
  context: { api: CoreApiClient; user: UserContext },
): Promise<{ text: string; summary: ActionSummary }> {
  const { api, user } = context;
  const text = user.locale.startsWith('es') ? words.es : words.en;
  const serviceName = async (id: string) =>
    (await unwrap(api.GET('/api/v1/services'))).find((service) => service.id === id)?.name ?? id;
  const professionalName = async (id: string) =>
    (await unwrap(api.GET('/api/v1/professionals/{id}', { params: { path: { id } } }))).name;
  const args = action.args as Record<string, string | Record<string, string> | undefined>;

  const calendar = await describeCalendarAction(action, { api, user, formatForUser: (instant) => formatForUser(instant, user) });
  if (calendar !== null) return calendar;
  if (action.name === 'request_appointment') {
    const intake = (args.intake ?? {}) as Record<string, string>;
    const [service, professional] = await Promise.all([serviceName(String(args.serviceId)), professionalName(String(args.professionalId))]);
    const when = formatForUser(String(args.start), user);
    const lines = [text.request(service, professional, when)];
    const answers = Object.entries(intake).map(([key, value]) => ({ label: capitalise(key.replace(/_/g, ' ')), value: String(value) }));
    if (answers.length > 0) lines.push(`${text.details}: ${answers.map((answer) => `${answer.label.toLowerCase()}: ${answer.value}`).join('; ')}.`);
    lines.push(text.question);
    return {
      text: lines.join('\n'),
      summary: { title: service, facts: [{ label: text.with, value: professional }, { label: text.when, value: when }, ...answers], question: text.question },
    };
  }
  const appointment = await unwrap(api.GET('/api/v1/appointments/{id}', { params: { path: { id: String(args.appointmentId) } } }));
  const service = await serviceName(appointment.serviceId);
  const what = service.toLowerCase();
  const current = formatForUser(appointment.start, user);
  if (action.name === 'reschedule_appointment') {
    const next = formatForUser(String(args.start), user);
    return {
      text: [text.reschedule(what, current, next), text.question].join('\n'),
      summary: { title: text.move(service), facts: [{ label: text.from, value: current }, { label: text.to, value: next }], question: text.question },
    };
  }
  const lines = [text.cancel(what, current)];
  if (args.reason) lines.push(`${text.reason}: ${String(args.reason)}.`);
  lines.push(text.question);
  return {
    text: lines.join('\n'),
    summary: {
      title: text.cancelTitle(service),
      facts: [{ label: text.when, value: current }, ...(args.reason ? [{ label: text.reason, value: String(args.reason) }] : [])],
      question: text.question,
    },
  };
}
