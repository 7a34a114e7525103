import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigError } from '../../platform/config';

/**
 * Envelope encryption of documents: every sealed value has its own random
 * 256-bit data key (AES-256-GCM), and the data key is stored wrapped by a master
 * key from DOCUMENT_MASTER_KEYS, whose id is stored beside it. Rotating the
 * master key re-wraps data keys only; the content is never re-encrypted.
 */
export interface MasterKey {
  id: string;
  key: Buffer;
}

export interface Sealed {
  keyId: string;
  /** iv (12) ‖ tag (16) ‖ encrypted data key (32), under the master key. */
  wrappedKey: Buffer;
  iv: Buffer;
  authTag: Buffer;
  ciphertext: Buffer;
}

/** Why a sealed value would not open: altered bytes, or a master key that is not configured. */
export class DocumentDecryptionError extends Error {
  override readonly name = 'DocumentDecryptionError';
  constructor(
    readonly code: 'document_tampered' | 'document_key_unknown',
    message: string,
  ) {
    super(message);
  }
}

const keyBytes = 32;
const ivBytes = 12;
const tagBytes = 16;

function gcmSeal(key: Buffer, plaintext: Buffer, aad: Buffer) {
  const iv = randomBytes(ivBytes);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(aad);
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return { iv, authTag: cipher.getAuthTag(), ciphertext };
}

function gcmOpen(key: Buffer, sealed: { iv: Buffer; authTag: Buffer; ciphertext: Buffer }, aad: Buffer): Buffer {
  const decipher = createDecipheriv('aes-256-gcm', key, sealed.iv);
  decipher.setAAD(aad);
  decipher.setAuthTag(sealed.authTag);
  return Buffer.concat([decipher.update(sealed.ciphertext), decipher.final()]);
}

export function createEnvelopeCipher(keys: MasterKey[]) {
  const current = keys[0];
  if (!current) throw new Error('A document cipher needs at least one master key.');
  const byId = new Map(keys.map((entry) => [entry.id, entry.key]));

  const masterKey = (keyId: string) => {
    const key = byId.get(keyId);
    if (!key) throw new DocumentDecryptionError('document_key_unknown', `The document was sealed under master key "${keyId}", which is not configured.`);
    return key;
  };
  // The key id is authenticated with the wrapped key, so a wrapped key cannot be moved under another id.
  const wrap = (dataKey: Buffer, keyId: string, key: Buffer) => {
    const { iv, authTag, ciphertext } = gcmSeal(key, dataKey, Buffer.from(`document-key.${keyId}`));
    return Buffer.concat([iv, authTag, ciphertext]);
  };
  const unwrap = (wrappedKey: Buffer, keyId: string): Buffer => {
    const key = masterKey(keyId);
    try {
      return gcmOpen(
        key,
        { iv: wrappedKey.subarray(0, ivBytes), authTag: wrappedKey.subarray(ivBytes, ivBytes + tagBytes), ciphertext: wrappedKey.subarray(ivBytes + tagBytes) },
        Buffer.from(`document-key.${keyId}`),
      );
    } catch {
      throw new DocumentDecryptionError('document_tampered', 'The data key of the document failed its integrity check.');
    }
  };

  return {
    currentKeyId: current.id,
    /** Seals `plaintext`; `context` (e.g. `documentId@version`) is authenticated, so sealed bytes cannot be moved to another row. */
    seal(plaintext: Buffer, context: string): Sealed {
      const dataKey = randomBytes(keyBytes);
      const sealed = gcmSeal(dataKey, plaintext, Buffer.from(context));
      return { keyId: current.id, wrappedKey: wrap(dataKey, current.id, current.key), ...sealed };
    },
    /** Throws `DocumentDecryptionError` on altered bytes, another context, or an unknown master key. */
    open(sealed: Sealed, context: string): Buffer {
      const dataKey = unwrap(sealed.wrappedKey, sealed.keyId);
      try {
        return gcmOpen(dataKey, sealed, Buffer.from(context));
      } catch {
        throw new DocumentDecryptionError('document_tampered', 'The document failed its integrity check: its stored bytes were altered.');
      }
    },
    /** The same data key wrapped by the current master key (rotation); null when it already is. */
    rewrap(sealed: Pick<Sealed, 'keyId' | 'wrappedKey'>): Pick<Sealed, 'keyId' | 'wrappedKey'> | null {
      if (sealed.keyId === current.id) return null;
      return { keyId: current.id, wrappedKey: wrap(unwrap(sealed.wrappedKey, sealed.keyId), current.id, current.key) };
    },
  };
}

export type EnvelopeCipher = ReturnType<typeof createEnvelopeCipher>;

/** Parses DOCUMENT_MASTER_KEYS (`keyId:base64key,keyId2:base64key2`, current key first; 32-byte keys). */
export function parseMasterKeys(value: string): MasterKey[] {
  return value.split(',').map((entry) => {
    const separator = entry.indexOf(':');
    const id = entry.slice(0, separator);
    const key = Buffer.from(entry.slice(separator + 1), 'base64');
    if (separator < 1 || key.length !== keyBytes) {
      throw new ConfigError('DOCUMENT_MASTER_KEYS', `Invalid configuration: DOCUMENT_MASTER_KEYS: key "${id}" must be ${keyBytes} bytes in base64`);
    }
    return { id, key };
  });
}

/**
 * The document cipher of a process: DOCUMENT_MASTER_KEYS when set (required in
 * production); otherwise a generated key kept in `keyFile` (under DATA_DIR) or,
 * without a file, in memory (tests).
 */
export function documentCipherFromConfig(config: { DOCUMENT_MASTER_KEYS?: string; NODE_ENV: string }, keyFile?: string): EnvelopeCipher {
  if (config.DOCUMENT_MASTER_KEYS) return createEnvelopeCipher(parseMasterKeys(config.DOCUMENT_MASTER_KEYS));
  if (config.NODE_ENV === 'production') {
    throw new ConfigError('DOCUMENT_MASTER_KEYS', 'Invalid configuration: DOCUMENT_MASTER_KEYS: required in production');
  }
  let key: Buffer;
  if (keyFile && existsSync(keyFile)) key = Buffer.from(readFileSync(keyFile, 'utf8').trim(), 'base64');
  else {
    key = randomBytes(keyBytes);
    if (keyFile) {
      mkdirSync(path.dirname(keyFile), { recursive: true });
      writeFileSync(keyFile, key.toString('base64'), { mode: 0o600 });
    }
  }
  return createEnvelopeCipher([{ id: 'local', key }]);
}
