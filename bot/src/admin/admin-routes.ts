import { existsSync } from 'node:fs';
import path from 'node:path';
import type { FastifyPluginAsync } from 'fastify';
import fastifyCookie from '@fastify/cookie';
import fastifyCsrf from '@fastify/csrf-protection';
import fastifyStatic from '@fastify/static';
import { createCoreApiClient, unwrap } from '@consulta/core-api/client';
import { AdminError, createSessionCookies, csrfCookie } from './admin-session';
import { apiProxy } from './admin-api-proxy';
import { sessionRoutes } from './admin-session-routes';
import type { EntraSignIn } from './entra-sign-in';
import { createSealer } from './session-seal';
import type { EvalRunLauncher } from './eval-run-launcher';
import { evalRunRoutes } from './eval-run-routes';
import { playgroundRoutes, type PlaygroundAssistant } from './playground-routes';
import { createPromptVersionReader } from './prompt-version-reader';

export interface AdminRoutesOptions {
  /** Signs and seals the admin cookies. */
  sessionSecret: string;
  /** Mark cookies Secure (the app is reached over https). */
  secureCookies: boolean;
  coreApi: { baseUrl: string; fetch?: typeof fetch };
  /** AUTH_MODE=dev: sign in as a seed professional or admin. */
  dev: boolean;
  entra?: EntraSignIn;
  /** The built UI (admin-ui/dist). */
  uiDirectory: string;
  /** The prompt files shipped with the app (version 0 of each prompt), shown to admins. */
  shippedPrompts: () => Array<{ promptId: string; purpose: 'patient' | 'professional'; domain: string; locale: string; body: string }>;
  /** The prompt playground's assistant, made on first use. */
  playground?: () => Promise<PlaygroundAssistant>;
  /** Starts and lists eval runs. */
  evalRuns?: EvalRunLauncher;
  now?: () => number;
}

// Fluent UI (Griffel) writes its styles into <style> elements at run time; scripts come only from this origin.
export const adminPagePolicy = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "object-src 'none'",
].join('; ');

/**
 * The admin UI at /admin: the built single-page app, the session (dev picker
 * or Entra ID), and `/admin/api/v1/*`, which forwards to core-api with the
 * session's token.
 */
export const adminRoutes: FastifyPluginAsync<AdminRoutesOptions> = async (app, options) => {
  const now = options.now ?? Date.now;
  const secure = options.secureCookies;
  await app.register(fastifyCookie, { secret: options.sessionSecret });
  await app.register(fastifyCsrf, {
    sessionPlugin: '@fastify/cookie',
    cookieKey: csrfCookie,
    cookieOpts: { path: '/admin', httpOnly: true, sameSite: 'lax', secure, signed: true },
    getToken: (request) => request.headers['x-csrf-token'] as string | undefined,
  });
  const cookies = createSessionCookies({ sealer: createSealer(options.sessionSecret, 'admin-session'), secure, now });
  const api = createCoreApiClient(options.coreApi);

  sessionRoutes(app, { cookies, signInSealer: createSealer(options.sessionSecret, 'admin-signin'), secure, api, dev: options.dev, entra: options.entra, now });

  app.get('/admin/prompts/shipped', async (request) => {
    const session = cookies.require(request);
    if (session.user.role !== 'admin') throw new AdminError(403, 'admins_only', 'Only admins manage prompts.');
    return options.shippedPrompts();
  });

  const readVersion = createPromptVersionReader({
    coreApi: options.coreApi,
    shipped: () => options.shippedPrompts().map(({ promptId, purpose, domain, locale, body }) => ({ id: promptId, purpose, domain, locale, body })),
  });
  if (options.playground) playgroundRoutes(app, { cookies, playground: options.playground, readVersion, dev: options.dev });
  if (options.evalRuns) evalRunRoutes(app, { cookies, launcher: options.evalRuns, readVersion });

  await app.register(async (proxy) =>
    apiProxy(proxy, {
      cookies,
      coreApi: options.coreApi,
      now,
      // A dev token is reissued by the dev issuer; an Entra session ends with its token (signing in again is one click with SSO).
      renew: options.dev
        ? async (session) => {
            if (session.via !== 'dev') return undefined;
            const { token, expiresIn } = await unwrap(api.POST('/api/v1/dev/token', { body: { userId: session.user.id } }));
            return { ...session, token, expiresAt: now() + expiresIn * 1000 };
          }
        : undefined,
    }),
  );

  await serveUi(app, options.uiDirectory);
};

async function serveUi(app: Parameters<FastifyPluginAsync>[0], uiDirectory: string): Promise<void> {
  app.get('/admin', async (_request, reply) => reply.redirect('/admin/', 302));
  if (!existsSync(path.join(uiDirectory, 'index.html'))) {
    app.get('/admin/*', async (_request, reply) =>
      reply.status(503).send({ code: 'page_not_built', message: 'The admin UI is not built: run `npm run build:admin` (npm start does it).' }),
    );
    return;
  }
  await app.register(fastifyStatic, {
    root: uiDirectory,
    prefix: '/admin/',
    index: 'index.html',
    wildcard: false,
    setHeaders: (response, filePath) => {
      response.header('content-security-policy', adminPagePolicy);
      response.header('x-content-type-options', 'nosniff');
      // Hashed assets never change; the page itself must be fetched again to pick up a new build.
      response.header('cache-control', filePath.includes(`${path.sep}assets${path.sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
  // The app's own routes (/admin/approvals, /admin/prompts/…) are the page; a missing asset stays a 404.
  app.get('/admin/*', async (request, reply) => {
    if (/\.[a-z0-9]+$/i.test(request.url.split('?')[0]!)) {
      return reply.status(404).send({ code: 'route_not_found', message: `No file ${request.url.split('?')[0]}.` });
    }
    return reply.sendFile('index.html');
  });
}
