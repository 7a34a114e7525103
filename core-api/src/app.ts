import type { FastifyPluginAsync } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { Config } from './platform/config';
import type { Clock } from './platform/clock';
import type { Database } from './platform/database/open-database';
import type { JobQueue } from './platform/queue/job-queue';
import { installErrorHandler } from './platform/http-errors';
import { registerIdentityModule } from './modules/identity/identity-module';

/** What core-api needs from the process that hosts it; everything is passed in. */
export interface CoreApiDependencies {
  config: Config;
  database: Database;
  queue: JobQueue;
  clock: Clock;
  /** Where the dev issuer (AUTH_MODE=dev) keeps its signing key; unset keeps it in memory. */
  devIssuerKeyFile?: string;
}

export const apiVersion = '0.1.0';

/**
 * The core-api as one Fastify plugin, mounted under `/api/v1` by whichever
 * process hosts it (the bot server in the embedded default, or its own server).
 *
 * @example
 * await app.register(coreApi, { prefix: '/api/v1', ...runtime, config });
 */
export const coreApi: FastifyPluginAsync<CoreApiDependencies> = async (app, dependencies) => {
  installErrorHandler(app);
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Consulta core API',
        version: apiVersion,
        description: 'Appointments, availability, identity and the other domain services behind the Consulta assistant.',
      },
      components: {
        securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      },
      security: [{ bearer: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  const { config, database, clock } = dependencies;
  await registerIdentityModule(app, {
    database,
    clock,
    authMode: config.AUTH_MODE,
    devIssuerKeyFile: dependencies.devIssuerKeyFile,
  });
};
