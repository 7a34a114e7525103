import type { AIMessage, AIMessageChunk, BaseMessage } from '@langchain/core/messages';
import type { Runnable } from '@langchain/core/runnables';
import type { BaseCheckpointSaver, LangGraphRunnableConfig } from '@langchain/langgraph';
import { randomUUID } from 'node:crypto';
import { createCoreApiClient, unwrap, type CoreApiClient } from '@consulta/core-api/client';
import type { InboundMessage, OutboundMessage, TurnOptions } from '@consulta/channels';
import { publicSkills, runSkill, type SkillContext, type SkillName } from '@consulta/skills';
import { buildAssistantGraph } from './assistant-graph';
import { describeAction } from './action-summary';
import { contextLine, type UserContext } from './user-context';
import { renderPrompt, type PromptFile, type PromptLibrary } from './prompt-library';
import { conversationDomain } from './conversation-domain';
import { exchangeForUserToken, type ServiceTokenProvider } from './service-token';
import { detectLocale } from '../local-model/understanding';
import { createRegistration, registerThroughCoreApi } from './registration';
import { ModelMetricsHandler } from './model-metrics';
import type { Metrics } from '@consulta/core-api';

export interface AssistantDependencies {
  /** Reaches core-api (over HTTP, or in-process in the embedded default). */
  coreApi: { baseUrl: string; fetch?: typeof fetch };
  serviceToken: ServiceTokenProvider;
  model: Runnable<BaseMessage[], AIMessage>;
  prompts: PromptLibrary;
  checkpointer?: BaseCheckpointSaver;
  now: () => Date;
  maxToolCallsPerTurn?: number;
  /** The zone a visitor's times are shown in when their channel does not tell (default UTC). */
  defaultTimeZone?: string;
  /** Turn latency per channel and the model calls inside each turn are counted here. */
  metrics?: Pick<Metrics, 'turnDuration' | 'modelCalls' | 'modelTokens' | 'modelFallbacks'>;
  /**
   * A prompt body to use instead of the one in force, per conversation thread (the admin
   * playground's chosen version); undefined leaves the usual choice.
   */
  promptOverride?: (prompt: PromptFile, threadId: string) => string | undefined;
  /**
   * False when the model answers in one piece (the local model alone): a turn asked for partial
   * text then runs as a plain one, since the stream machinery costs CPU on every turn and would
   * show nothing. Default true.
   */
  streamsReplies?: boolean;
}

type Profile = { id: string; name: string; role: UserContext['role']; locale: string; timeZone: string };

const mayRun = (name: SkillName, user: UserContext) => user.role !== 'visitor' || publicSkills.has(name);

function verificationRequired(locale: string) {
  return {
    code: 'verification_required',
    message: locale.startsWith('es')
      ? 'para pedir, cambiar o ver citas a tu nombre necesito saber quién eres: inicia sesión o verifica tu identidad'
      : 'to book, move or see appointments in your name I need to know who you are: please sign in or verify your identity',
    hint: 'The user is an unverified visitor: they may look at professionals and free times only. Tell them to sign in or verify first.',
  };
}

export interface Assistant {
  /** One turn: the user's message in, the assistant's replies out (and, if asked, the text as it is written). */
  handleTurn(message: InboundMessage, options?: TurnOptions): Promise<OutboundMessage[]>;
  /** The first words of a new conversation, before the user has said anything. */
  greeting(locale: string | undefined): Promise<OutboundMessage[]>;
  organizationName(): Promise<string>;
  /** Forgets what it knows of a sender (a visitor who just verified is a patient from the next message on). */
  forgetSender(channel: string, senderId: string): void;
}

/**
 * The assistant behind every channel. Each turn it exchanges the sender's
 * channel identity for a short-lived token of that user, so every skill acts
 * with exactly that user's rights; the conversation is checkpointed per
 * channel conversation.
 */
export function createAssistant(dependencies: AssistantDependencies): Assistant {
  const modelMetrics = dependencies.metrics && new ModelMetricsHandler(dependencies.metrics);
  const serviceApi = createCoreApiClient({ ...dependencies.coreApi });
  // The served user's client lives only for its turn, keyed by a turn id in the run's config:
  // tokens never enter the checkpointed state.
  const turnApis = new Map<string, CoreApiClient>();
  const apiFor = (config: LangGraphRunnableConfig): CoreApiClient => {
    const api = turnApis.get(String(config.configurable?.turn_id));
    if (!api) throw new Error('no user token for this conversation turn');
    return api;
  };

  const graph = buildAssistantGraph({
    model: dependencies.model,
    checkpointer: dependencies.checkpointer,
    maxToolCallsPerTurn: dependencies.maxToolCallsPerTurn,
    systemPrompt: async (state, config) => {
      const user = state.user!;
      // The domain's own prompt (and an admin's versions of it) once the conversation is about one.
      const prompt = dependencies.prompts.select({
        purpose: user.role === 'patient' || user.role === 'visitor' ? 'patient' : 'professional',
        domain: conversationDomain(state.messages),
        locale: user.locale,
      });
      // An admin's active version (or A/B variant) overrides the shipped file.
      // A visitor has no token of their own; the prompt in force is asked as the assistant's service.
      const promptApi = user.role === 'visitor' ? createCoreApiClient({ ...dependencies.coreApi, token: await dependencies.serviceToken() }) : apiFor(config);
      const threadId = String(config.configurable?.thread_id);
      const body = dependencies.promptOverride?.(prompt, threadId) ?? (await activePrompt(promptApi, prompt, threadId)).body ?? prompt.body;
      return `${renderPrompt(body, { organizationName: await organizationName(), userName: user.userName })}\n\n${contextLine(user, dependencies.now())}`;
    },
    runSkill: async (name, args, state, config) =>
      mayRun(name, state.user!) ? runSkill(name, args, skillContext(state.user!, apiFor(config))) : JSON.stringify({ error: verificationRequired(state.user!.locale) }),
    mayRun: (name, state) => mayRun(name, state.user!),
    describeAction: (action, state, config) => describeAction(action, { api: apiFor(config), user: state.user! }),
  });

  // A conversation keeps its prompt version for half a minute: an activation takes effect within
  // that, and a turn's several model steps do not each ask core-api.
  const promptCache = new Map<string, { body: string | null; until: number }>();
  async function activePrompt(api: CoreApiClient, prompt: PromptFile, conversation: string) {
    const key = `${prompt.id}|${prompt.domain}|${prompt.locale}|${conversation}`;
    const cached = promptCache.get(key);
    if (cached && cached.until > Date.now()) return cached;
    const { body } = await unwrap(
      api.GET('/api/v1/prompts/{promptId}/active', {
        params: { path: { promptId: prompt.id }, query: { domain: prompt.domain, locale: prompt.locale, conversation } },
      }),
    );
    if (promptCache.size > 10_000) promptCache.clear();
    const entry = { body, until: Date.now() + 30_000 };
    promptCache.set(key, entry);
    return entry;
  }

  // The organisation's name changes rarely; a minute of caching spares a call per model step.
  let organization: { name: string; until: number } | undefined;
  async function organizationName(): Promise<string> {
    if (!organization || organization.until < Date.now()) {
      organization = { name: (await unwrap(serviceApi.GET('/api/v1/organization'))).name, until: Date.now() + 60_000 };
    }
    return organization.name;
  }

  const registration = createRegistration({
    checkpointer: dependencies.checkpointer,
    now: dependencies.now,
    register: registerThroughCoreApi(serviceApi, dependencies.serviceToken),
    organizationName,
  });

  // Exchanged tokens live five minutes: reusing one for a few turns spares core-api an exchange
  // (and its rate limit) per message. Only a cache: any replica can exchange again.
  const userCache = new Map<string, { api: CoreApiClient; me: Profile; until: number }>();
  const unknownUntil = new Map<string, number>();
  async function userFor(message: InboundMessage) {
    const key = `${message.channel}:${message.senderId}`;
    const cached = userCache.get(key);
    if (cached && cached.until > Date.now()) return cached;
    if ((unknownUntil.get(key) ?? 0) > Date.now()) return null;
    const exchanged = await exchangeForUserToken(serviceApi, await dependencies.serviceToken(), message.channel, message.senderId);
    if (!exchanged) {
      // A web visitor's every message would otherwise cost an exchange (a rate-limited route); a verification
      // shows within 15 s. Phones register within the conversation, so they are asked every time.
      if (unknownUntil.size > 10_000) unknownUntil.clear();
      if (message.channel === 'webchat') unknownUntil.set(key, Date.now() + 15_000);
      return null;
    }
    unknownUntil.delete(key);
    const api = createCoreApiClient({ ...dependencies.coreApi, token: exchanged.token });
    const entry = { api, me: await unwrap(api.GET('/api/v1/me')), until: Date.now() + Math.max(0, exchanged.expiresIn - 60) * 1000 };
    if (userCache.size > 10_000) userCache.clear();
    userCache.set(key, entry);
    return entry;
  }

  /**
   * The same turn, with the model's tokens passed on as they come. Only the
   * agent's text counts; a new model step (after a tool call) starts over.
   */
  async function streamTurn(input: Parameters<typeof graph.invoke>[0], config: Parameters<typeof graph.invoke>[1], onPartial: (text: string) => void) {
    let messageId: string | undefined;
    let text = '';
    let replies: OutboundMessage[] = [];
    const stream = await graph.stream(input, { ...config, streamMode: ['messages', 'values'] });
    for await (const [mode, chunk] of stream as AsyncIterable<[string, unknown]>) {
      if (mode === 'values') {
        replies = (chunk as { replies: OutboundMessage[] }).replies;
        continue;
      }
      const [part, metadata] = chunk as [AIMessageChunk, { langgraph_node?: string }];
      if (metadata.langgraph_node !== 'agent' || typeof part.content !== 'string' || part.content === '') continue;
      if (part.id !== messageId) {
        messageId = part.id;
        text = '';
      }
      text += part.content;
      onPartial(text);
    }
    return replies;
  }

  /** An unverified web chat user: public data only, through core-api's anonymous routes, in the browser's zone. */
  function visitor(message: InboundMessage) {
    const me: Profile = {
      id: `visitor:${message.senderId}`,
      name: '',
      role: 'visitor',
      locale: message.locale ?? 'en',
      timeZone: message.timeZone ?? dependencies.defaultTimeZone ?? 'UTC',
    };
    return { api: createCoreApiClient({ ...dependencies.coreApi }), me, until: 0 };
  }

  function skillContext(user: UserContext, api: CoreApiClient): SkillContext {
    return { api, user: { id: user.userId, timeZone: user.timeZone, locale: user.locale, role: user.role }, now: dependencies.now };
  }

  return {
    organizationName,
    forgetSender(channel, senderId) {
      unknownUntil.delete(`${channel}:${senderId}`);
      userCache.delete(`${channel}:${senderId}`);
    },
    async greeting(locale) {
      const name = await organizationName();
      return [{ text: locale?.startsWith('es')
        ? `¡Hola! Soy el asistente de ${name}. Puedo pedir, cambiar o anular tus citas. ¿En qué te ayudo?`
        : `Hello! I'm the assistant of ${name}. I can book, move or cancel your appointments. How can I help?` }];
    },
    async handleTurn(message, options) {
      let known = await userFor(message);
      if (!known) {
        // Phones may register by chatting; a web visitor may look around before verifying; Teams users are set up by admins.
        if (message.channel === 'sms' || message.channel === 'whatsapp') return registration.handleTurn(message);
        if (message.channel !== 'webchat') return [{ text: notKnown(message.locale) }];
        known = visitor(message);
      }
      const { api, me } = known;
      const threadId = `${message.channel}:${message.conversationId}`;
      // The conversation's language follows what the user writes; unclear messages ("10:20") keep the last one.
      const previous = (await graph.getState({ configurable: { thread_id: threadId } })).values?.user?.locale as string | undefined;
      const locale = detectLocale(message.text, (previous ?? message.locale ?? me.locale).startsWith('es') ? 'es' : 'en');
      const user: UserContext = { userId: me.id, userName: me.name, role: me.role, locale, timeZone: me.timeZone, channel: message.channel };
      const turnId = randomUUID();
      turnApis.set(turnId, api);
      const input = { input: message.text, regarding: message.regarding ?? null, user, replies: null };
      // A turn is kept whole when it ends (a reply, a summary awaiting confirmation, or an error), not
      // after each step: nothing resumes a turn half done (the next message starts a new run), and
      // a step's checkpoint cost more than the rest of a local-model turn on the embedded database.
      const config = {
        configurable: { thread_id: threadId, turn_id: turnId },
        recursionLimit: 40,
        durability: 'exit' as const,
        callbacks: modelMetrics ? [modelMetrics] : [],
      };
      const timer = dependencies.metrics?.turnDuration.startTimer({ channel: message.channel });
      try {
        if (!options?.onPartial || dependencies.streamsReplies === false) return (await graph.invoke(input, config)).replies;
        return await streamTurn(input, config, options.onPartial);
      } finally {
        timer?.();
        turnApis.delete(turnId);
      }
    },
  };
}

function notKnown(locale: string | undefined): string {
  return locale?.startsWith('es')
    ? 'Todavía no te conozco. Verifica tu identidad para que pueda ayudarte con tus citas.'
    : "I don't know you yet. Please verify your identity so I can help with your appointments.";
}
