import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * A secret for the embedded default when the environment gives none: made
 * once and kept in a file (mode 0600) so it survives restarts; without a file,
 * in memory (tests). Production passes its secrets in the environment.
 */
export function loadOrCreateSecret(file: string | undefined): string {
  if (!file) return randomBytes(32).toString('base64url');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const secret = randomBytes(32).toString('base64url');
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}
