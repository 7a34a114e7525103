import Fastify, { type FastifyInstance } from 'fastify';
import type pg from 'pg';
import twilio from 'twilio';
import type { TurnHandler } from '../turn';
import { startFakeTwilioApi, type FakeTwilioApi } from './fake-twilio-api';
import { createSmsChannel, type SmsChannel, type SmsChannelOptions, type SmsConsent } from './sms-channel';

export const testAccount = { accountSid: `AC${'1'.repeat(32)}`, authToken: 'test-twilio-auth-token' };
export const clinicNumber = '+34910000000';

/** Consent as the identity module would keep it, in memory, with what was recorded. */
export function createFakeConsent(): SmsConsent & {
  optedOut: Set<string>;
  recorded: Array<{ phone: string; keyword: 'stop' | 'start' }>;
} {
  const optedOut = new Set<string>();
  const recorded: Array<{ phone: string; keyword: 'stop' | 'start' }> = [];
  return {
    optedOut,
    recorded,
    async record(phone, keyword) {
      recorded.push({ phone, keyword });
      if (keyword === 'stop') optedOut.add(phone);
      else optedOut.delete(phone);
    },
    async isOptedOut(phone) {
      return optedOut.has(phone);
    },
  };
}

export interface SmsTestServer {
  app: FastifyInstance;
  channel: SmsChannel;
  twilioApi: FakeTwilioApi;
  consent: ReturnType<typeof createFakeConsent>;
  publicUrl: string;
  /** Where the server really listens: `http://127.0.0.1:port`. */
  local: string;
  /** Every log line the channel and Fastify wrote. */
  logs: string[];
  /** Posts a form to the local server, signed as Twilio would sign it for the public URL (or with the given signature; `null` for none). */
  post(
    path: string,
    params: Record<string, string>,
    options?: { signature?: string | null; signedUrl?: string },
  ): Promise<Response>;
  /** An incoming SMS webhook; resolves once the channel has acknowledged it. */
  inbound(from: string, body: string, messageSid?: string): Promise<Response>;
  status(sid: string, status: string, extra?: Record<string, string>): Promise<Response>;
  /** Bodies of the messages Twilio was asked to send to a number. */
  sentTo(phone: string): string[];
  close(): Promise<void>;
}

let sequence = 0;
export const newMessageSid = () =>
  `SM${(Date.now() * 1000 + (sequence += 1)).toString(16).padStart(32, '0')}`;

/** The channel on a real port behind a public URL it is told about, with Twilio's REST API faked on another. */
export async function startSmsTestServer(options: {
  pool: pg.Pool;
  handleTurn: TurnHandler;
  publicUrl?: string;
  overrides?: Partial<SmsChannelOptions>;
}): Promise<SmsTestServer> {
  const publicUrl = options.publicUrl ?? 'https://consulta.example.org';
  const twilioApi = await startFakeTwilioApi(testAccount);
  const consent = createFakeConsent();
  const logs: string[] = [];
  const app = Fastify({
    logger: { level: 'debug', stream: { write: (line: string) => void logs.push(line) } },
  });
  const channel = await createSmsChannel({
    pool: options.pool,
    handleTurn: options.handleTurn,
    consent,
    log: app.log,
    publicUrl,
    ...testAccount,
    fromNumber: clinicNumber,
    apiBaseUrl: twilioApi.baseUrl,
    retryDelaysMs: [10, 20],
    ...options.overrides,
  });
  await app.register(channel.routes, channel.routeOptions);
  await app.listen({ host: '127.0.0.1', port: 0 });
  const local = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  const base = publicUrl.replace(/\/+$/, '');

  const post: SmsTestServer['post'] = (path, params, postOptions = {}) => {
    const signature =
      postOptions.signature === undefined
        ? twilio.getExpectedTwilioSignature(
            testAccount.authToken,
            postOptions.signedUrl ?? `${base}${path}`,
            params,
          )
        : postOptions.signature;
    return fetch(`${local}${path}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        ...(signature === null ? {} : { 'x-twilio-signature': signature }),
      },
      body: new URLSearchParams(params).toString(),
    });
  };

  return {
    app,
    channel,
    twilioApi,
    consent,
    publicUrl,
    local,
    logs,
    post,
    inbound: (from, body, messageSid = newMessageSid()) =>
      post('/channels/sms', {
        ToCountry: 'ES',
        SmsMessageSid: messageSid,
        NumMedia: '0',
        SmsSid: messageSid,
        SmsStatus: 'received',
        Body: body,
        To: clinicNumber,
        NumSegments: '1',
        MessageSid: messageSid,
        AccountSid: testAccount.accountSid,
        From: from,
        ApiVersion: '2010-04-01',
      }),
    status: (sid, status, extra = {}) =>
      post('/channels/sms/status', {
        SmsSid: sid,
        SmsStatus: status,
        MessageStatus: status,
        MessageSid: sid,
        AccountSid: testAccount.accountSid,
        From: clinicNumber,
        ApiVersion: '2010-04-01',
        ...extra,
      }),
    sentTo: (phone) =>
      twilioApi.messages.filter((message) => message.to === phone).map((message) => message.body),
    async close() {
      await channel.close();
      await app.close();
      await twilioApi.close();
    },
  };
}
