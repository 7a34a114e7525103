import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import type pg from 'pg';
import type { TurnHandler } from '../turn';
import { startFakeBotConnector, type FakeBotConnector } from './fake-bot-connector';
import { startFakeBotIdentity, type FakeBotIdentity } from './fake-bot-identity';
import { createTeamsChannel, type TeamsChannel, type TeamsChannelOptions } from './teams-channel';

export const testBotAppId = '6f1d7c1a-0000-4000-8000-00000000b0a7';
export const testBotPassword = 'test-bot-app-password';
export const testTenantId = '72f988bf-0000-4000-8000-0000000000aa';

/** A Teams user as the roster knows them: the 29: id the bot sees, the Entra object id, the UPN. */
export interface TestTeamsUser {
  id: string;
  aadObjectId: string;
  userPrincipalName: string;
  name: string;
}

export const teamsUser = (n: number, userPrincipalName: string, name = 'Test User'): TestTeamsUser => ({
  id: `29:teams-user-${n}`,
  aadObjectId: `0f6a1c1e-3b0d-4c55-9a43-${String(n).padStart(12, '0')}`,
  userPrincipalName,
  name,
});

/** An activity as the Bot Connector posts it for a user's personal chat with the bot. */
export function teamsActivity(connector: FakeBotConnector, user: TestTeamsUser, fields: Record<string, unknown>) {
  return {
    id: `f:${randomUUID()}`,
    channelId: 'msteams',
    serviceUrl: connector.serviceUrl,
    timestamp: new Date().toISOString(),
    locale: 'en-US',
    from: { id: user.id, name: user.name, aadObjectId: user.aadObjectId },
    recipient: { id: `28:${testBotAppId}`, name: 'Consulta' },
    conversation: { id: `a:personal-${user.aadObjectId}`, conversationType: 'personal', tenantId: testTenantId },
    channelData: { tenant: { id: testTenantId } },
    ...fields,
  };
}

export interface TeamsTestServer {
  app: FastifyInstance;
  channel: TeamsChannel;
  connector: FakeBotConnector;
  identity: FakeBotIdentity;
  /** Whether the bot has an app id (authentication on) in this server. */
  authenticated: boolean;
  /** Posts an activity to /api/messages, signed by the fake Bot Connector when authentication is on (or as told). */
  post(activity: object, options?: { authorization?: string | null; token?: Parameters<FakeBotIdentity['sign']>[0] }): Promise<Response>;
  close(): Promise<void>;
}

/**
 * The Teams channel on a real port, with the Bot Connector and Microsoft's
 * identity endpoints faked on loopback. With `authenticated`, the bot has an
 * app id and password: inbound tokens are checked against the fake OpenID
 * metadata, and outbound calls carry a token MSAL got from the fake Entra ID.
 */
export async function startTeamsTestServer(options: {
  pool: pg.Pool;
  handleTurn: TurnHandler;
  authenticated: boolean;
  linkUser?: TeamsChannelOptions['linkUser'];
  cardAction?: TeamsChannelOptions['cardAction'];
  app?: FastifyInstance;
}): Promise<TeamsTestServer> {
  const identity = await startFakeBotIdentity({ clientSecret: testBotPassword });
  const connector = await startFakeBotConnector(
    options.authenticated ? { requireToken: (authorization) => identity.issuedTokens.has(authorization?.replace(/^Bearer /, '') ?? '') } : {},
  );
  const app = options.app ?? Fastify({ logger: false });
  const channel = await createTeamsChannel({
    pool: options.pool,
    log: app.log,
    handleTurn: options.handleTurn,
    linkUser: options.linkUser ?? (async () => null),
    cardAction: options.cardAction ?? (async () => ({ type: 'AdaptiveCard', version: '1.5', body: [] })),
    ...(options.authenticated
      ? { appId: testBotAppId, appPassword: testBotPassword, openIdMetadataUrl: identity.openIdMetadataUrl, msalNetworkClient: identity.msalNetworkClient }
      : {}),
  });
  await app.register(channel.routes, channel.routeOptions);
  if (!options.app) await app.listen({ host: '127.0.0.1', port: 0 });
  const local = options.app ? undefined : `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;

  const post: TeamsTestServer['post'] = async (activity, postOptions = {}) => {
    let authorization = postOptions.authorization;
    if (authorization === undefined && options.authenticated) {
      authorization = `Bearer ${await identity.sign({ appId: testBotAppId, serviceUrl: connector.serviceUrl, ...postOptions.token })}`;
    }
    const headers = { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) };
    if (local) return fetch(`${local}/api/messages`, { method: 'POST', headers, body: JSON.stringify(activity) });
    const injected = await app.inject({ method: 'POST', url: '/api/messages', headers, payload: JSON.stringify(activity) });
    return new Response(injected.body || null, { status: injected.statusCode, headers: { 'content-type': String(injected.headers['content-type'] ?? 'application/json') } });
  };

  return {
    app,
    channel,
    connector,
    identity,
    authenticated: options.authenticated,
    post,
    async close() {
      await channel.close();
      if (!options.app) await app.close();
      await connector.close();
      await identity.close();
    },
  };
}
