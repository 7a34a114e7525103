import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from 'typebox';
import type { Assistant } from '../assistant/assistant';
import type { PromptFile } from '../assistant/prompt-library';
import { AdminError, type SessionCookies } from './admin-session';
import type { PromptVersionReader } from './prompt-version-reader';
import { isTimeZone } from '@consulta/core-api';

/** The playground's own assistant, built with a prompt override that the routes fill per conversation. */
export interface PlaygroundAssistant {
  assistant: Assistant;
  /** Prompt bodies in use per thread (`webchat:<conversationId>`), set for the length of one turn. */
  overrides: Map<string, { promptId: string; body: string }>;
}

export interface PlaygroundOptions {
  cookies: SessionCookies;
  /** Made on first use: the playground costs nothing until an admin opens it. */
  playground: () => Promise<PlaygroundAssistant>;
  readVersion: PromptVersionReader;
  /** AUTH_MODE=dev: the playground may act as a seed patient; otherwise only as a visitor. */
  dev: boolean;
}

const key = { minLength: 1, maxLength: 100, pattern: '^[a-z0-9-]+$' };
export const PlaygroundTurnBody = Type.Object(
  {
    promptId: Type.String(key),
    domain: Type.String(key),
    locale: Type.String({ pattern: '^[a-z]{2}(-[A-Z]{2})?$' }),
    version: Type.Integer({ minimum: 0 }),
    /** `visitor` (default) or, in dev mode, a seed patient's id. */
    actAs: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    text: Type.String({ minLength: 1, maxLength: 2000 }),
    conversationId: Type.Optional(Type.String({ pattern: '^playground-[0-9a-f-]{36}$' })),
    /** IANA zone a visitor's times are shown in (the admin's browser's); a patient's own zone wins. */
    timeZone: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  },
  { additionalProperties: false },
);

/**
 * `POST /admin/playground/turns`: one turn of a conversation with a chosen
 * prompt version, whatever is in force. Threads are namespaced
 * `playground-…`, so they never meet a patient's conversation. Outside dev
 * mode it acts only as a visitor, who can look but not book: a playground
 * must not file appointments in a real patient's name.
 */
export function playgroundRoutes(app: FastifyInstance, options: PlaygroundOptions): void {
  app.post<{ Body: Static<typeof PlaygroundTurnBody> }>(
    '/admin/playground/turns',
    { schema: { body: PlaygroundTurnBody }, onRequest: app.csrfProtection },
    async (request) => {
      const session = options.cookies.require(request);
      if (session.user.role !== 'admin') throw new AdminError(403, 'admins_only', 'Only admins use the prompt playground.');
      const { promptId, domain, locale, version, text } = request.body;
      const actAs = request.body.actAs ?? 'visitor';
      if (actAs !== 'visitor' && !options.dev) {
        throw new AdminError(400, 'playground_visitor_only', 'Outside dev mode the playground talks as a visitor only, so it never books in a real patient’s name.');
      }
      const timeZone = request.body.timeZone;
      if (timeZone !== undefined && !isTimeZone(timeZone)) throw new AdminError(400, 'invalid_time_zone', `"${timeZone}" is not an IANA time zone.`);
      const { body, purpose } = await options.readVersion(session.token, { promptId, domain, locale, version });
      if (purpose !== 'patient') {
        throw new AdminError(400, 'prompt_not_used', `The playground talks as a visitor or a patient; ${promptId} is a prompt for professionals (try it in Teams).`);
      }
      const conversationId = request.body.conversationId ?? `playground-${randomUUID()}`;
      // The thread is the admin's own: another admin holding the id starts a fresh one instead of reading this.
      const thread = `${conversationId}.${session.user.id}`;
      const threadId = `webchat:${thread}`;
      const { assistant, overrides } = await options.playground();
      if (overrides.has(threadId)) throw new AdminError(409, 'turn_in_progress', 'The assistant is still answering the previous message of this conversation.');
      overrides.set(threadId, { promptId, body });
      try {
        const replies = await assistant.handleTurn({
          channel: 'webchat', conversationId: thread, text, locale, timeZone,
          senderId: actAs === 'visitor' ? `playground-visitor-${session.user.id}` : actAs,
        });
        return { conversationId, replies: replies.map((reply) => ({ text: reply.text, choices: (reply.choices ?? []).map((choice) => ({ id: choice.value, label: choice.label })) })) };
      } finally {
        overrides.delete(threadId);
      }
    },
  );
}

/**
 * The override the playground's assistant applies: the chosen version stands
 * in for its own prompt wherever the assistant picks that one, as activating
 * it would: a domain's prompt once the conversation is about the domain (after
 * a search for one of its professionals), the general one before and outside.
 */
export function playgroundOverride(overrides: PlaygroundAssistant['overrides']) {
  return (prompt: PromptFile, threadId: string) => {
    const chosen = overrides.get(threadId);
    return chosen && chosen.promptId === prompt.id ? chosen.body : undefined;
  };
}
