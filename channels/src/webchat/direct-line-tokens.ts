import { randomBytes } from 'node:crypto';
import { SignJWT, jwtVerify, errors } from 'jose';

/** What a Direct Line token grants: one conversation, for one user, until it expires. */
export interface ConversationGrant {
  conversationId: string;
  /** Only the id: the token travels in URLs and browsers, so it carries no name. */
  userId: string;
  /** The language the page asked for, the assistant's first guess. */
  locale?: string;
}

export interface IssuedToken {
  token: string;
  expiresIn: number;
}

export type TokenCheck =
  | { ok: true; grant: ConversationGrant; expiresAt: number }
  | { ok: false; reason: 'expired' | 'invalid' };

const audience = 'consulta:directline';
// Tokens checked lately, so a conversation's every POST does not verify its signature again
// (WebCrypto's HMAC runs as an async job, a noticeable part of a message's cost). Bounded.
const verifiedKept = 5_000;

/**
 * Direct Line tokens: signed (HS256, key derived from DIRECTLINE_SECRET),
 * scoped to one conversation and one user, short-lived. Any replica that knows
 * the secret checks them; a replica keeps the tokens it verified lately only
 * to skip verifying them again (their expiry is checked every time).
 */
export function createTokenIssuer(options: { secret: string; ttlSeconds?: number; now?: () => number }) {
  const key = new TextEncoder().encode(`directline-token:${options.secret}`);
  const ttl = options.ttlSeconds ?? 1800;
  const now = options.now ?? Date.now;
  const verified = new Map<string, { grant: ConversationGrant; expiresAt: number }>();

  return {
    ttlSeconds: ttl,

    async issue(grant: ConversationGrant): Promise<IssuedToken> {
      const issuedAt = Math.floor(now() / 1000);
      const token = await new SignJWT({ conv: grant.conversationId, locale: grant.locale })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(grant.userId)
        .setAudience(audience)
        .setIssuedAt(issuedAt)
        // Two tokens for the same grant in the same second still differ.
        .setJti(randomBytes(9).toString('base64url'))
        .setExpirationTime(issuedAt + ttl)
        .sign(key);
      return { token, expiresIn: ttl };
    },

    async check(token: string): Promise<TokenCheck> {
      const known = verified.get(token);
      if (known) {
        if (known.expiresAt > now()) return { ok: true, grant: known.grant, expiresAt: known.expiresAt };
        verified.delete(token);
        return { ok: false, reason: 'expired' };
      }
      try {
        const { payload } = await jwtVerify(token, key, { audience, algorithms: ['HS256'], currentDate: new Date(now()) });
        if (typeof payload.conv !== 'string' || typeof payload.sub !== 'string') return { ok: false, reason: 'invalid' };
        const checked = {
          expiresAt: (payload.exp ?? 0) * 1000,
          grant: {
            conversationId: payload.conv,
            userId: payload.sub,
            locale: typeof payload.locale === 'string' ? payload.locale : undefined,
          },
        };
        if (verified.size >= verifiedKept) verified.delete(verified.keys().next().value!);
        verified.set(token, checked);
        return { ok: true, ...checked };
      } catch (error) {
        return { ok: false, reason: error instanceof errors.JWTExpired ? 'expired' : 'invalid' };
      }
    },
  };
}

export type TokenIssuer = ReturnType<typeof createTokenIssuer>;

export const newConversationId = () => randomBytes(12).toString('base64url');
/** A visitor nobody has told us about: a fresh id per conversation. */
export const anonymousUserId = () => `dl_${randomBytes(9).toString('base64url')}`;
