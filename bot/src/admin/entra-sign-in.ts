import { ConfidentialClientApplication, CryptoProvider, type INetworkModule } from '@azure/msal-node';
import type { EntraAppSettings } from './admin-config';

/** What the browser's round trip to Entra must bring back: kept sealed in a short-lived cookie. */
export interface PendingSignIn {
  state: string;
  nonce: string;
  codeVerifier: string;
}

export interface EntraSignIn {
  /** The authority's authorisation URL (code flow with PKCE) and what the callback needs to redeem it. */
  start(): Promise<{ url: string; pending: PendingSignIn }>;
  /** Redeems the code for an access token to core-api (the verifier proves this server started the flow). */
  redeem(input: { code: string; state: string; pending: PendingSignIn }): Promise<{ accessToken: string; expiresAt: number }>;
}

/**
 * Signs professionals and admins in with Microsoft Entra ID through MSAL:
 * authorisation code with PKCE, a state against cross-site requests and a
 * nonce bound to the ID token. MSAL does the protocol; tests give it a fake
 * network client.
 *
 * @example
 * const entra = createEntraSignIn({ clientId, clientSecret, tenantId, redirectUri, scope, authorityHost: 'https://login.microsoftonline.com' });
 * const { url, pending } = await entra.start();
 */
export function createEntraSignIn(settings: EntraAppSettings & { networkClient?: INetworkModule }): EntraSignIn {
  const application = new ConfidentialClientApplication({
    auth: { clientId: settings.clientId, clientSecret: settings.clientSecret, authority: `${settings.authorityHost}/${settings.tenantId}` },
    ...(settings.networkClient ? { system: { networkClient: settings.networkClient } } : {}),
  });
  const crypto = new CryptoProvider();
  const scopes = [settings.scope];
  return {
    async start() {
      const { verifier, challenge } = await crypto.generatePkceCodes();
      const pending = { state: crypto.createNewGuid(), nonce: crypto.createNewGuid(), codeVerifier: verifier };
      const url = await application.getAuthCodeUrl({
        scopes,
        redirectUri: settings.redirectUri,
        codeChallenge: challenge,
        codeChallengeMethod: 'S256',
        state: pending.state,
        nonce: pending.nonce,
        responseMode: 'query',
        prompt: 'select_account',
      });
      return { url, pending };
    },
    async redeem({ code, state, pending }) {
      const result = await application.acquireTokenByCode(
        { scopes, redirectUri: settings.redirectUri, code, codeVerifier: pending.codeVerifier, state: pending.state, nonce: pending.nonce },
        { code, state },
      );
      if (!result?.accessToken) throw new Error('Entra ID answered no access token');
      return { accessToken: result.accessToken, expiresAt: (result.expiresOn ?? new Date(Date.now() + 3_600_000)).getTime() };
    },
  };
}
