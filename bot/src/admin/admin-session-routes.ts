import type { FastifyInstance, FastifyReply } from 'fastify';
import { Type, type Static } from 'typebox';
import { CoreApiError, unwrap, type CoreApiClient } from '@consulta/core-api/client';
import { AdminError, signInCookie, type SessionCookies, type SessionUser, type StoredSession } from './admin-session';
import type { EntraSignIn, PendingSignIn } from './entra-sign-in';
import type { Sealer } from './session-seal';

export interface SessionRoutesOptions {
  cookies: SessionCookies;
  /** Seals the pending Entra sign-in (state, nonce, PKCE verifier) between /signin and the callback. */
  signInSealer: Sealer;
  secure: boolean;
  /** core-api, called without a token (dev issuer) or with the signing-in user's. */
  api: CoreApiClient;
  /** AUTH_MODE=dev: the picker of seed professionals and admins. */
  dev: boolean;
  entra?: EntraSignIn;
  now: () => number;
}

const DevSignIn = Type.Object({ userId: Type.String({ minLength: 1, maxLength: 100 }) }, { additionalProperties: false });

const staffRoles = new Set(['professional', 'admin']);

/**
 * Signing in and out. Either way the server ends up with a core-api token for
 * the user, asks core-api who that is, refuses anyone but professionals and
 * admins (403), and keeps the token in the sealed session cookie.
 */
export function sessionRoutes(app: FastifyInstance, options: SessionRoutesOptions): void {
  const { cookies, api } = options;

  /** Asks core-api who the token belongs to; only staff get a session. */
  async function establish(reply: FastifyReply, token: string, expiresAt: number, via: StoredSession['via']): Promise<SessionUser> {
    const me = await unwrap(api.GET('/api/v1/me', { headers: { authorization: `Bearer ${token}` } }));
    if (!staffRoles.has(me.role)) {
      throw new AdminError(403, 'not_staff', 'The admin is for professionals and admins; patients book and manage appointments in the chat.');
    }
    const user: SessionUser = { id: me.id, name: me.name, role: me.role as SessionUser['role'] };
    cookies.write(reply, { user, token, expiresAt, via });
    return user;
  }

  async function devUsers() {
    const lists = await Promise.all(
      (['professional', 'admin'] as const).map((role) => unwrap(api.GET('/api/v1/dev/users', { params: { query: { role } } }))),
    );
    return lists.flat().map(({ id, name, role }) => ({ id, name, role }));
  }

  app.get('/admin/session', async (request, reply) => {
    const session = cookies.read(request);
    return {
      user: session?.user ?? null,
      // Sent back in x-csrf-token on every change; its secret sits in an HttpOnly cookie.
      csrfToken: reply.generateCsrf(),
      signIn: { devUsers: options.dev ? await devUsers() : null, entra: Boolean(options.entra) },
    };
  });

  if (options.dev) {
    app.post<{ Body: Static<typeof DevSignIn> }>(
      '/admin/session/dev',
      { schema: { body: DevSignIn }, onRequest: app.csrfProtection },
      async (request, reply) => {
        const issued = await api.POST('/api/v1/dev/token', { body: { userId: request.body.userId } });
        if (issued.response.status === 404) throw new AdminError(404, 'user_not_found', `No seed user ${request.body.userId}.`);
        const { token, expiresIn } = await unwrap(Promise.resolve(issued));
        return { user: await establish(reply, token, options.now() + expiresIn * 1000, 'dev') };
      },
    );
  }

  if (options.entra) {
    const entra = options.entra;
    const pendingCookie = { path: '/admin/auth', httpOnly: true, sameSite: 'lax' as const, secure: options.secure, signed: true };
    app.get('/admin/signin', async (_request, reply) => {
      const { url, pending } = await entra.start();
      reply.setCookie(signInCookie, options.signInSealer.close(pending), { ...pendingCookie, maxAge: 600 });
      return reply.redirect(url, 302);
    });

    app.get<{ Querystring: Record<string, string | undefined> }>('/admin/auth/callback', async (request, reply) => {
      const raw = request.cookies[signInCookie];
      const unsigned = raw ? request.unsignCookie(raw) : undefined;
      const pending = unsigned?.valid ? options.signInSealer.open<PendingSignIn>(unsigned.value ?? undefined) : undefined;
      reply.clearCookie(signInCookie, pendingCookie);
      const { code, state, error } = request.query;
      if (error) return failure(reply, 400, `Microsoft did not sign you in (${error}). Try again.`);
      // Without our cookie, or with another state, this callback is not the answer to a sign-in this browser started.
      if (!pending || !code || state !== pending.state) return failure(reply, 400, 'This sign-in link has expired or was not started here. Try again.');
      try {
        const { accessToken, expiresAt } = await entra.redeem({ code, state, pending });
        await establish(reply, accessToken, expiresAt, 'entra');
      } catch (caught) {
        if (caught instanceof AdminError) return failure(reply, caught.statusCode, caught.message);
        if (caught instanceof CoreApiError && caught.status < 500) return failure(reply, 403, `core-api refused the account (${caught.code}).`);
        request.log.warn({ err: caught }, 'entra sign-in failed');
        return failure(reply, 502, 'Signing in with Microsoft failed. Try again.');
      }
      return reply.redirect('/admin/', 303);
    });
  }

  app.post('/admin/session/signout', { onRequest: app.csrfProtection }, async (_request, reply) => {
    cookies.clear(reply);
    return reply.status(204).send();
  });
}

/** A small page for a browser that came back from Entra: it explains and leads back to sign-in. */
function failure(reply: FastifyReply, status: number, message: string) {
  const escaped = message.replace(/[&<>"]/g, (character) => `&#${character.charCodeAt(0)};`);
  return reply
    .status(status)
    .type('text/html; charset=utf-8')
    .send(`<!doctype html><html lang="en"><meta charset="utf-8"><title>Sign-in failed</title><main><h1>Sign-in failed</h1><p>${escaped}</p><p><a href="/admin/">Back to sign-in</a></p></main></html>`);
}
