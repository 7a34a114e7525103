import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { AppError } from '../../platform/errors';
import type { AuditLog } from './audit-log';
import { requireService } from './authentication';
import type { ChannelIdentities } from './channel-identities';
import type { UserTokenIssuer } from './core-api-issuer';
import { ChannelIdentityKey, ErrorResponse, TokenExchangeResponse } from './identity-schemas';
import { actAsAppRole } from './policy';
import type { UsersRepository } from './users-repository';

/** Exchanged tokens live five minutes: long enough for one turn of the assistant, short enough to be worthless when leaked. */
export const exchangedTokenSeconds = 300;

export interface TokenExchangeRoutesOptions {
  users: UsersRepository;
  channelIdentities: ChannelIdentities;
  issuer: UserTokenIssuer;
  audit: AuditLog;
  authenticationRateLimit?: object;
}

export const tokenExchangeRoutes: FastifyPluginAsyncTypebox<TokenExchangeRoutesOptions> = async (app, options) => {
  const { users, channelIdentities, issuer, audit } = options;
  app.post(
    '/auth/token-exchange',
    {
      config: options.authenticationRateLimit ? { rateLimit: options.authenticationRateLimit } : {},
      schema: {
        tags: ['identity'],
        summary: `Exchange a verified channel identity for a short-lived user token (services with ${actAsAppRole})`,
        body: ChannelIdentityKey,
        response: { 200: TokenExchangeResponse, 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse },
      },
    },
    async (request) => {
      const service = requireService(request, actAsAppRole);
      const { channel, externalId } = request.body;
      const identity = await channelIdentities.resolve(channel, externalId);
      const user = identity?.verified ? await users.findById(identity.userId) : null;
      if (!identity || !user || user.erasedAt) {
        throw new AppError('not_found', 'channel_identity_not_found', `No verified user is known by this ${channel} identity.`);
      }
      const token = await issuer.sign({
        subject: user.id,
        channel,
        actingService: service.serviceId,
        ttlSeconds: exchangedTokenSeconds,
      });
      await audit.record(request.auditContext, {
        action: 'token.exchange',
        resourceType: 'user',
        resourceId: user.id,
        patientId: user.role === 'patient' ? user.id : null,
        organizationId: user.organizationId,
      });
      return { token, expiresIn: exchangedTokenSeconds, userId: user.id };
    },
  );
};
