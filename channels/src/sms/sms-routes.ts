import { parse } from 'node:querystring';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { ChannelError } from '../channel-error';
import type { FormParams } from './twilio-signature';

export interface InboundSms {
  messageSid: string;
  from: string;
  to: string;
  text: string;
}

export interface StatusUpdate {
  sid: string;
  status: string;
  to?: string;
  errorCode?: string;
}

export interface SmsRoutesOptions {
  /** Throws a ChannelError when the request is not Twilio's. */
  verify: (request: FastifyRequest) => Promise<void>;
  /** Stores the message (deduplicating) and queues its processing; must not wait for the reply. */
  received: (message: InboundSms) => Promise<void>;
  statusChanged: (update: StatusUpdate) => Promise<void>;
  bodyLimit?: number;
}

const formType = 'application/x-www-form-urlencoded';
const emptyTwiml = '<?xml version="1.0" encoding="UTF-8"?><Response/>';

const field = (params: FormParams, name: string) => {
  const value = params[name];
  return typeof value === 'string' ? value : undefined;
};

function required(params: FormParams, name: string): string {
  const value = field(params, name);
  if (!value) throw new ChannelError(400, 'invalid_request', `${name} is required.`);
  return value;
}

/**
 * Twilio's webhooks for the SMS channel: `POST /channels/sms` for incoming
 * messages and `POST /channels/sms/status` for delivery statuses. Register
 * without a prefix: these are the URLs configured at Twilio.
 */
export const smsRoutes: FastifyPluginAsync<SmsRoutesOptions> = async (app, options) => {
  const bodyLimit = options.bodyLimit ?? 64 * 1024;
  // Scoped to this plugin; a host that parses forms already keeps its own parser.
  if (!app.hasContentTypeParser(formType)) {
    app.addContentTypeParser(formType, { parseAs: 'string', bodyLimit }, (_request, body, done) =>
      done(null, parse(body as string)),
    );
  }

  const checked = {
    bodyLimit,
    preHandler: async (request: FastifyRequest) => {
      if (!request.headers['content-type']?.toLowerCase().startsWith(formType)) {
        throw new ChannelError(415, 'unsupported_media_type', `Twilio webhooks are ${formType}.`);
      }
      await options.verify(request);
    },
  };

  app.post('/channels/sms', checked, async (request, reply) => {
    const params = request.body as FormParams;
    await options.received({
      messageSid: required(params, 'MessageSid'),
      from: required(params, 'From'),
      to: field(params, 'To') ?? '',
      // A picture alone comes with an empty Body.
      text: field(params, 'Body') ?? '',
    });
    // Empty TwiML: the replies go out through the REST API once the turn is done.
    return reply.type('text/xml').send(emptyTwiml);
  });

  app.post('/channels/sms/status', checked, async (request, reply) => {
    const params = request.body as FormParams;
    const errorCode = field(params, 'ErrorCode');
    const to = field(params, 'To');
    await options.statusChanged({
      sid: required(params, 'MessageSid'),
      // SmsStatus is the older name Twilio still sends beside MessageStatus.
      status: (field(params, 'MessageStatus') ?? required(params, 'SmsStatus')).toLowerCase(),
      ...(to ? { to } : {}),
      ...(errorCode ? { errorCode } : {}),
    });
    return reply.code(204).send();
  });
};
