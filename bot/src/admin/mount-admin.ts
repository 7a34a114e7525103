import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type pg from 'pg';
import type { INetworkModule } from '@azure/msal-node';
import { loadOrCreateSecret, type Config } from '@consulta/core-api';
import type { BotConfig } from '../bot-config';
import { loadPromptLibrary } from '../assistant/prompt-library';
import { entraAppSettings, loadAdminConfig, type AdminConfig } from './admin-config';
import { adminRoutes } from './admin-routes';
import { createEntraSignIn } from './entra-sign-in';
import { createEvalRunLauncher } from './eval-run-launcher';
import { playgroundOverride, type PlaygroundAssistant } from './playground-routes';
import type { Assistant, AssistantDependencies } from '../assistant/assistant';

export const adminUiDirectory = path.resolve(import.meta.dirname, '../../../admin-ui/dist');

/**
 * The admin UI at `/admin`. In AUTH_MODE=dev it offers the seed professionals
 * and admins and makes a session key under DATA_DIR when none is configured;
 * otherwise ADMIN_SESSION_SECRET is required, and Entra sign-in is on when its
 * app is configured. With a pool it starts eval runs; with an assistant
 * factory it serves the prompt playground.
 */
export async function mountAdmin(
  app: FastifyInstance,
  context: {
    config: Config;
    botConfig: BotConfig;
    coreApi: { baseUrl: string; fetch?: typeof fetch };
    /** Read from the environment when not given. */
    adminConfig?: AdminConfig;
    /** MSAL's HTTP client (tests, outbound proxies). */
    entraNetworkClient?: INetworkModule;
    /** Builds the prompt playground's assistant (on first use), with the playground's prompt override. */
    playgroundAssistant?: (promptOverride: NonNullable<AssistantDependencies['promptOverride']>) => Promise<Assistant>;
    /** Where eval runs started from the admin are stored (the app's database). */
    pool?: pg.Pool;
  },
): Promise<void> {
  const { config, botConfig } = context;
  const adminConfig = context.adminConfig ?? loadAdminConfig(process.env);
  const devMode = config.AUTH_MODE === 'dev';
  const sessionSecret =
    adminConfig.ADMIN_SESSION_SECRET ??
    (devMode
      ? loadOrCreateSecret(config.NODE_ENV === 'test' ? undefined : path.join(config.DATA_DIR, 'admin-session-secret'))
      : missing('ADMIN_SESSION_SECRET'));
  const entra = entraAppSettings(adminConfig);
  const https = [botConfig.PUBLIC_URL, entra?.redirectUri].some((url) => url?.startsWith('https:'));
  const prompts = loadPromptLibrary();
  const overrides: PlaygroundAssistant['overrides'] = new Map();
  let playground: Promise<PlaygroundAssistant> | undefined;
  const makeAssistant = context.playgroundAssistant;
  const evalRuns = context.pool ? createEvalRunLauncher({ pool: context.pool, env: { ...process.env, EVALS_DATABASE_URL: botConfig.EVALS_DATABASE_URL } }) : undefined;
  if (evalRuns) app.addHook('onClose', () => evalRuns.close());
  await app.register(adminRoutes, {
    sessionSecret,
    secureCookies: https || config.NODE_ENV === 'production',
    coreApi: context.coreApi,
    dev: devMode,
    entra: entra ? createEntraSignIn({ ...entra, networkClient: context.entraNetworkClient }) : undefined,
    uiDirectory: adminUiDirectory,
    playground: makeAssistant && (() => (playground ??= makeAssistant(playgroundOverride(overrides)).then((assistant) => ({ assistant, overrides })))),
    evalRuns,
    shippedPrompts: () => prompts.all().map(({ id, purpose, domain, locale, body }) => ({ promptId: id, purpose, domain, locale, body })),
  });
}

function missing(name: string): never {
  throw new Error(`${name} is required when AUTH_MODE is not dev`);
}
