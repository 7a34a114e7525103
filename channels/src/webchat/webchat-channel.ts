import type { FastifyBaseLogger, FastifyPluginAsync } from 'fastify';
import type { Redis } from 'ioredis';
import type pg from 'pg';
import type { MediaHandler, OutboundMessage, TurnHandler } from '../turn';
import type { UploadedFile } from './upload';
import { createKeyedQueue } from '../keyed-queue';
import type { Activity } from './activity';
import { createLocalActivityBus, createRedisActivityBus } from './activity-bus';
import { createConversationFeed } from './conversation-feed';
import { createDirectLineAuth } from './direct-line-auth';
import { directLineRoutes, type DirectLineRoutesOptions } from './direct-line-routes';
import { ChannelError } from '../channel-error';
import { createTokenIssuer, newConversationId, type ConversationGrant } from './direct-line-tokens';
import { createLivestream } from './livestream';
import { renderOutbound, type BotAccount } from './render-outbound';
import { createTranscriptStore, migrateTranscripts, type StoredConversation } from './transcript-store';

export interface WebchatChannelOptions {
  pool: pg.Pool;
  /** Pushes across replicas through Redis pub/sub when given; in-process otherwise. */
  redis?: Redis;
  secret: string;
  tokenTtlSeconds?: number;
  handleTurn: TurnHandler;
  /** The first messages of a new conversation, in its language. */
  welcome?: (locale: string | undefined) => Promise<OutboundMessage[]>;
  bot?: BotAccount;
  log: FastifyBaseLogger;
  limits?: DirectLineRoutesOptions['limits'];
  /** Milliseconds since the epoch, for token expiry (tests move it). */
  now?: () => number;
  /** How often the typing indicator is repeated while a turn runs (Web Chat hides it after five seconds). */
  typingEveryMs?: number;
  /** Turns running at once in this process (default 8); a burst waits in line, acknowledged. */
  maxConcurrentTurns?: number;
  /** What the host does with files sent in the chat; without it, files are politely refused. */
  handleMedia?: MediaHandler;
  /** A download link for one of the user's documents (signed by the host); without it, documents are named, not linked. */
  documentLink?: (userId: string, documentId: string) => string;
}

const words = {
  en: {
    files: "I can't receive files in this chat yet. Please bring the document to your appointment, or tell me what it says.",
    failed: 'Sorry, something went wrong on our side. Please try again in a moment.',
  },
  es: {
    files: 'Todavía no puedo recibir archivos en este chat. Trae el documento a tu cita, o dime qué pone.',
    failed: 'Lo siento, algo ha fallado por nuestra parte. Inténtalo de nuevo en un momento.',
  },
};
const wordsFor = (locale: string | undefined) => (locale?.startsWith('es') ? words.es : words.en);

/**
 * The web chat channel: Direct Line in front, the turn handler behind. A
 * user's messages are answered one at a time per conversation, with a typing
 * indicator while the assistant works.
 */
export async function createWebchatChannel(options: WebchatChannelOptions) {
  await migrateTranscripts(options.pool);
  const store = createTranscriptStore(options.pool);
  const bus = options.redis ? await createRedisActivityBus(options.redis) : createLocalActivityBus();
  const feed = createConversationFeed(store, bus);
  const tokens = createTokenIssuer({ secret: options.secret, ttlSeconds: options.tokenTtlSeconds, now: options.now });
  const auth = createDirectLineAuth({ secret: options.secret, tokens });
  const bot = options.bot ?? { id: 'consulta', name: 'Consulta' };
  const typingEvery = options.typingEveryMs ?? 3_000;
  const queue = createKeyedQueue({ maxRunning: options.maxConcurrentTurns ?? 8 });

  async function send(conversation: StoredConversation, messages: OutboundMessage[], locale: string | undefined, replyToId?: string) {
    for (const message of messages) {
      await feed.post(conversation.id, renderOutbound(message, { bot, userId: conversation.userId, locale, replyToId, documentLink: options.documentLink }));
    }
  }

  async function answer(conversation: StoredConversation, activity: Activity, files?: UploadedFile[]) {
    const locale = activity.locale ?? conversation.locale ?? undefined;
    const botAccount = { id: bot.id, name: bot.name, role: 'bot' as const };
    const typing = () => feed.signal(conversation.id, { type: 'typing', from: botAccount });
    await typing();
    const timer = setInterval(() => void typing().catch(() => undefined), typingEvery);
    const livestream = createLivestream({ feed, conversationId: conversation.id, from: botAccount });
    let partials = 0;
    try {
      if (activity.attachments?.length) {
        // The bytes exist only in the process that took the upload; a file's text is its caption, not a turn.
        if (!options.handleMedia || !files?.length) return void (await send(conversation, [{ text: wordsFor(locale).files }], locale, activity.id));
        for (const file of files) {
          const replies = await options.handleMedia({
            channel: 'webchat', conversationId: conversation.id, senderId: activity.from.id, messageId: activity.id ?? conversation.id,
            kind: file.contentType.startsWith('image/') ? 'image' : 'document', contentType: file.contentType, filename: file.name,
            caption: activity.text?.trim() || undefined, content: file.content, locale,
          });
          await send(conversation, replies, locale, activity.id);
        }
        return;
      }
      const text = activity.text?.trim();
      if (!text) return;
      const replies = await options.handleTurn(
        { channel: 'webchat', conversationId: conversation.id, senderId: activity.from.id, text, messageId: activity.id, locale, timeZone: validZone(activity.localTimezone) },
        {
          onPartial: (partial) => {
            // A reply that arrives in one piece (the local model, a cached answer) is simply sent; a
            // second piece shows the text is growing, and the growing bubble replaces the typing dots.
            partials += 1;
            if (partials < 2) return;
            clearInterval(timer);
            livestream.update(partial);
          },
        },
      );
      if (livestream.started) {
        const render = (message: OutboundMessage) => renderOutbound(message, { bot, userId: conversation.userId, locale, replyToId: activity.id, documentLink: options.documentLink });
        const sentFirst = await livestream.finish(replies[0], render);
        await send(conversation, sentFirst ? replies.slice(1) : replies, locale, activity.id);
      } else {
        await send(conversation, replies, locale, activity.id);
      }
    } catch (error) {
      // The transcript holds the patient's words; the log only says which turn failed.
      options.log.error({ err: error, conversationId: conversation.id, activityId: activity.id }, 'web chat turn failed');
      await send(conversation, [{ text: wordsFor(locale).failed }], locale, activity.id).catch(() => undefined);
    } finally {
      clearInterval(timer);
    }
  }


  const routeOptions: DirectLineRoutesOptions = {
    auth,
    tokens,
    store,
    bus,
    feed,
    limits: options.limits,
    bot: {
      conversationStarted(conversation) {
        if (!options.welcome) return;
        void queue.enqueue(conversation.id, async () => {
          try {
            await send(conversation, await options.welcome!(conversation.locale ?? undefined), conversation.locale ?? undefined);
          } catch (error) {
            options.log.error({ err: error, conversationId: conversation.id }, 'web chat welcome failed');
          }
        });
      },
      activityReceived(conversation, activity, files) {
        if (activity.type !== 'message') return;
        void queue.enqueue(conversation.id, () => answer(conversation, activity, files));
      },
    },
  };

  return {
    /** Register with `{ prefix: '/v3/directline' }`. */
    routes: directLineRoutes as FastifyPluginAsync<DirectLineRoutesOptions>,
    routeOptions,
    /** A token for a server-side caller (the page's token route): the secret never leaves the server. */
    async issueToken(grant: Omit<ConversationGrant, 'conversationId'> & { conversationId?: string }) {
      const conversationId = grant.conversationId ?? newConversationId();
      const issued = await tokens.issue({ ...grant, conversationId });
      return { conversationId, token: issued.token, expiresIn: issued.expiresIn };
    },
    /**
     * Posts messages the user did not ask for (notifications) to the user's latest conversation,
     * pushed live to an open stream. A `clientActivityId` makes a retried post land once. Answers
     * the id of the last activity, or undefined when the user has no conversation.
     */
    async notifyUser(userId: string, messages: OutboundMessage[], clientActivityId?: string): Promise<string | undefined> {
      const { rows } = await options.pool.query<{ id: string; locale: string | null }>(
        'SELECT id, locale FROM webchat.conversations WHERE user_id = $1 ORDER BY updated_at DESC, created_at DESC LIMIT 1',
        [userId],
      );
      const conversation = rows[0];
      if (!conversation) return undefined;
      let last: string | undefined;
      for (const [index, message] of messages.entries()) {
        const activity = renderOutbound(message, { bot, userId, locale: conversation.locale ?? undefined });
        last = (await feed.post(conversation.id, activity, clientActivityId && `${clientActivityId}:${index}`))?.activity.id ?? last;
      }
      return last;
    },
    /** Who a Direct Line token speaks for (the page's own routes take it as their credential); 403 when it is not valid. */
    async grantOf(token: string): Promise<ConversationGrant> {
      const checked = await tokens.check(token);
      if (!checked.ok) throw new ChannelError(403, `token_${checked.reason}`, checked.reason === 'expired' ? 'The token has expired.' : 'The token is not valid.');
      return checked.grant;
    },
    /** Resolves when every conversation's current work is done (tests, shutdown). */
    async idle() {
      await queue.idle();
    },
    async close() {
      await this.idle();
      await bus.close();
    },
  };
}

export type WebchatChannel = Awaited<ReturnType<typeof createWebchatChannel>>;

// Zones already tried: building a formatter to try one costs more than the rest of reading a message.
const triedZones = new Map<string, boolean>();

/** Web Chat sends the browser's zone; only a zone the runtime knows is passed on. */
function validZone(zone: unknown): string | undefined {
  if (typeof zone !== 'string' || zone.length > 64) return undefined;
  let known = triedZones.get(zone);
  if (known === undefined) {
    try {
      new Intl.DateTimeFormat('en', { timeZone: zone });
      known = true;
    } catch {
      known = false;
    }
    if (triedZones.size < 1_000) triedZones.set(zone, known);
  }
  return known ? zone : undefined;
}
