import type { FastifyInstance, FastifyPluginAsync, FastifyRequest } from 'fastify';
import rateLimit from '@fastify/rate-limit';
import websocket from '@fastify/websocket';
import { Value } from 'typebox/value';
import { ChannelError } from '../channel-error';
import { InboundActivity, type Activity } from './activity';
import type { ActivityBus } from './activity-bus';
import { bearerOf, type DirectLineAuth, type DirectLineCaller } from './direct-line-auth';
import { anonymousUserId, newConversationId, type TokenIssuer } from './direct-line-tokens';
import type { ConversationFeed } from './conversation-feed';
import { streamConversation } from './direct-line-stream';
import type { StoredConversation, TranscriptStore } from './transcript-store';
import { readUpload, type UploadedFile } from './upload';

/** What happens behind the transport: the channel's bot side. */
export interface DirectLineBot {
  conversationStarted(conversation: StoredConversation): void;
  /** A user's activity was stored (retries of the same client activity are not repeated). */
  /** `files`: the bytes of an upload's attachments, handed on in this process only. */
  activityReceived(conversation: StoredConversation, activity: Activity, files?: UploadedFile[]): void;
}

export interface DirectLineRoutesOptions {
  auth: DirectLineAuth;
  tokens: TokenIssuer;
  store: TranscriptStore;
  bus: ActivityBus;
  feed: ConversationFeed;
  bot: DirectLineBot;
  limits?: { maxTextLength?: number; activitiesPerMinute?: number; tokensPerMinute?: number; uploadBytes?: number };
}


const rateLimited = (_request: FastifyRequest, context: { after: string }) =>
  new ChannelError(429, 'rate_limited', `Too many requests; try again in ${context.after}.`);

/**
 * Direct Line 3.0, as Microsoft's client library and Web Chat expect it:
 * tokens, conversations, activities with watermarks, the WebSocket stream and
 * uploads. Mounted at `/v3/directline`.
 */
export const directLineRoutes: FastifyPluginAsync<DirectLineRoutesOptions> = async (app, options) => {
  const { auth, tokens, store, feed, bot } = options;
  const maxText = options.limits?.maxTextLength ?? 4_000;

  await app.register(websocket, { options: { maxPayload: 64 * 1024 } });
  await app.register(rateLimit, { global: false, errorResponseBuilder: rateLimited });

  const streamUrl = (request: FastifyRequest, conversationId: string, token: string, watermark?: number) => {
    const protocol = request.protocol === 'https' ? 'wss' : 'ws';
    const query = new URLSearchParams({ watermark: watermark === undefined ? '' : String(watermark), t: token });
    return `${protocol}://${request.host}${app.prefix}/conversations/${encodeURIComponent(conversationId)}/stream?${query}`;
  };

  async function conversationFor(conversationId: string): Promise<StoredConversation> {
    const conversation = await store.find(conversationId);
    if (!conversation) throw new ChannelError(404, 'conversation_not_found', `No conversation ${conversationId}.`);
    return conversation;
  }

  /** A token for the conversation's user: the caller's grant, or a new one when the secret started it. */
  async function tokenFor(caller: DirectLineCaller, conversation: StoredConversation) {
    const grant = caller.kind === 'token' ? caller.grant : { conversationId: conversation.id, userId: conversation.userId, locale: conversation.locale ?? undefined };
    return tokens.issue(grant);
  }

  app.post(
    '/tokens/generate',
    { config: { rateLimit: { max: options.limits?.tokensPerMinute ?? 60, timeWindow: 60_000 } } },
    async (request) => {
      const credential = bearerOf(request);
      if (!credential || !auth.isSecret(credential)) throw new ChannelError(403, 'invalid_secret', 'Generating a token needs the Direct Line secret.');
      const body = (request.body ?? {}) as { user?: { id?: unknown }; locale?: unknown };
      const userId = typeof body.user?.id === 'string' && body.user.id.length > 0 ? body.user.id : anonymousUserId();
      if (userId.length > 200) throw new ChannelError(400, 'invalid_user', 'user.id is at most 200 characters.');
      const conversationId = newConversationId();
      const issued = await tokens.issue({ conversationId, userId, locale: typeof body.locale === 'string' ? body.locale.slice(0, 20) : undefined });
      return { conversationId, token: issued.token, expires_in: issued.expiresIn };
    },
  );

  app.post('/tokens/refresh', async (request) => {
    const caller = await auth.caller(bearerOf(request));
    if (caller.kind !== 'token') throw new ChannelError(403, 'not_a_token', 'Only a token can be refreshed.');
    const issued = await tokens.issue(caller.grant);
    return { conversationId: caller.grant.conversationId, token: issued.token, expires_in: issued.expiresIn };
  });

  app.post('/conversations', async (request, reply) => {
    const caller = await auth.caller(bearerOf(request));
    const wanted = caller.kind === 'token'
      ? { id: caller.grant.conversationId, userId: caller.grant.userId, locale: caller.grant.locale }
      : { id: newConversationId(), userId: anonymousUserId() };
    const { conversation, created } = await store.start(wanted);
    const issued = await tokenFor(caller, conversation);
    if (created) bot.conversationStarted(conversation);
    return reply.status(created ? 201 : 200).send({
      conversationId: conversation.id,
      token: issued.token,
      expires_in: issued.expiresIn,
      streamUrl: streamUrl(request, conversation.id, issued.token),
    });
  });

  app.get<{ Params: { conversationId: string }; Querystring: { watermark?: string } }>('/conversations/:conversationId', async (request) => {
    const caller = await auth.callerFor(bearerOf(request), request.params.conversationId);
    const conversation = await conversationFor(request.params.conversationId);
    const issued = await tokenFor(caller, conversation);
    return {
      conversationId: conversation.id,
      token: issued.token,
      expires_in: issued.expiresIn,
      streamUrl: streamUrl(request, conversation.id, issued.token, parseWatermark(request.query.watermark)),
    };
  });

  app.get<{ Params: { conversationId: string }; Querystring: { watermark?: string } }>(
    '/conversations/:conversationId/activities',
    async (request) => {
      await auth.callerFor(bearerOf(request), request.params.conversationId);
      await conversationFor(request.params.conversationId);
      const { activities, watermark } = await store.after(request.params.conversationId, parseWatermark(request.query.watermark) ?? 0);
      return { activities, watermark: String(watermark) };
    },
  );

  app.post<{ Params: { conversationId: string } }>(
    '/conversations/:conversationId/activities',
    {
      bodyLimit: 64 * 1024,
      config: {
        rateLimit: {
          max: options.limits?.activitiesPerMinute ?? 30,
          timeWindow: 60_000,
          keyGenerator: (request: FastifyRequest) => `directline:${(request.params as { conversationId: string }).conversationId}`,
        },
      },
    },
    async (request) => {
      const caller = await auth.callerFor(bearerOf(request), request.params.conversationId);
      const inbound = parseActivity(request.body, maxText);
      // A token already names the conversation and its user; only the secret's holder needs the row first.
      const conversation = caller.kind === 'secret' ? await conversationFor(request.params.conversationId) : undefined;
      return receive(caller, request.params.conversationId, inbound, conversation);
    },
  );

  app.register(async (uploads: FastifyInstance) => {
    const uploadBytes = options.limits?.uploadBytes ?? 10 * 1024 * 1024;
    uploads.addContentTypeParser('multipart/form-data', { parseAs: 'buffer', bodyLimit: uploadBytes }, (_request, body, done) => done(null, body));
    uploads.post<{ Params: { conversationId: string }; Body: Buffer }>('/conversations/:conversationId/upload', async (request) => {
      const caller = await auth.callerFor(bearerOf(request), request.params.conversationId);
      const conversation = await conversationFor(request.params.conversationId);
      const upload = await readUpload(request.body, String(request.headers['content-type']));
      const inbound = parseActivity(upload.activity, maxText);
      // The files themselves are not kept here: the activity records their names and types only.
      return receive(caller, conversation.id, { ...inbound, attachments: upload.files }, conversation, upload.files);
    });
  });

  app.get<{ Params: { conversationId: string }; Querystring: { t?: string; watermark?: string } }>(
    '/conversations/:conversationId/stream',
    {
      websocket: true,
      // Checked before the upgrade, so a bad token is an HTTP 403 the client can read.
      preValidation: async (request) => {
        await auth.callerFor(request.query.t, request.params.conversationId);
        await conversationFor(request.params.conversationId);
      },
    },
    (socket, request) => {
      streamConversation(socket, {
        conversationId: request.params.conversationId,
        from: parseWatermark(request.query.watermark) ?? 0,
        store,
        bus: options.bus,
        log: request.log,
      });
    },
  );

  async function receive(caller: DirectLineCaller, conversationId: string, inbound: InboundActivity, known?: StoredConversation, files?: UploadedFile[]) {
    if (inbound.type === 'typing') return { id: `${conversationId}|typing` };
    const from = caller.kind === 'token'
      ? { id: caller.grant.userId, role: 'user' as const }
      : { id: inbound.from?.id ?? known?.userId ?? 'unknown', name: inbound.from?.name, role: 'user' as const };
    const activity: Activity = {
      type: inbound.type,
      channelId: 'directline',
      conversation: { id: conversationId },
      from,
      ...(inbound.text !== undefined ? { text: inbound.text } : {}),
      ...(inbound.locale ? { locale: inbound.locale } : {}),
      ...(inbound.localTimezone ? { localTimezone: inbound.localTimezone } : {}),
      ...(inbound.textFormat ? { textFormat: inbound.textFormat } : {}),
      ...(inbound.name ? { name: inbound.name } : {}),
      ...(inbound.value !== undefined ? { value: inbound.value } : {}),
      ...(inbound.attachments?.length ? { attachments: inbound.attachments.map((file) => ({ contentType: file.contentType ?? 'application/octet-stream', name: file.name })) } : {}),
      ...(inbound.channelData ? { channelData: keptChannelData(inbound.channelData) } : {}),
    };
    const stored = await feed.post(conversationId, activity, inbound.channelData?.clientActivityID);
    if (!stored) throw new ChannelError(404, 'conversation_not_found', `No conversation ${conversationId}.`);
    if (!stored.duplicate) bot.activityReceived(stored.conversation, stored.activity, files);
    return { id: stored.activity.id };
  }
};

function parseWatermark(value: string | undefined): number | undefined {
  if (value === undefined || value === '' || value === '-') return undefined;
  if (!/^\d{1,15}$/.test(value)) throw new ChannelError(400, 'invalid_watermark', 'The watermark is the number a previous answer gave.');
  return Number(value);
}

function parseActivity(body: unknown, maxText: number): InboundActivity {
  if (!Value.Check(InboundActivity, body)) {
    const first = [...Value.Errors(InboundActivity, body)][0];
    throw new ChannelError(400, 'invalid_activity', `The activity is not valid${first ? `: ${first.instancePath || '/'} ${first.message}` : ''}.`);
  }
  if ((body.text?.length ?? 0) > maxText) {
    throw new ChannelError(400, 'message_too_long', `A message is at most ${maxText} characters.`);
  }
  return body;
}

/** Only what a client may say about its own activity: its id for retries and what its bubble shows. */
function keptChannelData(channelData: NonNullable<InboundActivity['channelData']>): Record<string, unknown> {
  return {
    ...(channelData.clientActivityID ? { clientActivityID: channelData.clientActivityID } : {}),
    ...(channelData.messageBack?.displayText ? { messageBack: { displayText: channelData.messageBack.displayText } } : {}),
  };
}
