import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Seals a value for a cookie with AES-256-GCM: the browser holds it but can
 * neither read it (the session's core-api token is inside) nor change it.
 * Stateless, so any replica opens what another sealed.
 *
 * @example
 * const seal = createSealer(process.env.ADMIN_SESSION_SECRET!, 'admin-session');
 * seal.open(seal.close({ userId: 'dr-lopez' })); // { userId: 'dr-lopez' }
 */
export function createSealer(secret: string, purpose: string) {
  // One key per purpose, so a sign-in cookie can never be replayed as a session cookie.
  const key = Buffer.from(hkdfSync('sha256', secret, 'consulta-admin', purpose, 32));
  return {
    close(value: unknown): string {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
    },
    /** The value, or undefined when the text was not sealed with this key and purpose. */
    open<T>(sealed: string | undefined): T | undefined {
      if (!sealed) return undefined;
      try {
        const bytes = Buffer.from(sealed, 'base64url');
        const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, 12));
        decipher.setAuthTag(bytes.subarray(12, 28));
        return JSON.parse(Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString('utf8')) as T;
      } catch {
        return undefined;
      }
    },
  };
}

export type Sealer = ReturnType<typeof createSealer>;
