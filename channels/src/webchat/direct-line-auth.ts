import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { ChannelError } from '../channel-error';
import type { ConversationGrant, TokenIssuer } from './direct-line-tokens';

/** Who is calling: the holder of the Direct Line secret (a trusted server) or a token's user in its one conversation. */
export type DirectLineCaller = { kind: 'secret' } | { kind: 'token'; grant: ConversationGrant; token: string };

const digest = (value: string) => createHash('sha256').update(value).digest();

export function bearerOf(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (!header?.startsWith('Bearer ')) return undefined;
  return header.slice('Bearer '.length).trim() || undefined;
}

/**
 * Direct Line answers 403 to a missing, wrong or expired credential (the
 * client library takes 403 as "get a new token"), and a token only opens the
 * conversation it was made for.
 */
export function createDirectLineAuth(options: { secret: string; tokens: TokenIssuer }) {
  const secretDigest = digest(options.secret);
  const isSecret = (credential: string) => timingSafeEqual(digest(credential), secretDigest);

  async function caller(credential: string | undefined): Promise<DirectLineCaller> {
    if (!credential) throw new ChannelError(403, 'missing_credentials', 'Send the Direct Line secret or a token as a Bearer credential.');
    if (isSecret(credential)) return { kind: 'secret' };
    const checked = await options.tokens.check(credential);
    if (!checked.ok) {
      throw checked.reason === 'expired'
        ? new ChannelError(403, 'token_expired', 'The Direct Line token has expired; get a new one.')
        : new ChannelError(403, 'invalid_token', 'The Direct Line credential is not valid.');
    }
    return { kind: 'token', grant: checked.grant, token: credential };
  }

  return {
    isSecret,
    caller,
    /** The caller, who must be allowed into `conversationId`. */
    async callerFor(credential: string | undefined, conversationId: string): Promise<DirectLineCaller> {
      const found = await caller(credential);
      if (found.kind === 'token' && found.grant.conversationId !== conversationId) {
        throw new ChannelError(403, 'wrong_conversation', 'This token belongs to another conversation.');
      }
      return found;
    },
  };
}

export type DirectLineAuth = ReturnType<typeof createDirectLineAuth>;
