import { ConfidentialClientApplication, type INetworkModule } from '@azure/msal-node';
import { CallerIdConstants, ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import {
  AuthenticationConstants, AuthenticationError, BotFrameworkAuthentication, MsalServiceClientCredentialsFactory, PasswordServiceClientCredentialFactory,
  type AuthenticateRequestResult, type ClaimsIdentity, type ConnectorFactory, type UserTokenClient,
} from 'botframework-connector';
import type { Activity } from 'botbuilder';

export interface TeamsCredentials {
  /** The Entra app (client) id of the bot; unset turns authentication off (the local emulator path only). */
  appId?: string;
  appPassword?: string;
  /** Instead of a password: a certificate registered on the app (PEM private key and its SHA-1 thumbprint). */
  certificate?: { thumbprint: string; privateKey: string };
  /** The bot's home tenant; required for single-tenant bots, whose tokens come from that tenant. */
  tenantId?: string;
  appType?: 'MultiTenant' | 'SingleTenant';
  /**
   * Another OpenID metadata document for the tokens the Bot Connector signs (and the emulator's):
   * tests point it at a loopback fake so the real validation runs.
   */
  openIdMetadataUrl?: string;
  /** MSAL's HTTP client for the outbound token (tests, egress proxies). */
  msalNetworkClient?: INetworkModule;
}

/**
 * Bot Framework authentication from the configuration: inbound activities are
 * validated (issuer, audience = app id, serviceUrl claim, signing key and its
 * `msteams` endorsement) whenever an app id is set; outbound calls carry a
 * client-credentials token MSAL gets from Entra ID for the app.
 */
export function createBotFrameworkAuthentication(credentials: TeamsCredentials): BotFrameworkAuthentication {
  const appId = credentials.appId ?? '';
  const tenantId = credentials.appType === 'SingleTenant' ? credentials.tenantId : undefined;
  if (credentials.appType === 'SingleTenant' && !tenantId) throw new Error('A single-tenant bot needs its tenant id');
  // Overriding any one endpoint makes the SDK take every endpoint from the options: all are given, Microsoft's own but the metadata.
  const endpoints = credentials.openIdMetadataUrl
    ? {
        ToChannelFromBotLoginUrl: AuthenticationConstants.ToChannelFromBotLoginUrl,
        ToChannelFromBotOAuthScope: AuthenticationConstants.ToChannelFromBotOAuthScope,
        ToBotFromChannelTokenIssuer: AuthenticationConstants.ToBotFromChannelTokenIssuer,
        OAuthUrl: AuthenticationConstants.OAuthUrl,
        ToBotFromChannelOpenIdMetadataUrl: credentials.openIdMetadataUrl,
        ToBotFromEmulatorOpenIdMetadataUrl: credentials.openIdMetadataUrl,
        CallerId: CallerIdConstants.PublicAzureChannel,
      }
    : {};
  return new RefusingBadSignatures(new ConfigurationBotFrameworkAuthentication(
    { MicrosoftAppId: appId, MicrosoftAppTenantId: tenantId, MicrosoftAppType: credentials.appType ?? 'MultiTenant', ...endpoints },
    credentialsFactory(appId, credentials, tenantId),
  ));
}

// jsonwebtoken's own errors (bad signature, malformed token, not yet valid).
const tokenErrors = new Set(['JsonWebTokenError', 'NotBeforeError', 'TokenExpiredError']);

/**
 * The SDK rethrows a token whose signature does not verify as a plain error, which
 * CloudAdapter answers with 500; a forged token is the caller's fault, so it is a 401 here.
 */
class RefusingBadSignatures extends BotFrameworkAuthentication {
  constructor(private readonly inner: BotFrameworkAuthentication) {
    super();
  }
  private static async refusing<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (tokenErrors.has((error as Error).name)) throw new AuthenticationError(`Unauthorized. ${(error as Error).message}`, 401);
      throw error;
    }
  }
  override authenticateRequest(activity: Activity, authHeader: string): Promise<AuthenticateRequestResult> {
    return RefusingBadSignatures.refusing(() => this.inner.authenticateRequest(activity, authHeader));
  }
  override authenticateStreamingRequest(authHeader: string, channelIdHeader: string): Promise<AuthenticateRequestResult> {
    return RefusingBadSignatures.refusing(() => this.inner.authenticateStreamingRequest(authHeader, channelIdHeader));
  }
  override authenticateChannelRequest(authHeader: string): Promise<ClaimsIdentity> {
    return RefusingBadSignatures.refusing(() => this.inner.authenticateChannelRequest(authHeader));
  }
  override createConnectorFactory(claimsIdentity: ClaimsIdentity): ConnectorFactory {
    return this.inner.createConnectorFactory(claimsIdentity);
  }
  override createUserTokenClient(claimsIdentity: ClaimsIdentity): Promise<UserTokenClient> {
    return this.inner.createUserTokenClient(claimsIdentity);
  }
  override createBotFrameworkClient() {
    return this.inner.createBotFrameworkClient();
  }
  override getOriginatingAudience(): string {
    return this.inner.getOriginatingAudience();
  }
}

function credentialsFactory(appId: string, credentials: TeamsCredentials, tenantId: string | undefined) {
  // Without an app id nothing is signed or checked; the password factory says so to the SDK.
  if (!appId) return new PasswordServiceClientCredentialFactory('', '');
  if (!credentials.appPassword && !credentials.certificate) throw new Error('The bot needs MICROSOFT_APP_PASSWORD or a certificate with its app id');
  const application = new ConfidentialClientApplication({
    auth: {
      clientId: appId,
      authority: `https://login.microsoftonline.com/${tenantId ?? 'botframework.com'}`,
      ...(credentials.certificate ? { clientCertificate: credentials.certificate } : { clientSecret: credentials.appPassword }),
    },
    ...(credentials.msalNetworkClient ? { system: { networkClient: credentials.msalNetworkClient } } : {}),
  });
  // botframework-connector carries its own copy of msal-node; the client is the same API.
  return new MsalServiceClientCredentialsFactory(appId, application as unknown as ConstructorParameters<typeof MsalServiceClientCredentialsFactory>[1]);
}
