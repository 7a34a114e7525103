import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { invalid } from '../../platform/errors';
import { requireUser } from '../identity/authentication';
import { ErrorResponse } from '../identity/identity-schemas';
import type { ChatCaller } from './chat-access';
import { Conversation, ConversationKind, ConversationState } from './chat-schemas';
import type { ConversationsService } from './conversations-service';

export const tags = ['chat'];
export const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse };
export const id = Type.String({ minLength: 1, maxLength: 100 });
export const ConversationParams = Type.Object({ conversationId: id });

/** The calling user and the request, as the chat services take them. */
export const callerOf = (request: FastifyRequest): ChatCaller => ({ principal: requireUser(request), audit: request.auditContext });

/** Conversations: open one-to-one and group conversations, list and read them, change state and participants. */
export const conversationRoutes: FastifyPluginAsyncTypebox<{ conversations: ConversationsService }> = async (app, { conversations }) => {
  app.get(
    '/chat/conversations',
    {
      schema: {
        tags, summary: 'Your conversations (those you take part in), newest first; each is an audited read',
        querystring: Type.Object({ state: Type.Optional(ConversationState) }),
        response: { 200: Type.Array(Conversation), ...errors },
      },
    },
    (request) => conversations.list(callerOf(request), { state: request.query.state }),
  );

  app.post(
    '/chat/conversations',
    {
      schema: {
        tags,
        summary: 'Open a conversation about a patient',
        description:
          '`direct`: between a patient and a professional, opened by either of them (`patientId`, `professionalId`); an open one between the ' +
          'two is answered with 200 instead of a second. `group`: several specialists around one patient, opened by a professional or an ' +
          'admin who becomes its owner (`title`, `memberIds`, and `includePatient` to let the patient in).',
        body: Type.Object({
          kind: ConversationKind,
          patientId: id,
          professionalId: Type.Optional(id),
          title: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
          memberIds: Type.Optional(Type.Array(id, { maxItems: 50 })),
          includePatient: Type.Optional(Type.Boolean()),
        }),
        response: { 200: Conversation, 201: Conversation, ...errors },
      },
    },
    async (request, reply) => {
      const caller = callerOf(request);
      const body = request.body;
      if (body.kind === 'direct') {
        if (!body.professionalId) throw invalid('professional_required', 'A direct conversation needs `professionalId`.');
        const opened = await conversations.openDirect(caller, { patientId: body.patientId, professionalId: body.professionalId, title: body.title });
        return reply.status(opened.created ? 201 : 200).send(opened.conversation);
      }
      if (!body.title) throw invalid('title_required', 'A group conversation needs a `title`.');
      const group = await conversations.openGroup(caller, { patientId: body.patientId, title: body.title, memberIds: body.memberIds ?? [], includePatient: body.includePatient });
      return reply.status(201).send(group);
    },
  );

  app.get(
    '/chat/conversations/:conversationId',
    { schema: { tags, summary: 'One conversation (participants only; others 404); an audited read', params: ConversationParams, response: { 200: Conversation, ...errors } } },
    (request) => conversations.get(callerOf(request), request.params.conversationId),
  );

  app.patch(
    '/chat/conversations/:conversationId',
    {
      schema: {
        tags, summary: 'Archive, close or reopen (owner and admins): open ⇄ archived, either → closed (final)',
        params: ConversationParams, body: Type.Object({ state: ConversationState }), response: { 200: Conversation, ...errors },
      },
    },
    (request) => conversations.setState(callerOf(request), request.params.conversationId, request.body.state),
  );

  const ParticipantParams = Type.Object({ conversationId: id, userId: id });
  const GrantableRole = Type.Union([Type.Literal('admin'), Type.Literal('member')]);

  app.post(
    '/chat/conversations/:conversationId/participants',
    {
      schema: {
        tags, summary: 'Add a participant to a group (owner and admins; only the owner adds admins): staff of the organisation or the patient',
        params: ConversationParams, body: Type.Object({ userId: id, role: Type.Optional(GrantableRole) }), response: { 200: Conversation, ...errors },
      },
    },
    (request) => conversations.addParticipant(callerOf(request), request.params.conversationId, request.body),
  );

  app.patch(
    '/chat/conversations/:conversationId/participants/:userId',
    {
      schema: {
        tags, summary: 'Mute or unmute (owner and admins), make or unmake an admin (owner); a muted participant reads but does not write',
        params: ParticipantParams, body: Type.Object({ muted: Type.Optional(Type.Boolean()), role: Type.Optional(GrantableRole) }), response: { 200: Conversation, ...errors },
      },
    },
    (request) => conversations.updateParticipant(callerOf(request), request.params.conversationId, request.params.userId, request.body),
  );

  app.delete(
    '/chat/conversations/:conversationId/participants/:userId',
    {
      schema: {
        tags, summary: 'Leave a group (yourself) or remove someone (owner and admins; only the owner removes an admin)',
        params: ParticipantParams, response: { 204: Type.Null(), ...errors },
      },
    },
    async (request, reply) => {
      await conversations.removeParticipant(callerOf(request), request.params.conversationId, request.params.userId);
      return reply.status(204).send(null);
    },
  );
};
