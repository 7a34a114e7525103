import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DomainEvent } from '../../platform/outbox';
import { createTestApp, type TestApp } from '../../testing/test-app';
import { insuranceCardPng, readPdf } from './test-pdfs';

// GDPR through identity's routes: the documents module is one of the contributors of /me/export and /users/{id}/erase.
let test: TestApp;
let event: DomainEvent;
let confirmationId: string;
let cardId: string;

const rows = async (text: string, values: unknown[] = []) => (await test.runtime.database.pool.query(text, values)).rows;
const api = async (as: string, method: 'GET' | 'POST', url: string, payload?: object) =>
  test.app.inject({ method, url: `/api/v1${url}`, headers: await test.as(as), ...(payload ? { payload } : {}) });

function multipart(content: Buffer, title: string) {
  const boundary = '----gdpr-boundary';
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="title"\r\n\r\n${title}\r\n`),
    Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="card.png"\r\ncontent-type: image/png\r\n\r\n`),
    content, Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, contentType: `multipart/form-data; boundary=${boundary}` };
}

beforeAll(async () => {
  test = await createTestApp({ now: '2026-12-01T09:00:00Z' });
  const requested = await api('patient-ana', 'POST', '/appointments', {
    professionalId: 'dr-lopez', serviceId: 'derm-consult', start: '2026-12-08T10:20:00+01:00',
    intake: { reason: 'A rash on my arm', date_of_birth: '1988-04-12' },
  });
  const appointmentId = requested.json().id;
  expect((await api('dr-lopez', 'POST', `/appointments/${appointmentId}/approve`, {})).statusCode).toBe(200);
  const [row] = await rows(`SELECT id, type, payload, occurred_at FROM platform.outbox WHERE type = 'appointment.approved' AND payload->>'appointmentId' = $1`, [appointmentId]);
  event = { id: row.id, type: row.type, payload: row.payload, occurredAt: new Date(row.occurred_at).toISOString() };
  [confirmationId] = await test.services.documents.generation.handleEvent(event) as [string];

  const body = multipart(await insuranceCardPng(['HEALTH INSURANCE CARD', 'Insurance number: ABC-123456']), 'Insurance card');
  const uploaded = await test.app.inject({
    method: 'POST', url: '/api/v1/documents', headers: { ...(await test.as('patient-ana')), 'content-type': body.contentType }, payload: body.payload,
  });
  expect(uploaded.statusCode).toBe(201);
  cardId = uploaded.json().id;
  expect((await api('patient-ana', 'POST', `/documents/${cardId}/ocr`, { language: 'eng', domainId: 'medical' })).statusCode).toBe(200);
}, 60_000);
afterAll(() => test?.close());

describe('documents in GDPR export and erasure', () => {
  it('exports the patient\'s documents: versions, decrypted content, OCR results and who accessed them', async () => {
    const response = await api('patient-ana', 'GET', '/me/export');
    expect(response.statusCode).toBe(200);
    const { documents } = response.json().modules.documents;
    const byId = Object.fromEntries(documents.map((document: { id: string }) => [document.id, document]));
    expect(Object.keys(byId).sort()).toEqual([cardId, confirmationId].sort());

    const confirmation = byId[confirmationId];
    expect(confirmation).toMatchObject({ kind: 'generated', templateKey: 'appointment-confirmation', patientId: 'patient-ana', sharedWith: ['patient-ana', 'dr-lopez'] });
    expect(confirmation.versions).toEqual([expect.objectContaining({ version: 1, contentType: 'application/pdf', extraction: null })]);
    const pdf = await readPdf(Buffer.from(confirmation.versions[0].contentBase64, 'base64'));
    expect(pdf.text).toContain('Dr. Elena López');
    expect(confirmation.accessLog).toContainEqual(expect.objectContaining({ action: 'create', actorId: 'documents-automation' }));

    const card = byId[cardId];
    expect(Buffer.from(card.versions[0].contentBase64, 'base64').subarray(1, 4).toString()).toBe('PNG');
    const insurance = card.versions[0].extraction.fields.find((field: { key: string }) => field.key === 'insurance_number');
    expect(insurance).toMatchObject({ value: 'ABC-123456' });
    // Nobody else's documents: Ben's export has none of Ana's.
    expect((await api('patient-ben', 'GET', '/me/export')).json().modules.documents.documents.map((document: { id: string }) => document.id)).not.toContain(cardId);
  });

  it('erases by crypto-shredding: keys, ciphertext, OCR results and shares gone, facts kept, nothing made again', async () => {
    const logBefore = await rows(`SELECT id, document_id, actor_id, action FROM documents.access_log WHERE document_id = ANY($1) ORDER BY id`, [[cardId, confirmationId]]);
    const erased = await api('admin-sam', 'POST', '/users/patient-ana/erase');
    expect(erased.statusCode).toBe(200);

    const ids = [[cardId, confirmationId]];
    expect(await rows(`SELECT 1 FROM documents.versions WHERE document_id = ANY($1)`, ids)).toEqual([]);
    expect(await rows(`SELECT 1 FROM documents.extractions WHERE document_id = ANY($1)`, ids)).toEqual([]);
    expect(await rows(`SELECT 1 FROM documents.shares WHERE document_id = ANY($1)`, ids)).toEqual([]);
    // Tombstones: who, what kind, which appointment and when stay; the title (it may name her) does not.
    const tombstones = await rows(`SELECT id, title, kind, patient_id FROM documents.documents WHERE id = ANY($1) ORDER BY id`, ids);
    expect(tombstones.map((row) => row.title)).toEqual(['erased', 'erased']);
    // The access log is ids, actions, outcomes and times only, and it is kept.
    const logAfter = await rows(`SELECT id, document_id, actor_id, action FROM documents.access_log WHERE document_id = ANY($1) ORDER BY id`, ids);
    expect(logAfter.slice(0, logBefore.length)).toEqual(logBefore);
    const columns = await rows(`SELECT column_name FROM information_schema.columns WHERE table_schema = 'documents' AND table_name = 'access_log' ORDER BY ordinal_position`);
    expect(columns.map((row) => row.column_name)).toEqual(['id', 'document_id', 'version', 'actor_id', 'action', 'outcome', 'request_id', 'at']);

    // Nobody reads them any more, the professional included; a replayed approval makes no new confirmation.
    expect((await api('dr-lopez', 'GET', `/documents/${confirmationId}`)).statusCode).toBe(404);
    expect((await api('dr-lopez', 'GET', '/documents?patientId=patient-ana')).json()).toEqual([]);
    expect(await test.services.documents.generation.handleEvent(event)).toEqual([]);
    // Erasing again changes nothing.
    expect((await api('admin-sam', 'POST', '/users/patient-ana/erase')).statusCode).toBe(200);
    expect(await rows(`SELECT count(*)::int AS n FROM documents.documents WHERE patient_id = 'patient-ana'`)).toEqual([{ n: 2 }]);
  });
});
