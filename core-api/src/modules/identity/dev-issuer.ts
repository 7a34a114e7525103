import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { SignJWT, exportJWK, generateKeyPair, importJWK, jwtVerify, type JWK, type CryptoKey } from 'jose';
import { unauthenticated } from '../../platform/errors';
import type { Clock } from '../../platform/clock';
import type { Channel, TokenVerifier, VerifiedToken } from './principal';

export const devIssuerName = 'urn:consulta:dev-issuer';
export const devAudience = 'api://consulta';

export interface DevTokenClaims {
  subject: string;
  appRoles?: string[];
  isService?: boolean;
  channel?: Channel;
  actingService?: string;
  ttlSeconds?: number;
}

export interface DevIssuer extends TokenVerifier {
  sign(claims: DevTokenClaims): Promise<string>;
}

/**
 * The embedded default's token issuer (AUTH_MODE=dev only). Its ES256 key is
 * generated on first start and kept in `keyFile`, so tokens survive restarts;
 * without a file the key lives in memory (tests).
 *
 * @example
 * const issuer = await createDevIssuer({ keyFile: '.data/dev-issuer-key.json', clock });
 * const token = await issuer.sign({ subject: 'patient-ana' });
 */
export async function createDevIssuer(options: { keyFile?: string; clock: Clock }): Promise<DevIssuer> {
  const { privateKey, publicKey } = await loadOrCreateKey(options.keyFile);
  const { clock } = options;
  return {
    async sign(claims) {
      const issuedAt = Math.floor(clock.now().getTime() / 1000);
      return new SignJWT({
        roles: claims.appRoles ?? [],
        ...(claims.isService ? { idtyp: 'app' } : {}),
        ...(claims.channel ? { channel: claims.channel } : {}),
        ...(claims.actingService ? { act: { sub: claims.actingService } } : {}),
      })
        .setProtectedHeader({ alg: 'ES256', kid: 'dev-1' })
        .setIssuer(devIssuerName)
        .setAudience(devAudience)
        .setSubject(claims.subject)
        .setIssuedAt(issuedAt)
        .setExpirationTime(issuedAt + (claims.ttlSeconds ?? 3600))
        .sign(privateKey);
    },
    async verify(token): Promise<VerifiedToken> {
      try {
        const { payload } = await jwtVerify(token, publicKey, {
          issuer: devIssuerName,
          audience: devAudience,
          algorithms: ['ES256'],
          currentDate: clock.now(),
        });
        return {
          issuer: 'dev',
          subject: String(payload.sub),
          appRoles: Array.isArray(payload.roles) ? payload.roles.map(String) : [],
          isService: payload.idtyp === 'app',
          channel: typeof payload.channel === 'string' ? (payload.channel as Channel) : undefined,
          actingService:
            payload.act && typeof payload.act === 'object' ? String((payload.act as { sub: unknown }).sub) : undefined,
          expiresAt: typeof payload.exp === 'number' ? new Date(payload.exp * 1000) : undefined,
        };
      } catch {
        throw unauthenticated('The token is not valid (bad signature, expired, or not for this API).');
      }
    },
  };
}

async function loadOrCreateKey(keyFile?: string): Promise<{ privateKey: CryptoKey; publicKey: CryptoKey }> {
  if (keyFile && existsSync(keyFile)) {
    const jwk = JSON.parse(readFileSync(keyFile, 'utf8')) as JWK;
    const { d: _private, ...publicJwk } = jwk;
    return {
      privateKey: (await importJWK(jwk, 'ES256')) as CryptoKey,
      publicKey: (await importJWK(publicJwk, 'ES256')) as CryptoKey,
    };
  }
  const pair = await generateKeyPair('ES256', { extractable: true });
  if (keyFile) {
    mkdirSync(path.dirname(keyFile), { recursive: true });
    writeFileSync(keyFile, JSON.stringify(await exportJWK(pair.privateKey)), { mode: 0o600 });
  }
  return pair;
}
