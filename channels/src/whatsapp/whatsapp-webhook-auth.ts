import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { ChannelError } from '../channel-error';
import type { VerificationQuery } from './whatsapp-routes';

/** `sha256=` and the hex HMAC-SHA256 of the raw body with the app secret, as Meta signs webhooks. */
export function whatsappSignature(appSecret: string, rawBody: Buffer | string): string {
  return `sha256=${createHmac('sha256', appSecret).update(rawBody).digest('hex')}`;
}

/**
 * Checks `X-Hub-Signature-256` over the bytes as received: parsed and
 * re-serialised JSON would not hash the same (Meta escapes non-ASCII as \uXXXX).
 */
export function whatsappSignatureCheck(appSecret: string) {
  return (rawBody: Buffer, header: string | string[] | undefined) => {
    if (typeof header !== 'string' || header.length === 0) {
      throw new ChannelError(400, 'missing_signature', 'The X-Hub-Signature-256 header is required.');
    }
    const expected = Buffer.from(whatsappSignature(appSecret, rawBody));
    const given = Buffer.from(header.trim().toLowerCase());
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw new ChannelError(
        403,
        'invalid_signature',
        'The X-Hub-Signature-256 does not match this request.',
      );
    }
  };
}

/**
 * Meta's subscription check: `hub.mode=subscribe` with the verify token set
 * in the app dashboard, answered with `hub.challenge`. Each challenge is
 * answered once (Meta makes a new one each time): a request replayed from a
 * proxy log gets nothing back.
 */
export function subscriptionVerifier(
  verifyToken: string,
  claimChallenge: (challenge: string) => Promise<boolean>,
) {
  return async ({ mode, token, challenge }: VerificationQuery): Promise<string> => {
    if (!mode || !token || !challenge) {
      throw new ChannelError(
        400,
        'invalid_request',
        'hub.mode, hub.verify_token and hub.challenge are required.',
      );
    }
    if (mode !== 'subscribe' || !sameSecret(token, verifyToken)) {
      throw new ChannelError(403, 'invalid_verify_token', 'The verify token does not match.');
    }
    if (challenge.length > 256) throw new ChannelError(400, 'invalid_request', 'hub.challenge is too long.');
    if (!(await claimChallenge(challenge))) {
      throw new ChannelError(403, 'replayed_challenge', 'This challenge was already answered.');
    }
    return challenge;
  };
}

// Hashed first so the comparison takes the same time whatever the lengths.
function sameSecret(given: string, expected: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(given), digest(expected));
}
