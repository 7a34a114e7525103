import type { FastifyInstance } from 'fastify';
import type { Clock } from '../../platform/clock';
import type { Database } from '../../platform/database/open-database';
import { authentication } from './authentication';
import { createAuditLog, type AuditLog } from './audit-log';
import { createDevIssuer, type DevIssuer } from './dev-issuer';
import { identityRoutes } from './identity-routes';
import type { TokenVerifier } from './principal';
import { createUsersRepository, type UsersRepository } from './users-repository';

export interface IdentityModuleOptions {
  database: Database;
  clock: Clock;
  authMode: 'dev' | 'entra';
  /** Where the dev issuer keeps its key; unset keeps it in memory. */
  devIssuerKeyFile?: string;
  /** Further verifiers (Entra ID) in production. */
  verifiers?: TokenVerifier[];
}

/** The identity module's services, for the other modules to call. */
export interface IdentityServices {
  users: UsersRepository;
  audit: AuditLog;
  devIssuer?: DevIssuer;
}

/**
 * Registers authentication for every route of the enclosing context and the
 * identity routes; answers the services other modules depend on.
 */
export async function registerIdentityModule(app: FastifyInstance, options: IdentityModuleOptions): Promise<IdentityServices> {
  const users = createUsersRepository(options.database.pool);
  const audit = createAuditLog({ database: options.database.pool, clock: options.clock });
  const devIssuer =
    options.authMode === 'dev' ? await createDevIssuer({ keyFile: options.devIssuerKeyFile, clock: options.clock }) : undefined;
  const verifiers = [...(devIssuer ? [devIssuer] : []), ...(options.verifiers ?? [])];
  await app.register(authentication, { verifiers, users });
  await app.register(identityRoutes, { users, audit, devIssuer });
  return { users, audit, devIssuer };
}
