import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { notFound } from '../../platform/errors';
import type { AuditLog } from './audit-log';
import { requireUser } from './authentication';
import type { DevIssuer } from './dev-issuer';
import { AdminProfilePatch, DevTokenRequest, ErrorResponse, ProfilePatch, TokenResponse, UserProfile } from './identity-schemas';
import { canReadUser } from './policy';
import type { ProfileService } from './profile-service';
import type { UserRecord, UsersRepository } from './users-repository';

export interface IdentityRoutesOptions {
  users: UsersRepository;
  audit: AuditLog;
  profiles: ProfileService;
  /** Present only with AUTH_MODE=dev: then, and only then, `POST /dev/token` exists. */
  devIssuer?: DevIssuer;
  /** Route rate limit of authentication routes (`config.rateLimit` of @fastify/rate-limit). */
  authenticationRateLimit?: object;
}

export const toProfile = (user: UserRecord): UserProfile => ({
  id: user.id,
  role: user.role,
  name: user.name,
  email: user.email,
  phone: user.phone,
  locale: user.locale,
  timeZone: user.timeZone,
  dateOfBirth: user.dateOfBirth,
  insuranceNumber: user.insuranceNumber,
  professional: user.professional
    ? { title: user.professional.title, registrationNumber: user.professional.registrationNumber, verified: user.professional.verifiedAt !== null }
    : null,
});

const profileResponses = { 200: UserProfile, 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse };

export const identityRoutes: FastifyPluginAsyncTypebox<IdentityRoutesOptions> = async (app, options) => {
  const { users, audit, profiles, devIssuer } = options;
  app.get(
    '/me',
    { schema: { tags: ['identity'], summary: 'The calling user', response: { 200: UserProfile, 401: ErrorResponse } } },
    async (request) => {
      const principal = requireUser(request);
      const user = await users.findById(principal.userId);
      if (!user) throw notFound('user', principal.userId);
      await audit.record(request.auditContext, { action: 'user.read', resourceType: 'user', resourceId: user.id, patientId: patientIdOf(user) });
      return toProfile(user);
    },
  );

  app.patch(
    '/me',
    { schema: { tags: ['identity'], summary: 'Edit your own profile', body: ProfilePatch, response: profileResponses } },
    async (request) => {
      const principal = requireUser(request);
      return toProfile(await profiles.update(principal, principal.userId, request.body, request.auditContext));
    },
  );

  app.get(
    '/users/:id',
    {
      schema: {
        tags: ['identity'],
        summary: 'A user profile (yourself; admins: anyone in their organisation)',
        params: Type.Object({ id: Type.String({ maxLength: 100 }) }),
        response: { 200: UserProfile, 401: ErrorResponse, 404: ErrorResponse },
      },
    },
    async (request) => {
      const principal = requireUser(request);
      const user = await users.findById(request.params.id);
      const allowed = user !== null && !user.erasedAt && canReadUser(principal, user);
      await audit.record(request.auditContext, {
        action: 'user.read',
        resourceType: 'user',
        resourceId: request.params.id,
        patientId: user ? patientIdOf(user) : null,
        outcome: allowed ? 'allowed' : 'denied',
      });
      // A forbidden read answers like a missing one, so ids do not leak.
      if (!allowed) throw notFound('user', request.params.id);
      return toProfile(user);
    },
  );

  app.patch(
    '/users/:id',
    {
      schema: {
        tags: ['identity'],
        summary: 'Edit a profile (yourself; admins: anyone in their organisation, and verify professionals)',
        params: Type.Object({ id: Type.String({ maxLength: 100 }) }),
        body: AdminProfilePatch,
        response: profileResponses,
      },
    },
    async (request) =>
      toProfile(await profiles.update(requireUser(request), request.params.id, request.body, request.auditContext)),
  );

  if (devIssuer) {
    app.get(
      '/dev/users',
      {
        schema: {
          tags: ['identity'],
          summary: 'Dev issuer: the users a dev-mode picker offers (AUTH_MODE=dev only)',
          security: [],
          querystring: Type.Object({ role: Type.Union([Type.Literal('patient'), Type.Literal('professional'), Type.Literal('admin')]) }),
          response: { 200: Type.Array(Type.Object({ id: Type.String(), name: Type.String(), role: Type.String() })) },
        },
      },
      async (request) => users.listByRole(request.query.role),
    );

    app.post(
      '/dev/token',
      {
        config: options.authenticationRateLimit ? { rateLimit: options.authenticationRateLimit } : {},
        schema: {
          tags: ['identity'],
          summary: 'Dev issuer: a token for a seed user (AUTH_MODE=dev only)',
          security: [],
          body: DevTokenRequest,
          response: { 200: TokenResponse, 404: ErrorResponse },
        },
      },
      async (request) => {
        const { userId, service, appRoles } = request.body;
        if (!service) {
          const user = await users.findById(userId);
          if (!user || user.erasedAt) throw notFound('user', userId);
        }
        const expiresIn = 3600;
        const token = await devIssuer.sign({ subject: userId, isService: service, appRoles, ttlSeconds: expiresIn });
        return { token, expiresIn };
      },
    );
  }
};

function patientIdOf(user: UserRecord): string | null {
  return user.role === 'patient' ? user.id : null;
}
