import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { requireService, requireUser } from './authentication';
import type { AuditLog } from './audit-log';
import type { ConsentRecord as ConsentView, Consents } from './consents';
import { ConsentChangeRequest, ConsentRecord, ErrorResponse, MessagingChannel } from './identity-schemas';
import { actAsAppRole } from './policy';

const toJson = (records: ConsentView[]) => records.map((record) => ({ ...record, at: record.at.toISOString() }));

const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse };

export const consentRoutes: FastifyPluginAsyncTypebox<{ consents: Consents; audit: AuditLog }> = async (app, { consents, audit }) => {
  app.get(
    '/me/consents',
    { schema: { tags: ['identity'], summary: 'Your messaging consent history, newest first', response: { 200: Type.Array(ConsentRecord), ...errors } } },
    async (request) => toJson(await consents.historyOf(requireUser(request).userId)),
  );

  app.post(
    '/me/consents',
    {
      schema: {
        tags: ['identity'],
        summary: 'Give or withdraw your messaging consent on a channel',
        body: Type.Object({ channel: MessagingChannel, granted: Type.Boolean() }, { additionalProperties: false }),
        response: { 201: Type.Array(ConsentRecord), ...errors },
      },
    },
    async (request, reply) => {
      const principal = requireUser(request);
      const records = await consents.recordConsent({ ...request.body, userId: principal.userId, source: 'profile' });
      await audit.record(request.auditContext, { action: 'consent.record', resourceType: 'user', resourceId: principal.userId });
      return reply.status(201).send(toJson(records));
    },
  );

  app.get(
    '/consents/status',
    {
      schema: {
        tags: ['identity'],
        summary: `Whether a channel identity has withdrawn its consent (services with ${actAsAppRole}), before a channel sends to it`,
        querystring: Type.Object({ channel: MessagingChannel, externalId: Type.String({ minLength: 1, maxLength: 200 }) }),
        response: { 200: Type.Object({ granted: Type.Union([Type.Boolean(), Type.Null()]), optedOut: Type.Boolean() }), ...errors },
      },
    },
    async (request) => {
      requireService(request, actAsAppRole);
      const granted = await consents.latestConsent(request.query.channel, request.query.externalId);
      return { granted, optedOut: granted === false };
    },
  );

  app.post(
    '/consents',
    {
      schema: {
        tags: ['identity'],
        summary: `Record a STOP/START keyword or a consent given at registration (services with ${actAsAppRole})`,
        body: ConsentChangeRequest,
        response: { 201: Type.Array(ConsentRecord), ...errors },
      },
    },
    async (request, reply) => {
      requireService(request, actAsAppRole);
      const records = await consents.recordConsent(request.body);
      return reply.status(201).send(toJson(records));
    },
  );
};
