import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/test-app';
import { onePagePdf } from './test-pdf';

let test: TestApp;
let conversationId: string;
const headers: Record<string, Record<string, string>> = {};
const maxBytes = 64 * 1024;

beforeAll(async () => {
  test = await createTestApp({ environment: { CHAT_FILE_MAX_BYTES: String(maxBytes) } });
  for (const id of ['patient-ana', 'patient-ben', 'dr-lopez', 'dr-chen', 'admin-sam']) headers[id] = await test.as(id);
  conversationId = (await test.app.inject({
    method: 'POST', url: '/api/v1/chat/conversations', headers: headers['patient-ana'], payload: { kind: 'direct', patientId: 'patient-ana', professionalId: 'dr-lopez' },
  })).json().id;
});
afterAll(() => test?.close());

/** A multipart body with one `file` part (and optional fields before it), as a browser's FormData sends it. */
function multipart(file: { name: string; content: Buffer; type?: string }, fields: Record<string, string> = {}) {
  const boundary = '----consulta-test-boundary';
  const parts: Buffer[] = Object.entries(fields).map(([name, value]) => Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  parts.push(Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="${file.name}"\r\ncontent-type: ${file.type ?? 'application/octet-stream'}\r\n\r\n`));
  parts.push(file.content, Buffer.from(`\r\n--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

const upload = (as: string, file: { name: string; content: Buffer; type?: string }, options: { fields?: Record<string, string>; query?: string; conversation?: string } = {}) => {
  const body = multipart(file, options.fields);
  return test.app.inject({
    method: 'POST', url: `/api/v1/chat/conversations/${options.conversation ?? conversationId}/files${options.query ?? ''}`,
    headers: { ...headers[as], 'content-type': body.contentType }, payload: body.payload,
  });
};
const get = (as: string, url: string) => test.app.inject({ method: 'GET', url: `/api/v1/chat/conversations/${conversationId}${url}`, headers: headers[as] });

const png = (color: string, size = 600) => sharp({ create: { width: size, height: size / 2, channels: 3, background: color } }).png().toBuffer();
const pdf = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
// The first bytes of a Windows executable: what a "report.pdf" from a stranger may really be.
const executable = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(62), Buffer.from('PE\0\0'), Buffer.alloc(200, 1)]);

describe('uploads', () => {
  it('detect the type from the content, whatever the name and declared type say', async () => {
    const lying = await upload('patient-ana', { name: 'report.pdf', content: executable, type: 'application/pdf' });
    expect(lying.statusCode).toBe(422);
    expect(lying.json().code).toBe('file_type_not_allowed');
    const zip = await upload('patient-ana', { name: 'notes.txt', content: Buffer.from('PK\u0003\u0004 not really text\u0000\u0001'), type: 'text/plain' });
    expect(zip.statusCode).toBe(422);
    const image = await upload('patient-ana', { name: 'scan.pdf', content: await png('red'), type: 'application/pdf' });
    expect(image.statusCode).toBe(201);
    expect(image.json().latest.contentType).toBe('image/png');
    const text = await upload('patient-ana', { name: 'symptoms.txt', content: Buffer.from('Headache since Monday, ñ ok\n'), type: 'application/octet-stream' });
    expect(text.json().latest.contentType).toBe('text/plain');
  });

  it('refuse files over CHAT_FILE_MAX_BYTES, empty files and requests that are not multipart', async () => {
    const big = await upload('patient-ana', { name: 'big.txt', content: Buffer.alloc(maxBytes + 1, 'a') });
    expect(big.statusCode).toBe(413);
    expect(big.json()).toMatchObject({ code: 'file_too_large', details: { maxBytes } });
    expect((await upload('patient-ana', { name: 'empty.txt', content: Buffer.alloc(0) })).json().code).toBe('file_empty');
    const json = await test.app.inject({ method: 'POST', url: `/api/v1/chat/conversations/${conversationId}/files`, headers: headers['patient-ana'], payload: { file: 'x' } });
    expect(json.statusCode).toBe(400);
    expect(json.json().code).toBe('multipart_required');
  });

  it('are for participants only', async () => {
    for (const outsider of ['patient-ben', 'dr-chen', 'admin-sam']) {
      expect((await upload(outsider, { name: 'x.pdf', content: pdf })).statusCode).toBe(404);
    }
  });
});

describe('versions and downloads', () => {
  it('keep each upload under one name as a version, downloadable byte for byte', async () => {
    const first = await png('blue');
    const second = await png('green');
    const v1 = (await upload('patient-ana', { name: 'rash.png', content: first }, { fields: { name: 'Rash photo' } })).json();
    const v2 = (await upload('dr-lopez', { name: 'rash-2.png', content: second }, { query: '?name=Rash%20photo' })).json();
    expect(v2.id).toBe(v1.id);
    expect(v2.versions.map((version: { version: number; uploadedBy: string }) => [version.version, version.uploadedBy])).toEqual([[2, 'dr-lopez'], [1, 'patient-ana']]);
    expect(v2.latest.size).toBe(second.length);

    const latest = await get('patient-ana', `/files/${v1.id}/content`);
    expect(latest.statusCode).toBe(200);
    expect(latest.headers['content-type']).toBe('image/png');
    expect(latest.headers['x-file-version']).toBe('2');
    expect(latest.headers['content-disposition']).toContain('attachment; filename="Rash photo"');
    expect(Buffer.compare(latest.rawPayload, second)).toBe(0);
    const original = await get('dr-lopez', `/files/${v1.id}/content?version=1`);
    expect(Buffer.compare(original.rawPayload, first)).toBe(0);
    expect((await get('dr-lopez', `/files/${v1.id}/content?version=9`)).statusCode).toBe(404);

    const listed = (await get('dr-lopez', '/files')).json();
    expect(listed.find((file: { id: string }) => file.id === v1.id).versions).toHaveLength(2);
    expect((await get('dr-lopez', `/files/${v1.id}`)).json().name).toBe('Rash photo');
  });

  it('refuse everyone else (404) and audit every download, allowed or not', async () => {
    const file = (await upload('patient-ana', { name: 'letter.pdf', content: pdf })).json();
    for (const outsider of ['patient-ben', 'dr-chen', 'admin-sam']) {
      expect((await get(outsider, `/files/${file.id}/content`)).statusCode).toBe(404);
      expect((await get(outsider, `/files/${file.id}`)).statusCode).toBe(404);
    }
    const download = await get('dr-lopez', `/files/${file.id}/content`);
    expect(download.headers['content-type']).toBe('application/pdf');
    expect(Buffer.compare(download.rawPayload, pdf)).toBe(0);
    const { rows } = await test.runtime.database.pool.query(
      `SELECT actor_id, patient_id, outcome FROM identity.audit_log WHERE action = 'chat.file.download' AND resource_id = $1`,
      [`${file.id}@1`],
    );
    expect(rows).toEqual([{ actor_id: 'dr-lopez', patient_id: 'patient-ana', outcome: 'allowed' }]);
    const denied = await test.runtime.database.pool.query(
      `SELECT count(*)::int AS count FROM identity.audit_log WHERE outcome = 'denied' AND resource_id = $1 AND actor_id = 'patient-ben'`,
      [conversationId],
    );
    expect(denied.rows[0].count).toBeGreaterThan(0);
  });

  it('attach to messages', async () => {
    const file = (await upload('patient-ana', { name: 'attached.txt', content: Buffer.from('see attached') })).json();
    const message = await test.app.inject({
      method: 'POST', url: `/api/v1/chat/conversations/${conversationId}/messages`, headers: headers['patient-ana'], payload: { body: 'Here it is', fileId: file.id },
    });
    expect(message.json().fileId).toBe(file.id);
    const wrong = await test.app.inject({
      method: 'POST', url: `/api/v1/chat/conversations/${conversationId}/messages`, headers: headers['patient-ana'], payload: { body: 'x', fileId: 'file-nope' },
    });
    expect(wrong.statusCode).toBe(404);
  });
});

describe('previews', () => {
  it('scale images to WebP within 320 px, draw the first page of a PDF the same way, and cut text', async () => {
    const image = (await upload('patient-ana', { name: 'wide.png', content: await png('orange', 1000) })).json();
    const preview = await get('dr-lopez', `/files/${image.id}/preview`);
    expect(preview.headers['content-type']).toBe('image/webp');
    const metadata = await sharp(preview.rawPayload).metadata();
    expect([metadata.format, metadata.width, metadata.height]).toEqual(['webp', 320, 160]);

    const letter = (await upload('patient-ana', { name: 'preview.pdf', content: onePagePdf({ width: 612, height: 792, content: '1 0 0 rg 72 72 200 100 re f' }) })).json();
    const pdfPreview = await get('dr-lopez', `/files/${letter.id}/preview`);
    expect(pdfPreview.statusCode).toBe(200);
    expect(pdfPreview.headers['x-preview']).toBe('rendered');
    const page = await sharp(pdfPreview.rawPayload).metadata();
    expect([page.format, page.width, page.height]).toEqual(['webp', 247, 320]);
    // The hand-written `pdf` above has a catalog and nothing else: no page to draw.
    const damaged = (await upload('patient-ana', { name: 'damaged.pdf', content: pdf })).json();
    const refused = await get('dr-lopez', `/files/${damaged.id}/preview`);
    expect(refused.statusCode).toBe(422);
    expect(refused.json().code).toBe('pdf_unreadable');

    const text = (await upload('patient-ana', { name: 'long.txt', content: Buffer.from('x'.repeat(5_000)) })).json();
    const textPreview = await get('dr-lopez', `/files/${text.id}/preview`);
    expect(textPreview.body).toHaveLength(2_000);
    expect((await get('patient-ben', `/files/${text.id}/preview`)).statusCode).toBe(404);
  });
});
