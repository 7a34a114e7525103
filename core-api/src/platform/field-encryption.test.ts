import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError } from './config';
import { createFieldCipher, fieldCipherFromConfig, FieldDecryptionError, parseFieldKeys } from './field-encryption';

const keyA = { id: 'a', key: randomBytes(32) };
const keyB = { id: 'b', key: randomBytes(32) };
const directory = mkdtempSync(path.join(tmpdir(), 'field-keys-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

describe('field encryption', () => {
  it('round-trips a value and never shows the plaintext', () => {
    const cipher = createFieldCipher([keyA]);
    const sealed = cipher.seal('1988-04-12');
    expect(sealed).toMatch(/^v1\.a\.[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(sealed).not.toContain('1988');
    expect(cipher.open(sealed)).toBe('1988-04-12');
    expect(cipher.seal('1988-04-12')).not.toBe(sealed);
  });

  it('refuses a tampered ciphertext, tag or key id with a clear error', () => {
    const cipher = createFieldCipher([keyA, { id: 'x', key: keyA.key }]);
    const sealed = cipher.seal('secret');
    const parts = sealed.split('.');
    const flipped = Buffer.from(parts[4]!, 'base64url');
    flipped[0] = flipped[0]! ^ 1;
    expect(() => cipher.open([...parts.slice(0, 4), flipped.toString('base64url')].join('.'))).toThrow(FieldDecryptionError);
    expect(() => cipher.open([...parts.slice(0, 4), flipped.toString('base64url')].join('.'))).toThrow(/integrity check/);
    // Same key bytes under another id: the authenticated key id still catches the move.
    expect(() => cipher.open(['v1', 'x', ...parts.slice(2)].join('.'))).toThrow(/integrity check/);
    expect(() => cipher.open('not-sealed')).toThrow(/format/);
  });

  it('rotates: new values use the first key, old ones open with the key they name', () => {
    const old = createFieldCipher([keyA]).seal('kept');
    const rotated = createFieldCipher([keyB, keyA]);
    expect(rotated.open(old)).toBe('kept');
    expect(rotated.seal('new').startsWith('v1.b.')).toBe(true);
    expect(() => createFieldCipher([keyB]).open(old)).toThrow(/key "a", which is not configured/);
  });

  it('parses FIELD_ENCRYPTION_KEYS and refuses short keys without echoing them', () => {
    const keys = parseFieldKeys(`k1:${keyA.key.toString('base64')},k2:${keyB.key.toString('base64')}`);
    expect(keys.map((key) => key.id)).toEqual(['k1', 'k2']);
    const short = randomBytes(8).toString('base64');
    expect(() => parseFieldKeys(`k1:${short}`)).toThrow(ConfigError);
    expect(() => parseFieldKeys(`k1:${short}`)).not.toThrow(short);
  });

  it('requires keys in production and keeps a generated key in the key file elsewhere', () => {
    expect(() => fieldCipherFromConfig({ NODE_ENV: 'production' })).toThrow(/FIELD_ENCRYPTION_KEYS: required in production/);
    const keyFile = path.join(directory, 'nested', 'field-key');
    const sealed = fieldCipherFromConfig({ NODE_ENV: 'development' }, keyFile).seal('again');
    expect(readFileSync(keyFile, 'utf8')).toMatch(/^[A-Za-z0-9+/]+=*$/);
    expect(fieldCipherFromConfig({ NODE_ENV: 'development' }, keyFile).open(sealed)).toBe('again');
    expect(() => fieldCipherFromConfig({ NODE_ENV: 'test' }).open(sealed)).toThrow(FieldDecryptionError);
  });
});
