import { createServer, type IncomingMessage, type Server } from 'node:http';

export interface RecordedActivity {
  conversationId: string;
  /** The id the connector gave it (POST) or the one replaced (PUT). */
  activityId: string;
  method: 'POST' | 'PUT';
  authorization: string | undefined;
  activity: Record<string, unknown> & { type?: string; text?: string; attachments?: Array<{ contentType: string; content: unknown }> };
}

export interface TeamsMember {
  id: string;
  aadObjectId: string;
  userPrincipalName: string;
  name: string;
  email?: string;
}

export interface FakeBotConnector {
  /** The serviceUrl to put on inbound activities: every outbound call of the bot lands here. */
  serviceUrl: string;
  activities: RecordedActivity[];
  /** Proactive conversations the bot asked to create. */
  createdConversations: Array<Record<string, unknown>>;
  /** The Teams roster as `GET /v3/conversations/{id}/members/{userId}` answers it. */
  members: Map<string, TeamsMember>;
  /** Adaptive Cards sent or updated, newest last. */
  cards(): Array<{ activityId: string; method: 'POST' | 'PUT'; card: Record<string, unknown> }>;
  close(): Promise<void>;
}

const readJson = (request: IncomingMessage) =>
  new Promise<Record<string, unknown>>((resolve) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => resolve(body ? (JSON.parse(body) as Record<string, unknown>) : {}));
  });

/**
 * The Bot Connector REST API (v3) on loopback, as the bot reaches it at the
 * activity's serviceUrl: replies and proactive messages
 * (`POST /v3/conversations/{id}/activities[/{replyTo}]`), card updates
 * (`PUT …/activities/{id}`), new conversations (`POST /v3/conversations`) and
 * the member lookup Teams answers with the user's UPN. With `requireToken`,
 * calls without one of those tokens are refused with 401, as the real one does.
 */
export async function startFakeBotConnector(options: { requireToken?: (authorization: string | undefined) => boolean } = {}): Promise<FakeBotConnector> {
  const activities: RecordedActivity[] = [];
  const createdConversations: Array<Record<string, unknown>> = [];
  const members = new Map<string, TeamsMember>();
  let sequence = 0;

  const server: Server = createServer(async (request, response) => {
    const send = (status: number, body: unknown) => response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    const authorization = request.headers.authorization;
    if (options.requireToken && !options.requireToken(authorization)) return send(401, { error: { code: 'Unauthorized', message: 'Authorization has been denied for this request.' } });
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
    const body = await readJson(request);
    const member = /^\/v3\/conversations\/([^/]+)\/members\/([^/]+)$/.exec(path);
    if (request.method === 'GET' && member) {
      const found = members.get(member[2]!) ?? [...members.values()].find((candidate) => candidate.aadObjectId === member[2]);
      return found ? send(200, found) : send(404, { error: { code: 'MemberNotFoundInConversation', message: 'The member was not found.' } });
    }
    if (request.method === 'POST' && path === '/v3/conversations') {
      createdConversations.push(body);
      return send(201, { id: `a:proactive-${createdConversations.length}`, serviceUrl: '', activityId: '' });
    }
    const post = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/]+))?$/.exec(path);
    if (request.method === 'POST' && post) {
      const activityId = `activity-${(sequence += 1)}`;
      activities.push({ conversationId: post[1]!, activityId, method: 'POST', authorization, activity: body });
      return send(200, { id: activityId });
    }
    if (request.method === 'PUT' && post?.[2]) {
      activities.push({ conversationId: post[1]!, activityId: post[2], method: 'PUT', authorization, activity: body });
      return send(200, { id: post[2] });
    }
    return send(404, { error: { code: 'NotFound', message: `${request.method} ${path}` } });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const serviceUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}/`;

  return {
    serviceUrl,
    activities,
    createdConversations,
    members,
    cards: () =>
      activities.flatMap((recorded) =>
        (recorded.activity.attachments ?? [])
          .filter((attachment) => attachment.contentType === 'application/vnd.microsoft.card.adaptive')
          .map((attachment) => ({ activityId: recorded.activityId, method: recorded.method, card: attachment.content as Record<string, unknown> })),
      ),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
