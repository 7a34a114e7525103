import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { requireUser } from './authentication';
import { ErasureResponse, ErrorResponse } from './identity-schemas';
import type { PersonalDataService } from './personal-data-service';

export const personalDataRoutes: FastifyPluginAsyncTypebox<{ personalData: PersonalDataService }> = async (app, { personalData }) => {
  app.get(
    '/me/export',
    {
      schema: {
        tags: ['identity'],
        summary: 'Everything Consulta holds about you (GDPR access), one part per module',
        response: {
          200: Type.Object({ userId: Type.String(), exportedAt: Type.String(), modules: Type.Record(Type.String(), Type.Unknown()) }),
          401: ErrorResponse,
        },
      },
    },
    async (request, reply) => {
      const data = await personalData.exportFor(requireUser(request), request.auditContext);
      return reply.header('cache-control', 'no-store').send(data);
    },
  );

  app.get(
    '/users/:id/export',
    {
      schema: {
        tags: ['identity'],
        summary: 'Everything Consulta holds about a user (GDPR access, for a request made to the organisation): yourself; admins: their organisation',
        params: Type.Object({ id: Type.String({ maxLength: 100 }) }),
        response: {
          200: Type.Object({ userId: Type.String(), exportedAt: Type.String(), modules: Type.Record(Type.String(), Type.Unknown()) }),
          401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse,
        },
      },
    },
    async (request, reply) => {
      const data = await personalData.exportFor(requireUser(request), request.auditContext, request.params.id);
      return reply.header('cache-control', 'no-store').send(data);
    },
  );

  app.post(
    '/users/:id/erase',
    {
      schema: {
        tags: ['identity'],
        summary: 'Erase a user (GDPR): pseudonymises personal data in every module; idempotent (yourself; admins: their organisation)',
        params: Type.Object({ id: Type.String({ maxLength: 100 }) }),
        response: { 200: ErasureResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse },
      },
    },
    async (request) => {
      const result = await personalData.erase(requireUser(request), request.params.id, request.auditContext);
      return { userId: result.userId, erasedAt: result.erasedAt.toISOString() };
    },
  );
};
