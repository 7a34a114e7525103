import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigError } from './config';

/**
 * Encrypts single database fields (dates of birth, …) with AES-256-GCM.
 * A sealed value names the key that sealed it, `v1.<keyId>.<iv>.<tag>.<ciphertext>`
 * (base64url parts), so keys can rotate: new values use the current key while
 * old ones still open with the key they name.
 */
export interface FieldCipher {
  /** The id of the key new values are sealed with. */
  readonly currentKeyId: string;
  seal(plaintext: string): string;
  /** Throws `FieldDecryptionError` on a tampered value or an unknown key. */
  open(sealed: string): string;
}

export class FieldDecryptionError extends Error {
  override readonly name = 'FieldDecryptionError';
}

const version = 'v1';
const keyBytes = 32;
const ivBytes = 12;

export interface FieldKey {
  id: string;
  key: Buffer;
}

export function createFieldCipher(keys: FieldKey[]): FieldCipher {
  const current = keys[0];
  if (!current) throw new Error('A field cipher needs at least one key.');
  const byId = new Map(keys.map((entry) => [entry.id, entry.key]));
  return {
    currentKeyId: current.id,
    seal(plaintext) {
      const iv = randomBytes(ivBytes);
      const cipher = createCipheriv('aes-256-gcm', current.key, iv);
      // The key id is authenticated too, so a value cannot be moved to another key's slot.
      cipher.setAAD(Buffer.from(`${version}.${current.id}`));
      const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      const parts = [iv, cipher.getAuthTag(), ciphertext].map((part) => part.toString('base64url'));
      return [version, current.id, ...parts].join('.');
    },
    open(sealed) {
      const parts = sealed.split('.');
      const [sealedVersion, keyId, iv, tag, ciphertext] = parts;
      if (parts.length !== 5 || sealedVersion !== version || !keyId || !iv || !tag || ciphertext === undefined) {
        throw new FieldDecryptionError('The encrypted field is not in the v1.<keyId>.<iv>.<tag>.<ciphertext> format.');
      }
      const key = byId.get(keyId);
      if (!key) throw new FieldDecryptionError(`The encrypted field was sealed with key "${keyId}", which is not configured.`);
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
        decipher.setAAD(Buffer.from(`${version}.${keyId}`));
        decipher.setAuthTag(Buffer.from(tag, 'base64url'));
        return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
      } catch {
        throw new FieldDecryptionError('The encrypted field failed its integrity check: it was altered or the key is wrong.');
      }
    },
  };
}

/**
 * Parses FIELD_ENCRYPTION_KEYS (`keyId:base64key,keyId2:base64key2`, current key first).
 */
export function parseFieldKeys(value: string): FieldKey[] {
  return value.split(',').map((entry) => {
    const separator = entry.indexOf(':');
    const id = entry.slice(0, separator);
    const key = Buffer.from(entry.slice(separator + 1), 'base64');
    if (separator < 1 || key.length !== keyBytes) {
      throw new ConfigError('FIELD_ENCRYPTION_KEYS', `Invalid configuration: FIELD_ENCRYPTION_KEYS: key "${id}" must be ${keyBytes} bytes in base64`);
    }
    return { id, key };
  });
}

export interface FieldCipherSource {
  FIELD_ENCRYPTION_KEYS?: string;
  NODE_ENV: string;
}

/**
 * The cipher of a process. Production must configure its keys; elsewhere a
 * generated key is kept in `keyFile` (under DATA_DIR, so the embedded
 * database stays readable across restarts) or, without a file, in memory (tests).
 */
export function fieldCipherFromConfig(config: FieldCipherSource, keyFile?: string): FieldCipher {
  if (config.FIELD_ENCRYPTION_KEYS) return createFieldCipher(parseFieldKeys(config.FIELD_ENCRYPTION_KEYS));
  if (config.NODE_ENV === 'production') {
    throw new ConfigError('FIELD_ENCRYPTION_KEYS', 'Invalid configuration: FIELD_ENCRYPTION_KEYS: required in production');
  }
  return createFieldCipher([{ id: 'local', key: loadOrCreateLocalKey(keyFile) }]);
}

function loadOrCreateLocalKey(keyFile: string | undefined): Buffer {
  if (keyFile && existsSync(keyFile)) return Buffer.from(readFileSync(keyFile, 'utf8').trim(), 'base64');
  const key = randomBytes(keyBytes);
  if (keyFile) {
    mkdirSync(path.dirname(keyFile), { recursive: true });
    writeFileSync(keyFile, key.toString('base64'), { mode: 0o600 });
  }
  return key;
}
