import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { parse } from 'node:querystring';

export interface FakeTwilioRequest {
  method: string;
  path: string;
  /** The Basic credentials as sent, decoded ("AC…:token"). */
  credentials: string | undefined;
  contentType: string | undefined;
  form: Record<string, string>;
}

export interface FakeTwilioMessage {
  sid: string;
  to: string;
  from: string | null;
  messagingServiceSid: string | null;
  body: string;
  statusCallback: string | null;
  status: string;
}

export interface FakeTwilioApi {
  /** The `apiBaseUrl` for the channel: `http://127.0.0.1:port`. */
  baseUrl: string;
  requests: FakeTwilioRequest[];
  /** Messages Twilio accepted, in order. */
  messages: FakeTwilioMessage[];
  /** Answers the next `count` sends with this HTTP status (429, 503 …) instead of accepting them. */
  failNext(count: number, status: number): void;
  /** Numbers that texted STOP to Twilio itself: sends to them get error 21610. */
  unsubscribed: Set<string>;
  close(): Promise<void>;
}

const messagesPath = /^\/2010-04-01\/Accounts\/(AC[0-9a-zA-Z]+)\/Messages\.json$/;

/**
 * Twilio's Messages endpoint on loopback, speaking its wire format: a
 * form-encoded POST with Basic auth in, the Message resource as JSON (201)
 * or Twilio's error body out. It records what it is sent.
 */
export async function startFakeTwilioApi(account: {
  accountSid: string;
  authToken: string;
}): Promise<FakeTwilioApi> {
  const requests: FakeTwilioRequest[] = [];
  const messages: FakeTwilioMessage[] = [];
  const unsubscribed = new Set<string>();
  let failures: { count: number; status: number } = { count: 0, status: 503 };

  const server = createServer((request, response) => {
    void readBody(request).then((raw) => answer(request, response, raw));
  });

  function answer(request: IncomingMessage, response: ServerResponse, raw: string) {
    const path = (request.url ?? '').split('?')[0]!;
    const authorization = request.headers.authorization;
    const credentials = authorization?.startsWith('Basic ')
      ? Buffer.from(authorization.slice(6), 'base64').toString()
      : undefined;
    const form = Object.fromEntries(
      Object.entries(parse(raw)).map(([key, value]) => [
        key,
        Array.isArray(value) ? value.join(',') : (value ?? ''),
      ]),
    );
    requests.push({
      method: request.method ?? '',
      path,
      credentials,
      contentType: request.headers['content-type'],
      form,
    });

    const match = messagesPath.exec(path);
    if (request.method !== 'POST' || !match)
      return error(response, 404, 20404, 'The requested resource was not found');
    if (credentials !== `${account.accountSid}:${account.authToken}` || match[1] !== account.accountSid)
      return error(response, 401, 20003, 'Authenticate');
    if (failures.count > 0) {
      failures = { ...failures, count: failures.count - 1 };
      return error(response, failures.status, failures.status === 429 ? 20429 : 20500, 'Try again later');
    }
    if (!form.To) return error(response, 400, 21604, "A 'To' phone number is required.");
    if (!form.From && !form.MessagingServiceSid)
      return error(response, 400, 21603, "A 'From' phone number is required.");
    if (!form.Body) return error(response, 400, 21602, 'Message body is required.');
    if (unsubscribed.has(form.To))
      return error(response, 400, 21610, 'Attempt to send to unsubscribed recipient');

    const message: FakeTwilioMessage = {
      sid: `SM${randomBytes(16).toString('hex')}`,
      to: form.To,
      from: form.From ?? null,
      messagingServiceSid: form.MessagingServiceSid ?? null,
      body: form.Body,
      statusCallback: form.StatusCallback ?? null,
      // A Messaging Service picks the sender later: the message is "accepted" first.
      status: form.From ? 'queued' : 'accepted',
    };
    messages.push(message);
    const now = new Date().toUTCString().replace('GMT', '+0000');
    json(response, 201, {
      account_sid: account.accountSid,
      api_version: '2010-04-01',
      body: message.body,
      date_created: now,
      date_sent: null,
      date_updated: now,
      direction: 'outbound-api',
      error_code: null,
      error_message: null,
      from: message.from,
      messaging_service_sid: message.messagingServiceSid,
      num_media: '0',
      num_segments: '1',
      price: null,
      price_unit: 'USD',
      sid: message.sid,
      status: message.status,
      subresource_uris: {
        media: `/2010-04-01/Accounts/${account.accountSid}/Messages/${message.sid}/Media.json`,
      },
      to: message.to,
      uri: `/2010-04-01/Accounts/${account.accountSid}/Messages/${message.sid}.json`,
    });
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    messages,
    unsubscribed,
    failNext(count, status) {
      failures = { count, status };
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function json(response: ServerResponse, status: number, body: unknown) {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  response.end(JSON.stringify(body));
}

function error(response: ServerResponse, status: number, code: number, message: string) {
  json(response, status, { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status });
}
