import fp from 'fastify-plugin';
import type { FastifyRequest } from 'fastify';
import { AppError, forbidden, unauthenticated } from '../../platform/errors';
import type { Principal, ServicePrincipal, TokenVerifier, UserPrincipal, VerifiedToken } from './principal';
import type { UsersRepository } from './users-repository';
import type { AuditContext } from './audit-log';

declare module 'fastify' {
  interface FastifyRequest {
    /** The authenticated caller, or null for an anonymous request. */
    principal: Principal | null;
    /** Who and which request, for audit entries. */
    readonly auditContext: AuditContext;
  }
}

export interface AuthenticationOptions {
  verifiers: TokenVerifier[];
  /** The clock tokens expire by; with it, tokens verified lately are not verified again until they expire. */
  now?: () => Date;
  users: UsersRepository;
  /** Binds a verified Entra account to one of our users (first sign-in); null when none matches. */
  linkUser?: (token: VerifiedToken) => Promise<string | null>;
}

/**
 * Reads `Authorization: Bearer …` on every request and binds it to a
 * principal. A missing token leaves the request anonymous (routes decide);
 * a present but bad token is refused at once with 401.
 */
export const authentication = fp<{ authenticate: TokenAuthenticator }>(
  async (app, { authenticate }) => {
    app.decorateRequest('principal', null);
    app.decorateRequest('auditContext', {
      getter(this: FastifyRequest): AuditContext {
        return { principal: this.principal, requestId: this.id };
      },
    });
    app.addHook('onRequest', async (request) => {
      const header = request.headers.authorization;
      if (!header) return;
      const match = /^Bearer\s+(\S+)$/i.exec(header);
      if (!match) throw unauthenticated('The Authorization header must be "Bearer <token>".');
      request.principal = await authenticate(match[1]!);
    });
  },
  { name: 'authentication' },
);

/** Turns a bearer token into a principal, or throws a 401/403 AppError. */
export type TokenAuthenticator = (token: string) => Promise<Principal>;

/**
 * The verification every HTTP request goes through, for transports that carry
 * the token elsewhere than in `Authorization` (a WebSocket's query or subprotocol).
 *
 * @example
 * const principal = await createTokenAuthenticator({ verifiers, users })(token);
 */
export function createTokenAuthenticator(options: AuthenticationOptions): TokenAuthenticator {
  const verified = options.now ? createVerifiedTokens(options.now) : undefined;
  return async (token) => {
    const claims = verified?.get(token) ?? (await verifyWithAny(options.verifiers, token));
    verified?.keep(token, claims);
    // The user behind the token is read every time: a role change or an erasure counts at once.
    return toPrincipal(claims, options);
  };
}

// A turn of the assistant calls core-api several times with one token, and a client reuses its
// token for minutes: checking an ES256 signature through WebCrypto costs a few tenths of a
// millisecond each time, for an answer that cannot change before the token expires. Bounded.
const verifiedKept = 10_000;

function createVerifiedTokens(now: () => Date) {
  const kept = new Map<string, VerifiedToken & { expiresAt: Date }>();
  return {
    get(token: string): VerifiedToken | undefined {
      const claims = kept.get(token);
      if (!claims) return undefined;
      if (claims.expiresAt.getTime() > now().getTime()) return claims;
      kept.delete(token);
      return undefined;
    },
    keep(token: string, claims: VerifiedToken) {
      if (!claims.expiresAt || kept.has(token)) return;
      if (kept.size >= verifiedKept) kept.delete(kept.keys().next().value!);
      kept.set(token, { ...claims, expiresAt: claims.expiresAt });
    },
  };
}

async function verifyWithAny(verifiers: TokenVerifier[], token: string): Promise<VerifiedToken> {
  // Not made up front: an error captures a stack trace, which every accepted token would pay for.
  let lastError: unknown;
  for (const verifier of verifiers) {
    try {
      return await verifier.verify(token);
    } catch (error) {
      lastError = error;
    }
  }
  throw lastError instanceof AppError ? lastError : unauthenticated();
}

async function toPrincipal(verified: VerifiedToken, options: AuthenticationOptions): Promise<Principal> {
  if (verified.isService) {
    return { kind: 'service', serviceId: verified.subject, appRoles: verified.appRoles } satisfies ServicePrincipal;
  }
  let userId: string | null = verified.issuer === 'entra' ? null : verified.subject;
  if (verified.issuer === 'entra') {
    const linked = verified.objectId ? await options.users.findByEntraObjectId(verified.objectId) : null;
    userId = linked?.id ?? (options.linkUser ? await options.linkUser(verified) : null);
  }
  const user = userId ? await options.users.findPrincipal(userId) : null;
  if (!user || user.erasedAt) throw unauthenticated('This account is not known to Consulta.');
  // Entra decides who holds a role right now: an admin removed from the app role loses it at once.
  if (verified.issuer === 'entra' && !(verified.grantedRoles ?? []).includes(user.role)) {
    throw forbidden(`This Entra account is not assigned the ${user.role} app role of Consulta.`);
  }
  return {
    kind: 'user',
    userId: user.id,
    role: user.role,
    organizationId: user.organizationId,
    channel: verified.channel ?? 'api',
    actingService: verified.actingService,
  } satisfies UserPrincipal;
}

/** The calling user, or 401 for anonymous and 403 for a service calling a user route. */
export function requireUser(request: FastifyRequest): UserPrincipal {
  const principal = request.principal;
  if (!principal) throw unauthenticated();
  if (principal.kind !== 'user') throw forbidden('This route acts for a user; exchange a channel identity for a user token first.');
  return principal;
}

export function requireRole(request: FastifyRequest, ...roles: UserPrincipal['role'][]): UserPrincipal {
  const user = requireUser(request);
  if (!roles.includes(user.role)) throw forbidden(`Only ${roles.join(' or ')} users may do this.`);
  return user;
}

export function requireService(request: FastifyRequest, appRole: string): ServicePrincipal {
  const principal = request.principal;
  if (!principal) throw unauthenticated();
  if (principal.kind !== 'service' || !principal.appRoles.includes(appRole)) {
    throw forbidden(`Only a service holding the ${appRole} role may do this.`);
  }
  return principal;
}
