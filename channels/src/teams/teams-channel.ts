import { unguarded, type OutboundGuard } from '../outbound-guard';
import { CloudAdapter, type Activity, type ConversationReference, type TurnContext } from 'botbuilder';
import type { FastifyBaseLogger, FastifyPluginAsync } from 'fastify';
import type pg from 'pg';
import type { TurnHandler } from '../turn';
import { createKeyedQueue } from '../keyed-queue';
import { createBotFrameworkAuthentication, type TeamsCredentials } from './bot-framework-auth';
import { createTeamsActivityHandler, type TeamsActivityHandlerOptions } from './teams-activity-handler';
import { migrateTeams } from './teams-migrations';
import { renderTeamsMessage, type TeamsMessage } from './teams-render';
import { teamsRoutes, type TeamsRoutesOptions } from './teams-routes';
import { createTeamsStore, type StoredReference } from './teams-store';

export interface TeamsChannelOptions extends TeamsCredentials {
  pool: pg.Pool;
  log: FastifyBaseLogger;
  handleTurn: TurnHandler;
  linkUser: TeamsActivityHandlerOptions['linkUser'];
  cardAction: TeamsActivityHandlerOptions['cardAction'];
  /** Assistant turns running at once in this process (default 8). */
  maxConcurrentTurns?: number;
  /** Wraps each proactive call to the Bot Connector (the host's circuit breaker). */
  guard?: OutboundGuard;
}

/** The user has no personal conversation with the bot yet (it was never installed for them). */
export class TeamsNotReachableError extends Error {
  override readonly name = 'TeamsNotReachableError';
  constructor(readonly userId: string) {
    super(`No Teams conversation is known for user ${userId}: the bot must be installed for them first.`);
  }
}

/**
 * Microsoft Teams through the Bot Framework (botbuilder's CloudAdapter): the
 * messaging endpoint, proactive messages and cards to linked users, and card
 * updates. Mount with `app.register(channel.routes, channel.routeOptions)`.
 * Every Bot Framework type stays inside this folder.
 */
export async function createTeamsChannel(options: TeamsChannelOptions) {
  await migrateTeams(options.pool);
  const store = createTeamsStore(options.pool);
  const adapter = new CloudAdapter(createBotFrameworkAuthentication(options));
  const appId = options.appId ?? '';
  const queue = createKeyedQueue({ maxRunning: options.maxConcurrentTurns ?? 8 });
  adapter.onTurnError = async (_context, error) => {
    options.log.error({ err: { name: (error as Error).name, message: (error as Error).message } }, 'teams: a turn failed');
  };

  /** Runs `work` in the user's conversation, as the bot, outside any inbound request. */
  function inConversation<T>(reference: StoredReference, work: (context: TurnContext) => Promise<T>): Promise<T> {
    let result: T;
    const guard = options.guard ?? unguarded;
    return guard(() =>
      adapter.continueConversationAsync(appId, reference as Partial<ConversationReference>, async (context) => {
        result = await work(context);
      }),
    ).then(() => result);
  }

  const logic = createTeamsActivityHandler({
    store,
    log: options.log,
    linkUser: options.linkUser,
    cardAction: options.cardAction,
    startTurn({ sender, reference, text, activityId, locale }) {
      const conversationId = String(reference.conversation?.id ?? sender.aadObjectId);
      void queue
        .enqueue(sender.aadObjectId, async () => {
          const replies = await options
            .handleTurn({ channel: 'teams', conversationId, senderId: sender.aadObjectId, text, messageId: activityId, locale })
            .catch((error: Error) => {
              options.log.error({ err: { name: error.name, message: error.message } }, 'teams: the assistant failed a turn');
              return [{ text: locale?.startsWith('es') ? 'Lo siento, algo ha fallado. Inténtalo de nuevo.' : 'Sorry, something went wrong. Please try again.' }];
            });
          const userTeamsId = (reference as { user?: { id?: string } }).user?.id;
          await inConversation(reference, async (context) => {
            for (const reply of replies) await context.sendActivity(renderTeamsMessage(reply, userTeamsId) as Partial<Activity>);
          });
        })
        .catch((error: Error) => options.log.error({ err: { name: error.name, message: error.message } }, 'teams: a reply could not be sent'));
    },
  });

  async function referenceOf(userId: string) {
    const conversation = await store.byUserId(userId);
    if (!conversation) throw new TeamsNotReachableError(userId);
    return conversation;
  }

  return {
    routes: teamsRoutes as FastifyPluginAsync<TeamsRoutesOptions>,
    routeOptions: { adapter, logic } satisfies TeamsRoutesOptions,
    store,
    /** The Entra object id a Consulta user is known by in Teams, once they have talked to (or installed) the bot. */
    async aadObjectIdOf(userId: string): Promise<string | undefined> {
      return (await store.byUserId(userId))?.aadObjectId;
    },
    /** A proactive message in the user's personal chat; answers the new activity's id. */
    async sendToUser(userId: string, message: TeamsMessage): Promise<string> {
      const { reference } = await referenceOf(userId);
      return inConversation(reference, async (context) => (await context.sendActivity(message as Partial<Activity>))?.id ?? '');
    },
    /** Replaces a message the bot sent (a card after a decision, a reminder or an expiry). */
    async updateForUser(userId: string, activityId: string, message: TeamsMessage): Promise<void> {
      const { reference } = await referenceOf(userId);
      await inConversation(reference, async (context) => {
        await context.updateActivity({ ...(message as Partial<Activity>), id: activityId });
      });
    },
    /** Resolves when every conversation's current turn is done (tests, shutdown). */
    idle: () => queue.idle(),
    async close() {
      await queue.idle();
    },
  };
}

export type TeamsChannel = Awaited<ReturnType<typeof createTeamsChannel>>;
