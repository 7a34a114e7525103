import { createRemoteJWKSet, decodeJwt, jwtVerify, type JWTPayload } from 'jose';
import { unauthenticated } from '../../platform/errors';
import type { Clock } from '../../platform/clock';
import type { Role, TokenVerifier, VerifiedToken } from './principal';

/** Entra app roles (the `roles` claim) that grant our roles; other app roles pass through as they are. */
export const entraRoleMapping: Record<string, Role> = {
  'Consulta.Patient': 'patient',
  'Consulta.Professional': 'professional',
  'Consulta.Admin': 'admin',
};

export interface EntraVerifierOptions {
  tenantIds: string[];
  /** Accepted `aud` values, e.g. `api://<client id>` and the bare client id. */
  audiences: string[];
  clock: Clock;
  /** `login.microsoftonline.com`, or a sovereign cloud's host. */
  authorityHost?: string;
  /** Overrides the JWKS location; `{tenantId}` in it is replaced by the token's tenant. */
  jwksUrl?: string;
  clockToleranceSeconds?: number;
  /** How soon an unknown `kid` may trigger another JWKS fetch (jose's default is 30 s). */
  jwksCooldownMilliseconds?: number;
}

/**
 * Validates Microsoft Entra ID access tokens (v1 and v2 issuers) of the
 * allowed tenants against each tenant's JWKS. jose caches the key set and
 * refetches it when a token names a key it does not know, which is how
 * Microsoft's key rotation reaches us.
 */
export function createEntraVerifier(options: EntraVerifierOptions): TokenVerifier {
  const authorityHost = options.authorityHost ?? 'login.microsoftonline.com';
  const allowedTenants = new Set(options.tenantIds.map((tenant) => tenant.toLowerCase()));
  // One key set per allowed tenant, created on first use; the allow-list bounds the map.
  const keySets = new Map<string, ReturnType<typeof createRemoteJWKSet>>();
  const keySetOf = (tenantId: string) => {
    let keySet = keySets.get(tenantId);
    if (!keySet) {
      const url = options.jwksUrl
        ? options.jwksUrl.replace('{tenantId}', tenantId)
        : `https://${authorityHost}/${tenantId}/discovery/v2.0/keys`;
      keySet = createRemoteJWKSet(new URL(url), {
        cooldownDuration: options.jwksCooldownMilliseconds ?? 30_000,
        cacheMaxAge: 24 * 60 * 60 * 1000,
        timeoutDuration: 5_000,
      });
      keySets.set(tenantId, keySet);
    }
    return keySet;
  };
  const refused = () => unauthenticated('The token is not valid (bad signature, expired, or not for this API).');

  return {
    async verify(token) {
      let tenantId: string;
      try {
        tenantId = String(decodeJwt(token).tid ?? '').toLowerCase();
      } catch {
        throw refused();
      }
      if (!allowedTenants.has(tenantId)) throw refused();
      let payload: JWTPayload;
      try {
        ({ payload } = await jwtVerify(token, keySetOf(tenantId), {
          issuer: [`https://sts.windows.net/${tenantId}/`, `https://${authorityHost}/${tenantId}/v2.0`],
          audience: options.audiences,
          algorithms: ['RS256'],
          clockTolerance: options.clockToleranceSeconds ?? 300,
          currentDate: options.clock.now(),
          requiredClaims: ['exp', 'iat', 'sub'],
        }));
      } catch {
        throw refused();
      }
      return toVerifiedToken(payload);
    },
  };
}

function toVerifiedToken(payload: JWTPayload): VerifiedToken {
  const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);
  const appRoles = Array.isArray(payload.roles) ? payload.roles.map(String) : [];
  const objectId = text(payload.oid);
  // App-only tokens (client credentials) carry no delegated scopes; v2 says so outright with idtyp.
  const isService = payload.idtyp === 'app' || (payload.scp === undefined && objectId !== undefined && objectId === payload.sub);
  const grantedRoles = [...new Set(appRoles.flatMap((role) => (entraRoleMapping[role] ? [entraRoleMapping[role]] : [])))];
  return {
    issuer: 'entra',
    // A service is known by its application (client) id, a user by the subject.
    subject: isService ? (text(payload.azp) ?? text(payload.appid) ?? String(payload.sub)) : String(payload.sub),
    objectId,
    userPrincipalName: text(payload.preferred_username) ?? text(payload.upn) ?? text(payload.unique_name),
    appRoles,
    grantedRoles,
    isService,
    expiresAt: typeof payload.exp === 'number' ? new Date(payload.exp * 1000) : undefined,
  };
}
