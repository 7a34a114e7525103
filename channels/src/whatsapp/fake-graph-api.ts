import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { graphMessageProblem } from './fake-graph-validation';

export interface FakeGraphRequest {
  method: string;
  path: string;
  /** The Authorization header as sent ("Bearer …"). */
  authorization: string | undefined;
  contentType: string | undefined;
  /** The parsed JSON body, or the raw text when it was not JSON. */
  body: unknown;
}

export interface FakeWhatsappMessage {
  /** The wamid the fake answered with. */
  id: string;
  /** As sent: the digits of the recipient's number. */
  to: string;
  type: 'text' | 'interactive' | 'template';
  /** The whole JSON body the Cloud API was sent. */
  body: Record<string, unknown>;
}

export interface FakeGraphApi {
  /** The `graphBaseUrl` for the channel: `http://127.0.0.1:port`. */
  baseUrl: string;
  requests: FakeGraphRequest[];
  /** Messages the Cloud API accepted, in order. */
  messages: FakeWhatsappMessage[];
  /** Refuses the next `count` sends with this HTTP status and Graph error code (e.g. 400 and 130429, throttled). */
  failNext(count: number, status: number, code: number): void;
  close(): Promise<void>;
}

/**
 * The Cloud API's messages endpoint on loopback, speaking its wire format:
 * `POST /{version}/{phone-number-id}/messages` with a Bearer token and a JSON
 * body in; `{ messaging_product, contacts, messages: [{ id }] }` or the Graph
 * error body out. It checks WhatsApp's limits on what it is sent and records
 * every request.
 */
export async function startFakeGraphApi(account: {
  accessToken: string;
  phoneNumberId: string;
}): Promise<FakeGraphApi> {
  const requests: FakeGraphRequest[] = [];
  const messages: FakeWhatsappMessage[] = [];
  let failures = { count: 0, status: 400, code: 130429 };

  const server = createServer((request, response) => {
    void readBody(request).then((raw) => answer(request, response, raw));
  });

  function answer(request: IncomingMessage, response: ServerResponse, raw: string) {
    const path = (request.url ?? '').split('?')[0]!;
    let body: unknown = raw;
    try {
      body = JSON.parse(raw);
    } catch {
      // Kept as text: a non-JSON body is refused below like any malformed one.
    }
    requests.push({
      method: request.method ?? '',
      path,
      authorization: request.headers.authorization,
      contentType: request.headers['content-type'],
      body,
    });

    const match = /^\/(v\d+\.\d+)\/([^/]+)\/messages$/.exec(path);
    if (request.method !== 'POST' || !match)
      return error(response, 400, 100, 'Unknown path components', 2500);
    if (request.headers.authorization !== `Bearer ${account.accessToken}`)
      return error(response, 401, 190, 'Invalid OAuth access token - Cannot parse access token');
    if (match[2] !== account.phoneNumberId)
      return error(
        response,
        400,
        100,
        `Unsupported post request. Object with ID '${match[2]}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.`,
        33,
      );
    if (failures.count > 0) {
      failures = { ...failures, count: failures.count - 1 };
      return error(response, failures.status, failures.code, 'Temporarily unavailable, try again later');
    }
    const problem = graphMessageProblem(body);
    if (problem) return error(response, 400, problem.code, problem.message, undefined, problem.details);

    const message = body as Record<string, unknown> & { to: string; type: FakeWhatsappMessage['type'] };
    const sent: FakeWhatsappMessage = {
      id: `wamid.${randomBytes(24).toString('base64url')}`,
      to: message.to,
      type: message.type,
      body: message,
    };
    messages.push(sent);
    json(response, 200, {
      messaging_product: 'whatsapp',
      contacts: [{ input: message.to, wa_id: message.to.replace(/^\+/, '') }],
      messages: [{ id: sent.id, ...(message.type === 'template' ? { message_status: 'accepted' } : {}) }],
    });
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    messages,
    failNext(count, status, code) {
      failures = { count, status, code };
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
  response.writeHead(status, { 'content-type': 'application/json; charset=UTF-8' });
  response.end(JSON.stringify(body));
}

function error(
  response: ServerResponse,
  status: number,
  code: number,
  message: string,
  subcode?: number,
  details?: string,
) {
  json(response, status, {
    error: {
      message,
      // The Graph API types nearly every refusal so, not only token errors.
      type: 'OAuthException',
      code,
      ...(subcode === undefined ? {} : { error_subcode: subcode }),
      ...(details ? { error_data: { messaging_product: 'whatsapp', details } } : {}),
      fbtrace_id: randomBytes(9).toString('base64url'),
    },
  });
}
