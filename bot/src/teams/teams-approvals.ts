import { NotificationSendError, type NotificationSender } from '@consulta/core-api';
import { createCoreApiClient, CoreApiError, unwrap, type CoreApiClient } from '@consulta/core-api/client';
import { cardMessage, TeamsNotReachableError, type CardAction, type TeamsChannel } from '@consulta/channels';
import { exchangeForUserToken, type ServiceTokenProvider } from '../assistant/service-token';
import { buildApprovalCard } from './approval-card-data';

type Me = { id: string; name: string; locale: string; timeZone: string };

/**
 * The professional's side of approvals in Teams: their cards are built and
 * their decisions made through core-api with their own short-lived token
 * (exchanged for their Teams identity, as the assistant does for patients),
 * so core-api's policy, workflow and audit apply as for a click in the admin UI.
 */
export function createTeamsApprovals(options: {
  coreApi: { baseUrl: string; fetch?: typeof fetch };
  serviceToken: ServiceTokenProvider;
  channel: () => TeamsChannel;
  publicUrl?: string;
  now: () => Date;
}) {
  const serviceApi = createCoreApiClient({ ...options.coreApi });

  async function asProfessional(aadObjectId: string): Promise<{ api: CoreApiClient; me: Me }> {
    const exchanged = await exchangeForUserToken(serviceApi, await options.serviceToken(), 'teams', aadObjectId);
    if (!exchanged) throw new NotificationSendError('not_linked', 'This Teams user is not linked to a Consulta professional.', true);
    const api = createCoreApiClient({ ...options.coreApi, token: exchanged.token });
    return { api, me: (await unwrap(api.GET('/api/v1/me'))) as Me };
  }

  const teamsUserIdOf = async (aadObjectId: string) =>
    ((await options.channel().store.byObjectId(aadObjectId))?.reference as { user?: { id?: string } } | undefined)?.user?.id;

  async function card(aadObjectId: string, appointmentId: string, notice?: string) {
    const { api, me } = await asProfessional(aadObjectId);
    return buildApprovalCard({ api, me, appointmentId, publicUrl: options.publicUrl, teamsUserId: await teamsUserIdOf(aadObjectId), notice });
  }

  /** A decision the card asked for. A request decided meanwhile (here or elsewhere) is not moved again: the card shows where it stands. */
  async function cardAction(action: CardAction & { aadObjectId: string; userId: string }): Promise<Record<string, unknown>> {
    const { api } = await asProfessional(action.aadObjectId);
    const path = { params: { path: { id: action.appointmentId } } };
    let notice: string | undefined;
    try {
      if (action.verb === 'approve') await unwrap(api.POST('/api/v1/appointments/{id}/approve', path));
      if (action.verb === 'decline') {
        if (action.reason) await unwrap(api.POST('/api/v1/appointments/{id}/decline', { ...path, body: { reason: action.reason } }));
        else notice = 'Give the patient a reason to decline.';
      }
      if (action.verb === 'propose') {
        if (action.starts?.length) await unwrap(api.POST('/api/v1/appointments/{id}/proposals', { ...path, body: { starts: action.starts.slice(0, 5) } }));
        else notice = 'Pick at least one time to propose.';
      }
    } catch (error) {
      // invalid_transition: decided already; slot_unavailable: a proposed time went meanwhile. Both: show the current state.
      if (!(error instanceof CoreApiError) || error.status !== 409) throw error;
      if (error.code === 'slot_unavailable') notice = 'One of those times has just been taken. Pick again.';
    }
    return card(action.aadObjectId, action.appointmentId, notice);
  }

  /**
   * The notifications engine's sender for channel `teams`: a request gets its approval card, anything
   * else plain text. Not reachable in Teams (never installed, not linked) is a permanent failure, so
   * the engine moves on to the professional's next channel at once.
   */
  const sender: NotificationSender = {
    channel: 'teams',
    async send(notification) {
      const channel = options.channel();
      const aadObjectId = await channel.aadObjectIdOf(notification.recipient.userId);
      if (!aadObjectId) throw new NotificationSendError('no_conversation_reference', 'The bot has not been installed for this user in Teams.', true);
      try {
        const appointmentId = typeof notification.data.appointmentId === 'string' ? notification.data.appointmentId : undefined;
        if (notification.event === 'appointment.requested' && appointmentId) {
          const activityId = await channel.sendToUser(notification.recipient.userId, cardMessage(await card(aadObjectId, appointmentId)));
          await channel.store.rememberCard({ appointmentId, aadObjectId, activityId }, options.now());
          return { providerMessageId: activityId };
        }
        const activityId = await channel.sendToUser(notification.recipient.userId, { type: 'message', text: notification.text });
        // A request that left "requested" by other means (expiry, cancellation) updates its card too.
        if (appointmentId) await refreshSentCard(appointmentId);
        return { providerMessageId: activityId };
      } catch (error) {
        if (error instanceof TeamsNotReachableError) throw new NotificationSendError('no_conversation_reference', error.message, true);
        throw error;
      }
    },
  };

  /** Replaces a sent approval card with the request's current state (after expiry, a cancel, a decision elsewhere). */
  async function refreshSentCard(appointmentId: string, notice?: string): Promise<void> {
    const channel = options.channel();
    const sent = await channel.store.card(appointmentId);
    if (!sent) return;
    const conversation = await channel.store.byObjectId(sent.aadObjectId);
    if (!conversation?.userId) return;
    await channel.updateForUser(conversation.userId, sent.activityId, cardMessage(await card(sent.aadObjectId, appointmentId, notice)));
  }

  /**
   * One sweep of reminders: a card whose request is still pending after `reminderMinutes` is sent
   * again with a reminder line; one no longer pending (expired, cancelled, decided elsewhere) is
   * updated in place to show it and closed. Safe on every replica: each reminder is claimed once.
   */
  async function remindPending(reminderMinutes: number): Promise<number> {
    const channel = options.channel();
    const now = options.now();
    const before = new Date(now.getTime() - reminderMinutes * 60_000);
    let reminded = 0;
    for (const sent of await channel.store.cardsDueForReminder(before)) {
      if (!(await channel.store.claimReminder(sent.appointmentId, now, before))) continue;
      const conversation = await channel.store.byObjectId(sent.aadObjectId);
      if (!conversation?.userId) continue;
      const { api } = await asProfessional(sent.aadObjectId);
      const { status } = await unwrap(api.GET('/api/v1/appointments/{id}', { params: { path: { id: sent.appointmentId } } }));
      if (status !== 'requested') {
        await channel.store.closeCard(sent.appointmentId, now);
        await refreshSentCard(sent.appointmentId);
        continue;
      }
      // Other times proposed: the patient's move now, not the professional's.
      const proposals = await unwrap(api.GET('/api/v1/appointments/{id}/proposals', { params: { path: { id: sent.appointmentId } } }));
      if (proposals.some((proposal) => proposal.status === 'open')) continue;
      const activityId = await channel.sendToUser(conversation.userId, cardMessage(await card(sent.aadObjectId, sent.appointmentId, 'Reminder: this request is still waiting for your decision.')));
      await channel.store.rememberCard({ appointmentId: sent.appointmentId, aadObjectId: sent.aadObjectId, activityId }, now);
      reminded += 1;
    }
    return reminded;
  }

  return { cardAction, sender, refreshSentCard, card, remindPending };
}

export type TeamsApprovals = ReturnType<typeof createTeamsApprovals>;
