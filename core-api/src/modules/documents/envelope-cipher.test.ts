import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../platform/config';
import { createEnvelopeCipher, documentCipherFromConfig, DocumentDecryptionError, parseMasterKeys } from './envelope-cipher';

const keyA = { id: 'a', key: randomBytes(32) };
const keyB = { id: 'b', key: randomBytes(32) };
const plaintext = Buffer.from('%PDF-1.7 referral for Ana García');

const failure = (open: () => unknown) => {
  try {
    open();
  } catch (error) {
    return error;
  }
  throw new Error('expected the value not to open');
};

describe('envelope encryption', () => {
  it('seals with a fresh data key per value, wrapped by the current master key', () => {
    const cipher = createEnvelopeCipher([keyA]);
    const first = cipher.seal(plaintext, 'document:doc-1@1');
    const second = cipher.seal(plaintext, 'document:doc-1@1');
    expect(first.keyId).toBe('a');
    expect(first.ciphertext.includes(Buffer.from('Ana'))).toBe(false);
    expect(first.wrappedKey.equals(second.wrappedKey)).toBe(false);
    expect(first.ciphertext.equals(second.ciphertext)).toBe(false);
    expect(cipher.open(first, 'document:doc-1@1').equals(plaintext)).toBe(true);
  });

  it('refuses a tampered ciphertext, tag or wrapped key, and bytes moved to another document, with document_tampered', () => {
    const cipher = createEnvelopeCipher([keyA]);
    const sealed = cipher.seal(plaintext, 'document:doc-1@1');
    const flipped = Buffer.from(sealed.ciphertext);
    flipped[3]! ^= 0x01;
    const wrapped = Buffer.from(sealed.wrappedKey);
    wrapped[40]! ^= 0x80;
    for (const [bad, context] of [
      [{ ...sealed, ciphertext: flipped }, 'document:doc-1@1'],
      [{ ...sealed, authTag: Buffer.alloc(16) }, 'document:doc-1@1'],
      [{ ...sealed, wrappedKey: wrapped }, 'document:doc-1@1'],
      [sealed, 'document:doc-2@1'],
    ] as const) {
      const error = failure(() => cipher.open(bad, context));
      expect(error).toBeInstanceOf(DocumentDecryptionError);
      expect((error as DocumentDecryptionError).code).toBe('document_tampered');
    }
  });

  it('opens old values after a rotation, re-wraps them under the new key, and then needs the old key no more', () => {
    const before = createEnvelopeCipher([keyA]).seal(plaintext, 'document:doc-1@1');
    const rotated = createEnvelopeCipher([keyB, keyA]);
    expect(rotated.open(before, 'document:doc-1@1').equals(plaintext)).toBe(true);
    const rewrapped = rotated.rewrap(before)!;
    expect(rewrapped.keyId).toBe('b');
    expect(rotated.rewrap({ ...before, ...rewrapped })).toBeNull();
    const onlyNew = createEnvelopeCipher([keyB]);
    expect(onlyNew.open({ ...before, ...rewrapped }, 'document:doc-1@1').equals(plaintext)).toBe(true);
    const error = failure(() => onlyNew.open(before, 'document:doc-1@1'));
    expect((error as DocumentDecryptionError).code).toBe('document_key_unknown');
  });

  it('reads DOCUMENT_MASTER_KEYS as keyId:base64key, current first, and never echoes it in errors', () => {
    const value = `k2:${keyB.key.toString('base64')},k1:${keyA.key.toString('base64')}`;
    expect(parseMasterKeys(value).map((key) => key.id)).toEqual(['k2', 'k1']);
    expect(documentCipherFromConfig(loadConfig({ DOCUMENT_MASTER_KEYS: value })).currentKeyId).toBe('k2');
    expect(() => parseMasterKeys('short:AAAA')).toThrow(ConfigError);
    const error = failure(() => loadConfig({ DOCUMENT_MASTER_KEYS: 'not a key list' }));
    expect((error as Error).message).toBe('Invalid configuration: DOCUMENT_MASTER_KEYS: must be keyId:base64key,…');
    expect(() => documentCipherFromConfig({ NODE_ENV: 'production' })).toThrow(/DOCUMENT_MASTER_KEYS: required in production/);
    expect(documentCipherFromConfig({ NODE_ENV: 'test' }).currentKeyId).toBe('local');
  });
});
