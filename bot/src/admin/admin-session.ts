import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Sealer } from './session-seal';

export const sessionCookie = 'consulta_admin_session';
export const signInCookie = 'consulta_admin_signin';
export const csrfCookie = 'consulta_admin_csrf';

export type StaffRole = 'professional' | 'admin';

/** Who is signed in, as the UI sees it. */
export interface SessionUser {
  id: string;
  name: string;
  role: StaffRole;
}

/** What the sealed cookie holds; the token never leaves the server in the clear. */
export interface StoredSession {
  user: SessionUser;
  token: string;
  /** Epoch milliseconds: the token's expiry, and so the session's. */
  expiresAt: number;
  via: 'dev' | 'entra';
}

/** An error the admin routes answer with its status and code (the app's error handler renders it). */
export class AdminError extends Error {
  override readonly name = 'AdminError';
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Reads and writes the session cookie: signed by @fastify/cookie and sealed,
 * HttpOnly, SameSite=Lax, Secure when the app is reached over https, and
 * scoped to /admin so no other page of the origin sends it.
 */
export function createSessionCookies(options: { sealer: Sealer; secure: boolean; now?: () => number }) {
  const now = options.now ?? Date.now;
  const base = { path: '/admin', httpOnly: true, sameSite: 'lax' as const, secure: options.secure, signed: true };
  function read(request: FastifyRequest): StoredSession | undefined {
    const raw = request.cookies[sessionCookie];
    if (!raw) return undefined;
    const unsigned = request.unsignCookie(raw);
    if (!unsigned.valid || unsigned.value === null) return undefined;
    const session = options.sealer.open<StoredSession>(unsigned.value);
    return session && session.expiresAt > now() ? session : undefined;
  }
  return {
    read,
    write(reply: FastifyReply, session: StoredSession): void {
      const maxAge = Math.max(1, Math.floor((session.expiresAt - now()) / 1000));
      reply.setCookie(sessionCookie, options.sealer.close(session), { ...base, maxAge });
    },
    clear(reply: FastifyReply): void {
      reply.clearCookie(sessionCookie, base);
    },
    /** The session, or 401 `not_signed_in`. */
    require(request: FastifyRequest): StoredSession {
      const session = read(request);
      if (!session) throw new AdminError(401, 'not_signed_in', 'Sign in to the admin first.');
      return session;
    },
  };
}

export type SessionCookies = ReturnType<typeof createSessionCookies>;
