import type { ActionSummary } from '@consulta/channels';
import { unwrap, type CoreApiClient } from '@consulta/core-api/client';
import { partOfDayRanges, type SkillInput } from '@consulta/skills';
import type { PendingAction } from './assistant-state';
import type { UserContext } from './user-context';

type Described = { text: string; summary: ActionSummary };

const words = {
  en: {
    decide: (count: number) => `Please confirm: decide ${count === 1 ? 'this request' : `these ${count} requests`}:`,
    approve: 'approve',
    decline: (reason: string) => `decline (reason: ${reason})`,
    decideTitle: (count: number) => (count === 1 ? 'Decide 1 request' : `Decide ${count} requests`),
    block: (day: string, span: string) => `Please confirm: block ${day}${span}. Nobody can book then; appointments already booked stay.`,
    wholeDay: ', the whole day',
    between: (from: string, to: string) => ` from ${from} to ${to === '24:00' ? 'the end of the day' : to}`,
    blockTitle: 'Block time',
    day: 'Day',
    hours: 'Hours',
    allDay: 'All day',
    reason: 'Reason',
    accept: (what: string, who: string, from: string, to: string) => `Please confirm: take the time ${who} proposed for your ${what}: ${to} instead of ${from}. It will be approved.`,
    acceptTitle: (what: string) => `Proposed time: ${what}`,
    with: 'With',
    from: 'Instead of',
    to: 'New time',
    question: 'Shall I go ahead?',
  },
  es: {
    decide: (count: number) => `Por favor, confirma: decidir ${count === 1 ? 'esta solicitud' : `estas ${count} solicitudes`}:`,
    approve: 'aprobar',
    decline: (reason: string) => `rechazar (motivo: ${reason})`,
    decideTitle: (count: number) => (count === 1 ? 'Decidir 1 solicitud' : `Decidir ${count} solicitudes`),
    block: (day: string, span: string) => `Por favor, confirma: bloquear el ${day}${span}. Nadie podrá reservar entonces; las citas ya reservadas se mantienen.`,
    wholeDay: ', todo el día',
    between: (from: string, to: string) => ` de ${from} a ${to === '24:00' ? 'final del día' : to}`,
    blockTitle: 'Bloquear tiempo',
    day: 'Día',
    hours: 'Horas',
    allDay: 'Todo el día',
    reason: 'Motivo',
    accept: (what: string, who: string, from: string, to: string) => `Por favor, confirma: aceptar la hora que te propone ${who} para tu ${what}: ${to} en lugar del ${from}. Quedará confirmada.`,
    acceptTitle: (what: string) => `Hora propuesta: ${what}`,
    with: 'Con',
    from: 'En lugar de',
    to: 'Nueva hora',
    question: '¿Sigo adelante?',
  },
};

const formatDay = (date: string, locale: string) =>
  new Intl.DateTimeFormat(locale.startsWith('es') ? 'es-ES' : 'en-GB', { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' })
    .format(new Date(`${date}T12:00:00Z`));

/**
 * The summaries a professional confirms before requests are decided or time
 * is blocked, and a patient before taking a proposed time. Null for any
 * other action. `formatForUser` writes times in the user's zone.
 */
export async function describeCalendarAction(
  action: PendingAction,
  context: { api: CoreApiClient; user: UserContext; formatForUser: (instant: string) => string },
): Promise<Described | null> {
  const text = context.user.locale.startsWith('es') ? words.es : words.en;
  if (action.name === 'decide_appointments') return describeDecisions(action.args as SkillInput<'decide_appointments'>, context, text);
  if (action.name === 'block_time') return describeBlock(action.args as SkillInput<'block_time'>, context.user, text);
  if (action.name === 'accept_proposed_time') return describeAcceptance(action.args as SkillInput<'accept_proposed_time'>, context, text);
  return null;
}

async function describeDecisions(
  args: SkillInput<'decide_appointments'>, context: { api: CoreApiClient; formatForUser: (instant: string) => string }, text: typeof words.en,
): Promise<Described> {
  const services = new Map((await unwrap(context.api.GET('/api/v1/services'))).map((service) => [service.id, service.name]));
  // Each request is read as the professional: what is listed is what core-api lets them see.
  const items = await Promise.all(
    args.decisions.map(async (item) => {
      const appointment = await unwrap(context.api.GET('/api/v1/appointments/{id}', { params: { path: { id: item.appointmentId } } }));
      const what = `${appointment.patientName ?? appointment.patientId}, ${services.get(appointment.serviceId) ?? appointment.serviceId}`;
      const verdict = item.decision === 'approve' ? text.approve : text.decline(item.reason ?? '');
      return { when: context.formatForUser(appointment.start), what, verdict };
    }),
  );
  const lines = [text.decide(items.length), ...items.map((item, index) => `${index + 1}. ${item.when}: ${item.what}: ${item.verdict}`), text.question];
  return {
    text: lines.join('\n'),
    summary: { title: text.decideTitle(items.length), facts: items.map((item) => ({ label: item.when, value: `${item.what}: ${item.verdict}` })), question: text.question },
  };
}

function describeBlock(args: SkillInput<'block_time'>, user: UserContext, text: typeof words.en): Described {
  const range = args.from || args.to ? { start: args.from ?? '00:00', end: args.to ?? '24:00' } : args.partOfDay ? partOfDayRanges[args.partOfDay] : null;
  const day = formatDay(args.date, user.locale);
  const span = range === null ? text.wholeDay : text.between(range.start, range.end);
  const lines = [text.block(day, span)];
  if (args.reason) lines.push(`${text.reason}: ${args.reason}.`);
  lines.push(text.question);
  return {
    text: lines.join('\n'),
    summary: {
      title: text.blockTitle,
      facts: [
        { label: text.day, value: day },
        { label: text.hours, value: range === null ? text.allDay : `${range.start}–${range.end}` },
        ...(args.reason ? [{ label: text.reason, value: args.reason }] : []),
      ],
      question: text.question,
    },
  };
}

async function describeAcceptance(
  args: SkillInput<'accept_proposed_time'>, context: { api: CoreApiClient; formatForUser: (instant: string) => string }, text: typeof words.en,
): Promise<Described> {
  const appointment = await unwrap(context.api.GET('/api/v1/appointments/{id}', { params: { path: { id: args.appointmentId } } }));
  const [services, professional] = await Promise.all([
    unwrap(context.api.GET('/api/v1/services')),
    unwrap(context.api.GET('/api/v1/professionals/{id}', { params: { path: { id: appointment.professionalId } } })),
  ]);
  const service = services.find((candidate) => candidate.id === appointment.serviceId)?.name ?? appointment.serviceId;
  const from = context.formatForUser(appointment.start);
  const to = context.formatForUser(args.start);
  return {
    text: [text.accept(service.toLowerCase(), professional.name, from, to), text.question].join('\n'),
    summary: {
      title: text.acceptTitle(service),
      facts: [{ label: text.with, value: professional.name }, { label: text.from, value: from }, { label: text.to, value: to }],
      question: text.question,
    },
  };
}
