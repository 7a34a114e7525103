import type { FastifyRequest } from 'fastify';
import twilio from 'twilio';
import { ChannelError } from '../channel-error';

export type FormParams = Record<string, string | string[] | undefined>;

/**
 * Checks `X-Twilio-Signature` as Twilio computed it: over the URL it called,
 * which behind a proxy is the public one from configuration (`publicUrl` plus
 * the path and query as received), and the form parameters.
 */
export function twilioSignatureCheck(options: { authToken: string; publicUrl: string }) {
  const base = options.publicUrl.replace(/\/+$/, '');
  return async (request: FastifyRequest) => {
    const signature = request.headers['x-twilio-signature'];
    if (typeof signature !== 'string' || signature.length === 0) {
      throw new ChannelError(400, 'missing_signature', 'The X-Twilio-Signature header is required.');
    }
    const params = (request.body ?? {}) as FormParams;
    if (!twilio.validateRequest(options.authToken, signature, `${base}${request.url}`, params)) {
      throw new ChannelError(403, 'invalid_signature', 'The X-Twilio-Signature does not match this request.');
    }
  };
}
