import { ConfidentialClientApplication, type INetworkModule } from '@azure/msal-node';
import type { CoreApiClient } from '@consulta/core-api/client';
import { unwrap } from '@consulta/core-api/client';

export const actAsAppRole = 'Assistant.ActAs';

/** The bot's own token, as a service (client credentials). */
export type ServiceTokenProvider = () => Promise<string>;

/**
 * In AUTH_MODE=dev the bot asks the dev issuer for a service token holding
 * `Assistant.ActAs`; tokens are reused until shortly before they expire.
 */
export function devServiceToken(api: CoreApiClient, serviceId = 'consulta-assistant'): ServiceTokenProvider {
  let cached: { token: string; until: number } | undefined;
  return async () => {
    if (cached && cached.until > Date.now()) return cached.token;
    const { token, expiresIn } = await unwrap(
      api.POST('/api/v1/dev/token', { body: { userId: serviceId, service: true, appRoles: [actAsAppRole] } }),
    );
    cached = { token, until: Date.now() + (expiresIn - 60) * 1000 };
    return token;
  };
}

/**
 * In production the bot signs in to Entra ID as an application (MSAL client
 * credentials); the app registration grants it the `Assistant.ActAs` role on
 * core-api's app. MSAL caches and renews the token.
 */
export function entraServiceToken(options: {
  tenantId: string; clientId: string; clientSecret: string; scope: string; authorityHost?: string;
  /** MSAL's HTTP client; tests and outbound proxies pass their own. */
  networkClient?: INetworkModule;
}): ServiceTokenProvider {
  const application = new ConfidentialClientApplication({
    auth: {
      clientId: options.clientId,
      clientSecret: options.clientSecret,
      authority: `${options.authorityHost ?? 'https://login.microsoftonline.com'}/${options.tenantId}`,
    },
    ...(options.networkClient ? { system: { networkClient: options.networkClient } } : {}),
  });
  return async () => {
    const result = await application.acquireTokenByClientCredential({ scopes: [options.scope] });
    if (!result?.accessToken) throw new Error('Entra ID gave the assistant no access token');
    return result.accessToken;
  };
}

/** Exchanges a channel identity for a short-lived token of that user. */
export async function exchangeForUserToken(api: CoreApiClient, serviceToken: string, channel: string, externalId: string) {
  const { data, error, response } = await api.POST('/api/v1/auth/token-exchange', {
    body: { channel: channel as 'webchat', externalId },
    headers: { authorization: `Bearer ${serviceToken}` },
  });
  if (response.status === 404) return null;
  if (!response.ok || !data) throw new Error(`token exchange failed: ${(error as { code?: string } | undefined)?.code ?? response.status}`);
  return data;
}
