import { createHash, randomBytes } from 'node:crypto';
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
  /**
   * Keeps a file as if a patient had sent it, and answers its media id: the id a webhook's `image` or
   * `document` carries, served by `GET /{version}/{media-id}` and a download URL, as the Cloud API does.
   */
  addMedia(content: Buffer, mimeType: string): string;
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
  const media = new Map<string, { content: Buffer; mimeType: string; hash: string }>();
  let baseUrl = '';

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

    if (request.method === 'GET') return answerMedia(request, response, path);
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

  /**
   * Media the Cloud API way: the media id answers a short-lived URL (on Meta's CDN host, here the same
   * server) with type, SHA-256 (hex) and size as a string; the URL answers the bytes. Both need the token.
   */
  function answerMedia(request: IncomingMessage, response: ServerResponse, path: string) {
    if (request.headers.authorization !== `Bearer ${account.accessToken}`)
      return error(response, 401, 190, 'Invalid OAuth access token - Cannot parse access token');
    const query = new URL(request.url ?? '', 'http://fake').searchParams;
    if (path === '/whatsapp_business/attachments/') {
      const file = [...media.entries()].find(([, entry]) => entry.hash === query.get('hash'));
      if (!file || file[0] !== query.get('mid')) return error(response, 404, 100, 'Media not found');
      response.writeHead(200, { 'content-type': file[1].mimeType, 'content-length': file[1].content.length });
      return response.end(file[1].content);
    }
    const match = /^\/(v\d+\.\d+)\/(\d+)$/.exec(path);
    const file = match ? media.get(match[2]!) : undefined;
    if (!match || !file)
      return error(response, 400, 100, `Unsupported get request. Object with ID '${match?.[2] ?? path}' does not exist.`, 33);
    json(response, 200, {
      messaging_product: 'whatsapp',
      url: `${baseUrl}/whatsapp_business/attachments/?mid=${match[2]}&ext=${Math.floor(Date.now() / 1000) + 300}&hash=${file.hash}`,
      mime_type: file.mimeType,
      sha256: createHash('sha256').update(file.content).digest('hex'),
      file_size: String(file.content.length),
      id: match[2],
    });
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  baseUrl = `http://127.0.0.1:${port}`;
  return {
    baseUrl,
    requests,
    messages,
    failNext(count, status, code) {
      failures = { count, status, code };
    },
    addMedia(content, mimeType) {
      // Meta's media ids are long decimal numbers.
      const id = String(1_000_000_000_000_000n + BigInt(media.size + 1) * 7_919n);
      media.set(id, { content, mimeType, hash: randomBytes(12).toString('base64url') });
      return id;
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
