import { describe, expect, it } from 'vitest';
import { inspectFile } from './file-inspection';
import { documentName } from './files-service';

describe('inspectFile', () => {
  it('tells types by their bytes, counts UTF-8 text as text and anything else unknown', async () => {
    expect((await inspectFile(Buffer.from('%PDF-1.7\n%%EOF\n'))).contentType).toBe('application/pdf');
    expect((await inspectFile(Buffer.from('Hola, ¿qué tal?\r\n\tbien'))).contentType).toBe('text/plain');
    expect(await inspectFile(Buffer.from([0xc3, 0x28, 0x01, 0x02]))).toMatchObject({ contentType: null, detected: 'unknown' });
    const elf = await inspectFile(Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1]), Buffer.alloc(64)]));
    expect(elf.contentType).toBeNull();
    expect(elf.detected).not.toBe('unknown');
  });

  it('gives the SHA-256 and size of the content', async () => {
    expect(await inspectFile(Buffer.from('abc'))).toMatchObject({
      size: 3, sha256: 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    });
  });
});

describe('documentName', () => {
  it('keeps the last path segment without control characters, and refuses an empty name', () => {
    expect(documentName('../../etc/passwd')).toBe('passwd');
    expect(documentName('C:\\Users\\ana\\Informe médico.pdf')).toBe('Informe médico.pdf');
    expect(documentName(' bad\r\nname.txt ')).toBe('badname.txt');
    expect(() => documentName('folder/')).toThrow(/name/);
  });
});
