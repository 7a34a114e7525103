import { randomBytes } from 'node:crypto';
import { createSigner, createVerifier } from 'fast-jwt';

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
// Tokens checked lately, so a conversation's every POST does not verify its signature again. Bounded.
const verifiedKept = 5_000;

/**
 * Direct Line tokens: signed (HS256, key derived from DIRECTLINE_SECRET),
 * scoped to one conversation and one user, short-lived. Any replica that knows
 * the secret checks them; a replica keeps the tokens it verified lately only
 * to skip verifying them again (their expiry is checked every time).
 *
 * fast-jwt rather than jose (which core-api uses): every conversation signs two
 * tokens and checks two, and jose's WebCrypto HMAC costs about 0.4 ms of CPU
 * per sign and check against 0.02 ms for node:crypto's, a tenth of what the
 * transport adds to a message. The expiry is checked here, on the injected clock.
 */
export function createTokenIssuer(options: { secret: string; ttlSeconds?: number; now?: () => number }) {
  const key = `directline-token:${options.secret}`;
  const ttl = options.ttlSeconds ?? 1800;
  const now = options.now ?? Date.now;
  const verified = new Map<string, { grant: ConversationGrant; expiresAt: number }>();
  // iat and exp come from the injected clock (the signer keeps a given iat); expiry is checked below.
  const sign = createSigner({ key, algorithm: 'HS256' });
  // fast-jwt checks the audience only of a token that names one: it must name ours.
  const verify = createVerifier({
    key, algorithms: ['HS256'], allowedAud: audience, requiredClaims: ['aud', 'sub', 'conv', 'exp'], ignoreExpiration: true, ignoreNotBefore: true, cache: false,
  });

  return {
    ttlSeconds: ttl,

    async issue(grant: ConversationGrant): Promise<IssuedToken> {
      const issuedAt = Math.floor(now() / 1000);
      const token = sign({
        conv: grant.conversationId,
        ...(grant.locale ? { locale: grant.locale } : {}),
        sub: grant.userId,
        aud: audience,
        iat: issuedAt,
        exp: issuedAt + ttl,
        // Two tokens for the same grant in the same second still differ.
        jti: randomBytes(9).toString('base64url'),
      });
      return { token, expiresIn: ttl };
    },

    async check(token: string): Promise<TokenCheck> {
      const known = verified.get(token);
      if (known) {
        if (known.expiresAt > now()) return { ok: true, grant: known.grant, expiresAt: known.expiresAt };
        verified.delete(token);
        return { ok: false, reason: 'expired' };
      }
      let payload: Record<string, unknown>;
      try {
        payload = verify(token) as Record<string, unknown>;
      } catch {
        return { ok: false, reason: 'invalid' };
      }
      if (typeof payload.conv !== 'string' || typeof payload.sub !== 'string' || typeof payload.exp !== 'number') return { ok: false, reason: 'invalid' };
      const expiresAt = payload.exp * 1000;
      if (expiresAt <= now()) return { ok: false, reason: 'expired' };
      const checked = {
        expiresAt,
        grant: { conversationId: payload.conv, userId: payload.sub, locale: typeof payload.locale === 'string' ? payload.locale : undefined },
      };
      if (verified.size >= verifiedKept) verified.delete(verified.keys().next().value!);
      verified.set(token, checked);
      return { ok: true, ...checked };
    },
  };
}

export type TokenIssuer = ReturnType<typeof createTokenIssuer>;

export const newConversationId = () => randomBytes(12).toString('base64url');
/** A visitor nobody has told us about: a fresh id per conversation. */
export const anonymousUserId = () => `dl_${randomBytes(9).toString('base64url')}`;
