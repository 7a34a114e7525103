import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Clock } from '../../platform/clock';
import { ConfigError, type Config } from '../../platform/config';
import type { Database } from '../../platform/database/open-database';
import { fieldCipherFromConfig, type FieldCipher } from '../../platform/field-encryption';
import { routeRateLimit } from '../../platform/http-hardening';
import { authentication, createTokenAuthenticator, type TokenAuthenticator } from './authentication';
import { createAuditLog, type AuditLog } from './audit-log';
import { auditRoutes } from './audit-routes';
import { createChannelIdentities, type ChannelIdentities } from './channel-identities';
import { channelIdentityRoutes } from './channel-identity-routes';
import { consentRoutes } from './consent-routes';
import { createConsents, type Consents } from './consents';
import { createContacts, type Contacts } from './contacts';
import { createCoreApiIssuer } from './core-api-issuer';
import { sealPlaintextDatesOfBirth } from './date-of-birth-sealing';
import { createDevIssuer, type DevIssuer } from './dev-issuer';
import { createEntraAccountLinker } from './entra-account-linking';
import { createEntraVerifier } from './entra-verifier';
import { createIdentityPersonalData } from './identity-personal-data';
import { identityRoutes } from './identity-routes';
import { checkContributors, type PersonalDataContributor } from './personal-data';
import { personalDataRoutes } from './personal-data-routes';
import { createPersonalDataService } from './personal-data-service';
import type { TokenVerifier } from './principal';
import { createProfileService } from './profile-service';
import { tokenExchangeRoutes } from './token-exchange-routes';
import { createUsersRepository, type UsersRepository } from './users-repository';
import { verificationRoutes } from './verification-routes';
import { createVerifications, type VerificationCodeSender } from './verifications';

export type IdentityConfig = Pick<
  Config,
  | 'AUTH_MODE' | 'NODE_ENV' | 'ENTRA_TENANT_IDS' | 'ENTRA_AUDIENCE' | 'ENTRA_JWKS_URL' | 'ENTRA_AUTHORITY_HOST'
  | 'ENTRA_CLOCK_TOLERANCE_SECONDS' | 'TOKEN_SIGNING_KEY' | 'FIELD_ENCRYPTION_KEYS' | 'RATE_LIMIT_AUTH_MAX' | 'RATE_LIMIT_WINDOW_SECONDS'
>;

export interface IdentityModuleOptions {
  database: Database;
  clock: Clock;
  config: IdentityConfig;
  /** Where the dev issuer keeps its key; unset keeps it in memory. */
  devIssuerKeyFile?: string;
  /** Where the generated field encryption key lives without FIELD_ENCRYPTION_KEYS; unset keeps it in memory. */
  fieldKeyFile?: string;
  /** Further verifiers, for tests or other identity providers. */
  verifiers?: TokenVerifier[];
  /** The other modules' parts of GDPR export and erasure. */
  contributors?: PersonalDataContributor[];
  /** Keys the hashes of one-time codes; the same on every replica (a code checked on another one must match). */
  verificationSecret?: string;
  /** Sends one-time codes (the notifications module); without it verification answers 503. */
  sendVerificationCode?: VerificationCodeSender;
  /** Wakes the outbox relay after an erasure, whose contributors may have written events. */
  onEventsWritten?: () => void;
}

/** The identity module's services, for the other modules to call. */
export interface IdentityServices {
  users: UsersRepository;
  /** Contact cards (addresses and consents in one read), for the notifications module. */
  contacts: Contacts;
  audit: AuditLog;
  channelIdentities: ChannelIdentities;
  consents: Consents;
  /** Seals sensitive fields at rest; other modules use it for their own. */
  fieldCipher: FieldCipher;
  devIssuer?: DevIssuer;
  /** The token verification of HTTP requests, for the chat socket (its token comes in the query or subprotocol). */
  authenticate: TokenAuthenticator;
}

/**
 * Registers authentication for every route of the enclosing context and the
 * identity routes; answers the services other modules depend on.
 */
export async function registerIdentityModule(app: FastifyInstance, options: IdentityModuleOptions): Promise<IdentityServices> {
  const { database, clock, config } = options;
  const pool = database.pool;
  const fieldCipher = fieldCipherFromConfig(config, options.fieldKeyFile);
  await sealPlaintextDatesOfBirth(pool, fieldCipher);

  const users = createUsersRepository(pool, fieldCipher);
  const audit = createAuditLog({ database: pool, clock });
  const channelIdentities = createChannelIdentities({ pool, cipher: fieldCipher, audit, clock });
  const consents = createConsents({ database: pool, clock });
  const profiles = createProfileService({ pool, clock, cipher: fieldCipher, users, audit });
  const identityData = createIdentityPersonalData({ pool, users, channelIdentities, consents });
  // Identity erases last, so the other modules can still read the user row while they erase.
  const contributors = checkContributors([...(options.contributors ?? []), identityData]);
  const personalData = createPersonalDataService({ pool, clock, users, audit, contributors, onEventsWritten: options.onEventsWritten });

  const devIssuer = config.AUTH_MODE === 'dev' ? await createDevIssuer({ keyFile: options.devIssuerKeyFile, clock }) : undefined;
  const coreApiIssuer =
    config.AUTH_MODE === 'entra'
      ? await createCoreApiIssuer({ signingKey: config.TOKEN_SIGNING_KEY, production: config.NODE_ENV === 'production', clock })
      : undefined;
  const verifiers = [...(devIssuer ? [devIssuer] : []), ...(coreApiIssuer ? [coreApiIssuer] : []), ...entraVerifiers(config, clock), ...(options.verifiers ?? [])];

  const authenticationRateLimit = routeRateLimit({
    max: config.RATE_LIMIT_AUTH_MAX,
    windowSeconds: config.RATE_LIMIT_WINDOW_SECONDS,
    keyOf: (request) => (request.principal?.kind === 'service' ? `service:${request.principal.serviceId}` : undefined),
  });
  const authenticate = createTokenAuthenticator({ verifiers, users, linkUser: createEntraAccountLinker(pool), now: () => clock.now() });
  await app.register(authentication, { authenticate });
  await app.register(identityRoutes, { users, audit, profiles, devIssuer, authenticationRateLimit });
  await app.register(tokenExchangeRoutes, {
    users,
    channelIdentities,
    audit,
    issuer: (devIssuer ?? coreApiIssuer)!,
    authenticationRateLimit,
  });
  await app.register(channelIdentityRoutes, { users, channelIdentities, audit });
  const verifications = createVerifications({
    pool, clock, audit, channelIdentities, secret: options.verificationSecret ?? randomBytes(32).toString('hex'), send: options.sendVerificationCode,
  });
  await app.register(verificationRoutes, { verifications });
  await app.register(consentRoutes, { consents, audit });
  await app.register(personalDataRoutes, { personalData });
  await app.register(auditRoutes, { database: pool, audit });
  return { users, contacts: createContacts(pool), audit, channelIdentities, consents, fieldCipher, devIssuer, authenticate };
}

function entraVerifiers(config: IdentityConfig, clock: Clock): TokenVerifier[] {
  if (config.AUTH_MODE !== 'entra') return [];
  if (!config.ENTRA_TENANT_IDS || !config.ENTRA_AUDIENCE) {
    if (config.NODE_ENV !== 'production') return [];
    const missing = config.ENTRA_TENANT_IDS ? 'ENTRA_AUDIENCE' : 'ENTRA_TENANT_IDS';
    throw new ConfigError(missing, `Invalid configuration: ${missing}: required with AUTH_MODE=entra in production`);
  }
  return [
    createEntraVerifier({
      tenantIds: config.ENTRA_TENANT_IDS.split(','),
      audiences: config.ENTRA_AUDIENCE.split(',').map((audience) => audience.trim()),
      clock,
      authorityHost: config.ENTRA_AUTHORITY_HOST,
      jwksUrl: config.ENTRA_JWKS_URL,
      clockToleranceSeconds: config.ENTRA_CLOCK_TOLERANCE_SECONDS,
    }),
  ];
}
