import type { INetworkModule } from '@azure/msal-node';
import { describe, expect, it } from 'vitest';
import { entraServiceToken } from './service-token';

const tenantId = '11111111-2222-3333-4444-555555555555';
const authority = `https://login.microsoftonline.com/${tenantId}`;

/**
 * Entra ID's endpoints as MSAL reaches them (OpenID metadata, instance
 * discovery, the v2 token endpoint), answered in-process through MSAL's own
 * network client hook: the real library does the protocol.
 */
function fakeEntra() {
  const tokenRequests: URLSearchParams[] = [];
  const respond = <T>(body: unknown, status = 200) => ({ headers: { 'content-type': 'application/json' }, body: body as T, status });
  const client: INetworkModule = {
    async sendGetRequestAsync<T>(url: string) {
      if (url.includes('/discovery/instance')) {
        return respond<T>({
          tenant_discovery_endpoint: `${authority}/v2.0/.well-known/openid-configuration`,
          'api-version': '1.1',
          metadata: [{ preferred_network: 'login.microsoftonline.com', preferred_cache: 'login.windows.net', aliases: ['login.microsoftonline.com', 'login.windows.net'] }],
        });
      }
      if (url.includes('openid-configuration')) {
        return respond<T>({
          token_endpoint: `${authority}/oauth2/v2.0/token`,
          authorization_endpoint: `${authority}/oauth2/v2.0/authorize`,
          issuer: `https://login.microsoftonline.com/${tenantId}/v2.0`,
          jwks_uri: `${authority}/discovery/v2.0/keys`,
          end_session_endpoint: `${authority}/oauth2/v2.0/logout`,
        });
      }
      return respond<T>({ error: 'not_found' }, 404);
    },
    async sendPostRequestAsync<T>(url: string, options?: { body?: string }) {
      if (!url.startsWith(`${authority}/oauth2/v2.0/token`)) return respond<T>({ error: 'not_found' }, 404);
      const form = new URLSearchParams(options?.body ?? '');
      tokenRequests.push(form);
      if (form.get('client_secret') !== 'right-secret') {
        return respond<T>({ error: 'invalid_client', error_description: 'AADSTS7000215: Invalid client secret provided.' }, 401);
      }
      return respond<T>({ token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599, access_token: `app-token-${tokenRequests.length}` });
    },
  };
  return { client, tokenRequests };
}

describe('the assistant’s service token from Entra ID', () => {
  it('asks for a client-credentials token for the core-api scope and reuses it while valid', async () => {
    const entra = fakeEntra();
    const token = entraServiceToken({ tenantId, clientId: 'bot-client-id', clientSecret: 'right-secret', scope: 'api://consulta/.default', networkClient: entra.client });
    expect(await token()).toBe('app-token-1');
    expect(await token()).toBe('app-token-1');
    expect(entra.tokenRequests).toHaveLength(1);
    const form = entra.tokenRequests[0]!;
    expect(form.get('grant_type')).toBe('client_credentials');
    expect(form.get('client_id')).toBe('bot-client-id');
    expect(form.get('scope')).toContain('api://consulta/.default');
  });

  it('fails clearly with a wrong secret', async () => {
    const entra = fakeEntra();
    const token = entraServiceToken({ tenantId, clientId: 'bot-client-id', clientSecret: 'wrong', scope: 'api://consulta/.default', networkClient: entra.client });
    await expect(token()).rejects.toThrow(/invalid_client/);
  });
});
