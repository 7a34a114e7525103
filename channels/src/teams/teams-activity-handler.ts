import { ActivityTypes, TeamsInfo, TurnContext, type ConversationReference } from 'botbuilder';
import type { FastifyBaseLogger } from 'fastify';
import { readCardAction, type CardAction } from './approval-card';
import { adaptiveCardType, cardMessage, notSetUpText, welcomeText } from './teams-render';
import type { StoredReference, TeamsStore } from './teams-store';

/** Who a Teams sender is to Consulta. */
export interface TeamsSender {
  aadObjectId: string;
  /** The Consulta user linked to this Entra account, or null when nobody is set up with it. */
  userId: string | null;
}

export interface TeamsActivityHandlerOptions {
  store: TeamsStore;
  log: FastifyBaseLogger;
  /** Links an Entra account (object id and UPN from the Teams roster) to a Consulta user; null when none matches. */
  linkUser(input: { objectId: string; userPrincipalName: string }): Promise<string | null>;
  /** Carries out a card action as the linked user and answers the card to show now. */
  cardAction(action: CardAction & { aadObjectId: string; userId: string }): Promise<Record<string, unknown>>;
  /** Runs the assistant's turn for a linked user's message off the request, replying proactively. */
  startTurn(input: { sender: TeamsSender & { userId: string }; reference: StoredReference; text: string; activityId?: string; locale?: string }): void;
}

/**
 * The bot's logic for one inbound activity, as CloudAdapter runs it: install
 * and first contact remember the conversation and link the sender; messages of
 * linked users go to the assistant; card actions (Action.Execute invokes, and
 * the Action.Submit fallback as a message) are decided through core-api and
 * answered with the refreshed card. Unknown users are told they are not set up.
 */
export function createTeamsActivityHandler(options: TeamsActivityHandlerOptions) {
  const { store, log } = options;

  async function identify(context: TurnContext): Promise<(TeamsSender & { reference: StoredReference }) | undefined> {
    const from = context.activity.from;
    const aadObjectId = from?.aadObjectId?.toLowerCase();
    if (!aadObjectId) return undefined;
    const reference = TurnContext.getConversationReference(context.activity) as unknown as StoredReference;
    // Cards go to the personal chat; a team or group chat the bot sits in is no address for one person.
    const personal = (context.activity.conversation?.conversationType ?? 'personal') === 'personal';
    const known = await store.byObjectId(aadObjectId);
    if (known?.userId) {
      if (personal) await store.rememberConversation(aadObjectId, reference);
      return { aadObjectId, userId: known.userId, reference };
    }
    let userPrincipalName: string | undefined;
    try {
      const member = await TeamsInfo.getMember(context, from.id);
      userPrincipalName = member.userPrincipalName ?? member.email ?? undefined;
    } catch (error) {
      log.warn({ err: error }, 'teams: the roster did not answer for the sender');
    }
    const userId = userPrincipalName ? await options.linkUser({ objectId: aadObjectId, userPrincipalName }) : null;
    if (personal) await store.rememberConversation(aadObjectId, reference, userId ?? undefined);
    return { aadObjectId, userId, reference };
  }

  async function invokeResponse(context: TurnContext, body: unknown, status = 200) {
    await context.sendActivity({ type: ActivityTypes.InvokeResponse, value: { status, body } });
  }

  async function onCardInvoke(context: TurnContext) {
    const value = (context.activity.value ?? {}) as { action?: { verb?: string; data?: unknown } };
    const action = readCardAction(value.action?.data, value.action?.verb);
    if (!action) {
      return invokeResponse(context, { statusCode: 400, type: 'application/vnd.microsoft.error', value: { code: 'BadRequest', message: 'Not an action of a Consulta card.' } });
    }
    const sender = await identify(context);
    if (!sender?.userId) {
      return invokeResponse(context, { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: notSetUpText(context.activity.locale) });
    }
    const card = await options.cardAction({ ...action, aadObjectId: sender.aadObjectId, userId: sender.userId });
    return invokeResponse(context, { statusCode: 200, type: adaptiveCardType, value: card });
  }

  /** Action.Submit (clients without Universal Actions): the card's data arrives as a message value; the card is updated in place. */
  async function onSubmittedCard(context: TurnContext, action: CardAction) {
    const sender = await identify(context);
    if (!sender?.userId) {
      await context.sendActivity(notSetUpText(context.activity.locale));
      return;
    }
    const card = await options.cardAction({ ...action, aadObjectId: sender.aadObjectId, userId: sender.userId });
    if (context.activity.replyToId) await context.updateActivity({ ...cardMessage(card), id: context.activity.replyToId });
    else await context.sendActivity(cardMessage(card));
  }

  async function onMessage(context: TurnContext) {
    const activity = context.activity;
    if (activity.id && !(await store.claimInbound(activity.id))) return;
    const submitted = readCardAction(activity.value);
    if (submitted) return onSubmittedCard(context, submitted);
    const sender = await identify(context);
    if (!sender?.userId) {
      await context.sendActivity(notSetUpText(activity.locale));
      return;
    }
    // Mentions arrive as <at>…</at> in channel messages; the words are what the assistant needs.
    const text = TurnContext.removeRecipientMention(activity)?.trim() ?? activity.text?.trim() ?? '';
    if (!text) return;
    options.startTurn({ sender: { aadObjectId: sender.aadObjectId, userId: sender.userId }, reference: sender.reference, text, activityId: activity.id, locale: activity.locale });
  }

  async function onInstall(context: TurnContext) {
    const activity = context.activity;
    const action = (activity as { action?: string }).action ?? '';
    if (activity.type === ActivityTypes.InstallationUpdate && !action.startsWith('add')) return;
    if (activity.type === ActivityTypes.ConversationUpdate && !activity.membersAdded?.some((member) => member.id === activity.recipient?.id)) return;
    const sender = await identify(context);
    // Teams sends both an installationUpdate and a conversationUpdate on install; one greeting is enough.
    if (activity.type !== ActivityTypes.InstallationUpdate || !sender) return;
    await context.sendActivity(sender.userId ? welcomeText(activity.from?.name, activity.locale) : notSetUpText(activity.locale));
  }

  return async function handle(context: TurnContext): Promise<void> {
    const { type, name } = context.activity;
    if (type === ActivityTypes.Invoke && name === 'adaptiveCard/action') return onCardInvoke(context);
    if (type === ActivityTypes.Message) return onMessage(context);
    if (type === ActivityTypes.InstallationUpdate || type === ActivityTypes.ConversationUpdate) return onInstall(context);
    if (type === ActivityTypes.Invoke) await invokeResponse(context, undefined, 501);
  };
}

export type { ConversationReference };
