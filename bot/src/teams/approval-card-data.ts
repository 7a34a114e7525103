import { unwrap, type CoreApiClient } from '@consulta/core-api/client';
import { approvalCard, type ApprovalCardModel } from '@consulta/channels';

type Me = { id: string; name: string; locale: string; timeZone: string };
type Appointment = { id: string; professionalId: string; serviceId: string; domainId: string; start: string; end: string; timeZone: string; status: string; message: string | null; intake: Record<string, string>; patientName?: string };

const headlines: Record<string, string> = {
  approved: 'Approved',
  declined: 'Declined',
  expired: 'Expired: not decided in time',
  cancelled: 'Cancelled',
  rescheduled: 'Moved to another time',
  completed: 'Completed',
  no_show: 'No-show',
};

/**
 * Everything the approval card shows, read through core-api as the
 * professional (so the card shows exactly what they may see), laid out by the
 * channel's pure card builder.
 */
export async function buildApprovalCard(options: {
  api: CoreApiClient;
  me: Me;
  appointmentId: string;
  publicUrl?: string;
  /** The professional's Teams id (29:…): their client refreshes the card on display. */
  teamsUserId?: string;
  notice?: string;
}): Promise<Record<string, unknown>> {
  const { api, me, appointmentId } = options;
  const appointment = (await unwrap(api.GET('/api/v1/appointments/{id}', { params: { path: { id: appointmentId } } }))) as Appointment;
  const zone = appointment.timeZone;
  const locale = me.locale || 'en';
  const day = new Intl.DateTimeFormat(locale, { timeZone: zone, weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });
  const time = new Intl.DateTimeFormat(locale, { timeZone: zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  const stamp = new Intl.DateTimeFormat(locale, { timeZone: zone, dateStyle: 'medium', timeStyle: 'short' });
  const start = new Date(appointment.start);
  const end = new Date(appointment.end);

  const [services, domain, history, proposals] = await Promise.all([
    unwrap(api.GET('/api/v1/services')),
    unwrap(api.GET('/api/v1/domains/{id}', { params: { path: { id: appointment.domainId } } })),
    unwrap(api.GET('/api/v1/appointments/{id}/history', { params: { path: { id: appointmentId } } })),
    unwrap(api.GET('/api/v1/appointments/{id}/proposals', { params: { path: { id: appointmentId } } })),
  ]);
  const service = services.find((candidate) => candidate.id === appointment.serviceId);
  const serviceName = (id: string) => services.find((candidate) => candidate.id === id)?.name ?? id;
  const labels = new Map(domain.intakeFields.map((field) => [field.key, field.label]));

  // The local day around the request: 36 hours either side is wide enough for any zone, then filtered by local date.
  const localDay = (date: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(date);
  const around = await unwrap(
    api.GET('/api/v1/appointments', {
      params: { query: { status: 'requested,approved', from: new Date(start.getTime() - 36 * 3_600_000).toISOString(), to: new Date(start.getTime() + 36 * 3_600_000).toISOString() } },
    }),
  );
  const sameDay = around
    .filter((other) => other.id !== appointment.id && localDay(new Date(other.start)) === localDay(start))
    .map((other) => `${time.format(new Date(other.start))}–${time.format(new Date(other.end))} ${serviceName(other.serviceId)}, ${other.status}`);

  const pending = appointment.status === 'requested';
  const openProposal = proposals.find((proposal) => proposal.status === 'open');
  let freeSlots: ApprovalCardModel['freeSlots'] = [];
  if (pending && !openProposal) {
    const from = localDay(start);
    const to = localDay(new Date(start.getTime() + 6 * 86_400_000));
    const { slots } = await unwrap(api.GET('/api/v1/professionals/{id}/slots', { params: { path: { id: appointment.professionalId }, query: { service: appointment.serviceId, from, to } } }));
    freeSlots = slots.slice(0, 12).map((slot) => ({ title: `${day.format(new Date(slot.start))} ${time.format(new Date(slot.start))}`, value: slot.start }));
  }

  const last = history.at(-1);
  const who = (actorId: string) => (actorId === me.id ? me.name : actorId === 'system' ? 'Consulta' : actorId);
  let outcome: ApprovalCardModel['outcome'];
  if (!pending && last) {
    outcome = { headline: headlines[appointment.status] ?? appointment.status, by: who(last.actorId), at: stamp.format(new Date(last.at)), reason: last.reason };
  } else if (openProposal) {
    outcome = {
      headline: `Other times proposed: ${openProposal.starts.map((proposed) => `${day.format(new Date(proposed))} ${time.format(new Date(proposed))}`).join('; ')}`,
      by: who(openProposal.proposedBy),
      at: stamp.format(new Date(openProposal.createdAt)),
      reason: 'Waiting for the patient to pick one.',
    };
  }

  return approvalCard({
    appointmentId,
    patientName: appointment.patientName,
    serviceName: service?.name ?? appointment.serviceId,
    when: `${day.format(start)}, ${time.format(start)}–${time.format(end)} (${zone})`,
    intake: Object.entries(appointment.intake).map(([key, value]) => ({ label: labels.get(key) ?? key, value })),
    message: appointment.message,
    sameDay,
    freeSlots,
    status: appointment.status,
    outcome,
    notice: options.notice,
    adminUrl: options.publicUrl ? `${options.publicUrl.replace(/\/+$/, '')}/admin/approvals/${encodeURIComponent(appointmentId)}` : undefined,
    refreshFor: options.teamsUserId ? [options.teamsUserId] : undefined,
  });
}
