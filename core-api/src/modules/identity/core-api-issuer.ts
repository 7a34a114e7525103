import { SignJWT, generateKeyPair, importJWK, jwtVerify, type CryptoKey, type JWK, type KeyObject } from 'jose';
import { ConfigError } from '../../platform/config';
import { unauthenticated } from '../../platform/errors';
import type { Clock } from '../../platform/clock';
import type { Channel, TokenVerifier, VerifiedToken } from './principal';

export const coreApiIssuerName = 'urn:consulta:core-api';
export const coreApiAudience = 'api://consulta';

export interface UserTokenClaims {
  subject: string;
  channel: Channel;
  actingService: string;
  ttlSeconds: number;
}

/** Signs the short-lived user tokens of the token exchange; the dev issuer does the same in dev mode. */
export interface UserTokenIssuer {
  sign(claims: UserTokenClaims): Promise<string>;
}

export interface CoreApiIssuer extends UserTokenIssuer, TokenVerifier {}

/**
 * core-api's own issuer for entra mode: Entra cannot mint a token for a patient
 * who only has a phone number, so core-api signs exchanged user tokens itself
 * with TOKEN_SIGNING_KEY (a private JWK: EC P-256, RSA or Ed25519) and accepts
 * them back. Without the key (outside production) a key is generated in memory,
 * so its tokens end with the process.
 */
export async function createCoreApiIssuer(options: { signingKey?: string; production: boolean; clock: Clock }): Promise<CoreApiIssuer> {
  const { privateKey, publicKey, algorithm, keyId } = await loadKey(options);
  const { clock } = options;
  return {
    async sign(claims) {
      const issuedAt = Math.floor(clock.now().getTime() / 1000);
      return new SignJWT({ channel: claims.channel, act: { sub: claims.actingService } })
        .setProtectedHeader({ alg: algorithm, kid: keyId })
        .setIssuer(coreApiIssuerName)
        .setAudience(coreApiAudience)
        .setSubject(claims.subject)
        .setIssuedAt(issuedAt)
        .setExpirationTime(issuedAt + claims.ttlSeconds)
        .sign(privateKey);
    },
    async verify(token): Promise<VerifiedToken> {
      try {
        const { payload } = await jwtVerify(token, publicKey, {
          issuer: coreApiIssuerName,
          audience: coreApiAudience,
          algorithms: [algorithm],
          currentDate: clock.now(),
          requiredClaims: ['exp', 'sub', 'act'],
        });
        const act = payload.act as { sub?: unknown } | undefined;
        return {
          issuer: 'core-api',
          subject: String(payload.sub),
          appRoles: [],
          isService: false,
          channel: typeof payload.channel === 'string' ? (payload.channel as Channel) : undefined,
          actingService: act && typeof act.sub === 'string' ? act.sub : undefined,
          expiresAt: typeof payload.exp === 'number' ? new Date(payload.exp * 1000) : undefined,
        };
      } catch {
        throw unauthenticated('The token is not valid (bad signature, expired, or not for this API).');
      }
    },
  };
}

type Key = CryptoKey | KeyObject | Uint8Array;

async function loadKey(options: { signingKey?: string; production: boolean }): Promise<{
  privateKey: Key;
  publicKey: Key;
  algorithm: string;
  keyId: string;
}> {
  if (!options.signingKey) {
    if (options.production) {
      throw new ConfigError('TOKEN_SIGNING_KEY', 'Invalid configuration: TOKEN_SIGNING_KEY: required with AUTH_MODE=entra in production');
    }
    const pair = await generateKeyPair('ES256');
    return { ...pair, algorithm: 'ES256', keyId: 'core-api-ephemeral' };
  }
  let jwk: JWK;
  try {
    jwk = JSON.parse(options.signingKey) as JWK;
  } catch {
    throw new ConfigError('TOKEN_SIGNING_KEY', 'Invalid configuration: TOKEN_SIGNING_KEY: must be a private JWK as JSON');
  }
  const algorithm = jwk.alg ?? algorithmOf(jwk);
  if (!jwk.d || !algorithm) {
    throw new ConfigError('TOKEN_SIGNING_KEY', 'Invalid configuration: TOKEN_SIGNING_KEY: must be a private EC P-256, RSA or Ed25519 JWK');
  }
  const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...publicJwk } = jwk;
  return {
    privateKey: await importJWK(jwk, algorithm),
    publicKey: await importJWK(publicJwk, algorithm),
    algorithm,
    keyId: jwk.kid ?? 'core-api-1',
  };
}

function algorithmOf(jwk: JWK): string | undefined {
  if (jwk.kty === 'EC' && jwk.crv === 'P-256') return 'ES256';
  if (jwk.kty === 'RSA') return 'RS256';
  if (jwk.kty === 'OKP' && jwk.crv === 'Ed25519') return 'EdDSA';
  return undefined;
}
