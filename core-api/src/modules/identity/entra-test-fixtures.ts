import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT, exportJWK, generateKeyPair, type CryptoKey, type JWTPayload } from 'jose';

export const tenantId = '11111111-2222-3333-4444-555555555555';
export const otherTenantId = '99999999-8888-7777-6666-555555555555';
export const audience = 'api://consulta-test';

interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
  publicJwk: Record<string, unknown>;
}

/**
 * A stand-in for Entra's key endpoint on 127.0.0.1 that signs tokens the way
 * Entra does (RS256, `kid` in the header), and can rotate its key.
 */
export interface FakeEntra {
  /** JWKS URL with a `{tenantId}` placeholder, as ENTRA_JWKS_URL takes it. */
  jwksUrl: string;
  fetches: number;
  sign(claims: JWTPayload, options?: { issuedAt?: Date; ttlSeconds?: number; key?: 'current' | 'stranger'; tenant?: string; v1?: boolean; issuer?: string; audience?: string }): Promise<string>;
  rotate(): Promise<void>;
  close(): Promise<void>;
}

async function newKey(kid: string): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  return { kid, privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' } };
}

export async function startFakeEntra(now: Date): Promise<FakeEntra> {
  let current = await newKey('key-1');
  const stranger = await newKey('key-unpublished');
  let generation = 1;
  const state = { fetches: 0 };
  const server: Server = createServer((request, response) => {
    state.fetches += 1;
    response.setHeader('content-type', 'application/json');
    response.end(JSON.stringify({ keys: [current.publicJwk] }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    jwksUrl: `http://127.0.0.1:${port}/{tenantId}/discovery/v2.0/keys`,
    get fetches() {
      return state.fetches;
    },
    async sign(claims, options = {}) {
      const tenant = options.tenant ?? tenantId;
      const key = options.key === 'stranger' ? stranger : current;
      const issuedAt = Math.floor((options.issuedAt ?? now).getTime() / 1000);
      return new SignJWT({ tid: tenant, ...claims })
        .setProtectedHeader({ alg: 'RS256', kid: key.kid, typ: 'JWT' })
        .setIssuer(options.issuer ?? (options.v1 ? `https://sts.windows.net/${tenant}/` : `https://login.microsoftonline.com/${tenant}/v2.0`))
        .setAudience(options.audience ?? audience)
        .setIssuedAt(issuedAt)
        .setNotBefore(issuedAt)
        .setExpirationTime(issuedAt + (options.ttlSeconds ?? 3600))
        .sign(key.privateKey);
    },
    async rotate() {
      generation += 1;
      current = await newKey(`key-${generation}`);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** An unsigned token (`alg: none`), which no verifier may accept. */
export function unsignedToken(claims: JWTPayload): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'none', typ: 'JWT' })}.${part(claims)}.`;
}
