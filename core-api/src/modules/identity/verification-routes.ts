import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { requireService } from './authentication';
import { ErrorResponse } from './identity-schemas';
import { actAsAppRole } from './policy';
import type { Verifications } from './verifications';

const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse, 422: ErrorResponse, 429: ErrorResponse, 503: ErrorResponse };
const Channel = Type.Union([Type.Literal('webchat'), Type.Literal('sms'), Type.Literal('whatsapp'), Type.Literal('teams')]);

/**
 * A channel proves who is writing: the channel's service starts a
 * verification for the identity it sees, the person types the code they got,
 * and the service confirms it. Only channel services call these.
 */
export const verificationRoutes: FastifyPluginAsyncTypebox<{ verifications: Verifications }> = async (app, { verifications }) => {
  app.post(
    '/channel-identities/verifications',
    {
      schema: {
        tags: ['identity'],
        summary: `Send a one-time code to the patient with this e-mail or phone, to verify a channel identity (services with ${actAsAppRole}); the answer is the same whether anyone matched`,
        body: Type.Object({
          channel: Channel,
          externalId: Type.String({ minLength: 1, maxLength: 200 }),
          contact: Type.String({ minLength: 3, maxLength: 320, description: 'An e-mail address or an E.164 phone number' }),
        }),
        response: { 202: Type.Object({ verificationId: Type.String(), sentTo: Type.String(), expiresAt: Type.String() }), ...errors },
      },
    },
    async (request, reply) => {
      requireService(request, actAsAppRole);
      return reply.status(202).send(await verifications.start(request.body, request.auditContext));
    },
  );
  app.post(
    '/channel-identities/verifications/:id/confirm',
    {
      schema: {
        tags: ['identity'],
        summary: `Check the code; the right one binds the channel identity to the patient, verified (services with ${actAsAppRole})`,
        params: Type.Object({ id: Type.String({ maxLength: 100 }) }),
        body: Type.Object({
          code: Type.String({ pattern: '^\\s*\\d{6}\\s*$' }),
          channel: Channel,
          externalId: Type.String({ minLength: 1, maxLength: 200, description: 'The identity that started the verification: a code is good only for it' }),
        }),
        response: { 200: Type.Object({ userId: Type.String() }), ...errors },
      },
    },
    async (request) => {
      requireService(request, actAsAppRole);
      const { code, channel, externalId } = request.body;
      return verifications.confirm(request.params.id, { code, channel, externalId }, request.auditContext);
    },
  );
};
