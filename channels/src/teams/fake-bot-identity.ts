import { createServer, type IncomingMessage, type Server } from 'node:http';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';

/** Who signs what the Bot Connector sends to a bot (Microsoft's public cloud values). */
export const botFrameworkIssuer = 'https://api.botframework.com';
const loginHost = 'https://login.microsoftonline.com';

export interface FakeBotIdentity {
  /** The OpenID metadata document the bot should trust instead of Microsoft's. */
  openIdMetadataUrl: string;
  baseUrl: string;
  /** A Bot Connector JWT for an activity: signed by the published key unless `key` says otherwise. */
  sign(options: { appId: string; serviceUrl: string; key?: 'published' | 'unpublished'; issuer?: string; expiresInSeconds?: number }): Promise<string>;
  /** Client-credential token requests the bot made (MSAL's form posts). */
  tokenRequests: URLSearchParams[];
  /** Access tokens handed out, so a fake connector can check them. */
  issuedTokens: Set<string>;
  /** MSAL's network hook: its calls to login.microsoftonline.com reach this loopback server instead. */
  msalNetworkClient: {
    sendGetRequestAsync<T>(url: string, options?: { headers?: Record<string, string> }): Promise<{ headers: Record<string, string>; body: T; status: number }>;
    sendPostRequestAsync<T>(url: string, options?: { headers?: Record<string, string>; body?: string }): Promise<{ headers: Record<string, string>; body: T; status: number }>;
  };
  close(): Promise<void>;
}

async function rsaKey(kid: string) {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const jwk: JWK = { ...(await exportJWK(publicKey)), kid, use: 'sig', alg: 'RS256' };
  return { privateKey: privateKey as CryptoKey, jwk };
}

const readBody = (request: IncomingMessage) =>
  new Promise<string>((resolve) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => resolve(body));
  });

/**
 * Microsoft's identity side of the Bot Framework on loopback: the OpenID
 * metadata and keys the Bot Connector signs activities with (endorsed for
 * `msteams`), and Entra ID's instance discovery, tenant metadata and token
 * endpoint that MSAL asks for the bot's outbound token. The real validation in
 * botframework-connector and the real MSAL client run against it.
 */
export async function startFakeBotIdentity(options: { clientSecret?: string } = {}): Promise<FakeBotIdentity> {
  const published = await rsaKey('bot-connector-key-1');
  const unpublished = await rsaKey('bot-connector-key-1');
  const tokenRequests: URLSearchParams[] = [];
  const issuedTokens = new Set<string>();
  let baseUrl = '';

  const answer = (status: number, body: unknown) => ({ status, body });
  async function route(method: string, path: string, body: string): Promise<{ status: number; body: unknown }> {
    if (method === 'GET' && path === '/v1/.well-known/openidconfiguration') {
      return answer(200, { issuer: botFrameworkIssuer, jwks_uri: `${baseUrl}/v1/.well-known/keys`, id_token_signing_alg_values_supported: ['RS256'], token_endpoint_auth_methods_supported: ['private_key_jwt'] });
    }
    if (method === 'GET' && path === '/v1/.well-known/keys') {
      return answer(200, { keys: [{ ...published.jwk, endorsements: ['msteams', 'emulator'] }] });
    }
    if (method === 'GET' && path.startsWith('/common/discovery/instance')) {
      return answer(200, {
        tenant_discovery_endpoint: `${loginHost}/{tenant}/v2.0/.well-known/openid-configuration`,
        'api-version': '1.1',
        metadata: [{ preferred_network: 'login.microsoftonline.com', preferred_cache: 'login.windows.net', aliases: ['login.microsoftonline.com', 'login.windows.net'] }],
      });
    }
    const tenantMetadata = /^\/([^/]+)\/v2\.0\/\.well-known\/openid-configuration/.exec(path);
    if (method === 'GET' && tenantMetadata) {
      const tenant = tenantMetadata[1];
      return answer(200, {
        token_endpoint: `${loginHost}/${tenant}/oauth2/v2.0/token`,
        authorization_endpoint: `${loginHost}/${tenant}/oauth2/v2.0/authorize`,
        issuer: `${loginHost}/${tenant}/v2.0`,
        jwks_uri: `${loginHost}/${tenant}/discovery/v2.0/keys`,
        end_session_endpoint: `${loginHost}/${tenant}/oauth2/v2.0/logout`,
      });
    }
    if (method === 'POST' && /^\/[^/]+\/oauth2\/v2\.0\/token/.test(path)) {
      const form = new URLSearchParams(body);
      tokenRequests.push(form);
      if (options.clientSecret && form.get('client_secret') !== options.clientSecret) {
        return answer(401, { error: 'invalid_client', error_description: 'AADSTS7000215: Invalid client secret provided.' });
      }
      const token = `bot-outbound-token-${tokenRequests.length}`;
      issuedTokens.add(token);
      return answer(200, { token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599, access_token: token });
    }
    return answer(404, { error: 'not_found' });
  }

  const server: Server = createServer(async (request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const { status, body } = await route(request.method ?? 'GET', url.pathname + url.search, await readBody(request));
    response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}`;

  const local = (url: string) => (url.startsWith(loginHost) ? `${baseUrl}${url.slice(loginHost.length)}` : url);
  async function relay<T>(method: 'GET' | 'POST', url: string, init: { headers?: Record<string, string>; body?: string } = {}) {
    const response = await fetch(local(url), { method, headers: init.headers, body: init.body });
    return { headers: Object.fromEntries(response.headers), body: (await response.json()) as T, status: response.status };
  }

  return {
    baseUrl,
    openIdMetadataUrl: `${baseUrl}/v1/.well-known/openidconfiguration`,
    tokenRequests,
    issuedTokens,
    msalNetworkClient: {
      sendGetRequestAsync: (url, init) => relay('GET', url, init),
      sendPostRequestAsync: (url, init) => relay('POST', url, init),
    },
    async sign({ appId, serviceUrl, key = 'published', issuer = botFrameworkIssuer, expiresInSeconds = 600 }) {
      const signer = key === 'published' ? published : unpublished;
      return new SignJWT({ serviceurl: serviceUrl, nbf: Math.floor(Date.now() / 1000) - 5 })
        .setProtectedHeader({ alg: 'RS256', kid: signer.jwk.kid!, typ: 'JWT' })
        .setIssuer(issuer)
        .setAudience(appId)
        .setIssuedAt()
        .setExpirationTime(Math.floor(Date.now() / 1000) + expiresInSeconds)
        .sign(signer.privateKey);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
