import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { forbidden, notFound } from '../../platform/errors';
import type { AuditLog } from './audit-log';
import { requireService, requireUser } from './authentication';
import type { ChannelIdentities } from './channel-identities';
import { ChannelIdentity, ChannelIdentityKey, ErrorResponse, PatientRegistrationRequest } from './identity-schemas';
import { actAsAppRole, canAdministerUser } from './policy';
import type { UsersRepository } from './users-repository';

export interface ChannelIdentityRoutesOptions {
  users: UsersRepository;
  channelIdentities: ChannelIdentities;
  audit: AuditLog;
}

const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse };

export const channelIdentityRoutes: FastifyPluginAsyncTypebox<ChannelIdentityRoutesOptions> = async (app, options) => {
  const { users, channelIdentities, audit } = options;

  app.post(
    '/channel-identities/registrations',
    {
      schema: {
        tags: ['identity'],
        summary: `Register a new patient known by a channel identity (services with ${actAsAppRole})`,
        body: PatientRegistrationRequest,
        response: { 201: Type.Object({ userId: Type.String() }), ...errors },
      },
    },
    async (request, reply) => {
      requireService(request, actAsAppRole);
      const result = await channelIdentities.registerPatientFromChannel(request.body, request.auditContext);
      return reply.status(201).send(result);
    },
  );

  app.post(
    '/channel-identities/teams-links',
    {
      schema: {
        tags: ['identity'],
        summary: `Link a Teams user (Entra object id) to the professional or admin with that UPN (services with ${actAsAppRole})`,
        body: Type.Object({
          objectId: Type.String({ minLength: 1, maxLength: 100, description: 'The Entra object id Teams gives as from.aadObjectId' }),
          userPrincipalName: Type.String({ minLength: 3, maxLength: 320 }),
        }),
        response: { 200: Type.Object({ userId: Type.String() }), ...errors },
      },
    },
    async (request) => {
      requireService(request, actAsAppRole);
      const linked = await channelIdentities.linkTeamsAccount(request.body, request.auditContext);
      if (!linked) throw notFound('professional', request.body.userPrincipalName);
      return linked;
    },
  );

  app.get(
    '/me/channel-identities',
    { schema: { tags: ['identity'], summary: 'The channel identities you are known by', response: { 200: Type.Array(ChannelIdentity), ...errors } } },
    async (request) => {
      const principal = requireUser(request);
      const identities = await channelIdentities.listForUser(principal.userId);
      return identities.map(({ channel, externalId, verified }) => ({ channel, externalId, verified }));
    },
  );

  app.put(
    '/users/:id/channel-identities',
    {
      schema: {
        tags: ['identity'],
        summary: 'Bind a verified channel identity to a user (admins of the organisation)',
        params: Type.Object({ id: Type.String({ maxLength: 100 }) }),
        body: ChannelIdentityKey,
        response: { 200: ChannelIdentity, ...errors },
      },
    },
    async (request) => {
      const principal = requireUser(request);
      const user = await users.findById(request.params.id);
      const allowed = user !== null && !user.erasedAt && canAdministerUser(principal, user);
      const entry = { action: 'channel_identity.bind', resourceType: 'user', resourceId: request.params.id };
      if (!allowed) {
        await audit.record(request.auditContext, { ...entry, outcome: 'denied' });
        // Patients and professionals may read themselves, so for them this is a refusal, not a secret.
        if (user && user.id === principal.userId) {
          throw forbidden('Only an admin may bind channel identities: they prove who a sender is.');
        }
        throw notFound('user', request.params.id);
      }
      const bound = await channelIdentities.bind({ ...request.body, userId: user.id, verified: true });
      await audit.record(request.auditContext, { ...entry, patientId: user.role === 'patient' ? user.id : null });
      return { channel: bound.channel, externalId: bound.externalId, verified: bound.verified };
    },
  );
};
