import { PDFDocument } from 'pdf-lib';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOutboxRelay, subscribeToEvents, type DomainEvent } from '../../platform/outbox';
import { createTestApp, type TestApp } from '../../testing/test-app';
import { languageDataPath } from './ocr-engine';
import { blankForm, insuranceCardPng, readPdf } from './test-pdfs';

let test: TestApp;
const headers: Record<string, Record<string, string>> = {};
let appointmentId: string;
let confirmationId: string;
const maxBytes = 1_048_576;

const api = async (as: string, method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: object) =>
  test.app.inject({ method, url: `/api/v1${url}`, headers: headers[as], ...(payload ? { payload } : {}) });
const rows = async (text: string, values: unknown[] = []) => (await test.runtime.database.pool.query(text, values)).rows;

/** A multipart body with form fields and one `file` part, as a browser's FormData sends it. */
function multipart(file: { name: string; content: Buffer }, fields: Record<string, string> = {}) {
  const boundary = '----consulta-documents-boundary';
  const parts: Buffer[] = Object.entries(fields).map(([name, value]) => Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  parts.push(Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="${file.name}"\r\ncontent-type: application/octet-stream\r\n\r\n`));
  parts.push(file.content, Buffer.from(`\r\n--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}
const upload = (as: string, url: string, file: { name: string; content: Buffer }, fields: Record<string, string> = {}) => {
  const body = multipart(file, fields);
  return test.app.inject({ method: 'POST', url: `/api/v1${url}`, headers: { ...headers[as], 'content-type': body.contentType }, payload: body.payload });
};
const approvedEvent = async (id: string): Promise<DomainEvent> => {
  const [row] = await rows(`SELECT id, type, payload, occurred_at FROM platform.outbox WHERE type = 'appointment.approved' AND payload->>'appointmentId' = $1`, [id]);
  return { id: row.id, type: row.type, payload: row.payload, occurredAt: new Date(row.occurred_at).toISOString() };
};

beforeAll(async () => {
  test = await createTestApp({ now: '2026-12-01T09:00:00Z', environment: { DOCUMENT_UPLOAD_MAX_BYTES: String(maxBytes) } });
  for (const id of ['patient-ana', 'patient-ben', 'patient-chloe', 'dr-lopez', 'dr-chen', 'atty-martin', 'admin-sam']) headers[id] = await test.as(id);
  const requested = await api('patient-ana', 'POST', '/appointments', {
    professionalId: 'dr-lopez', serviceId: 'derm-consult', start: '2026-12-08T10:20:00+01:00',
    intake: { reason: 'A rash on my arm', date_of_birth: '1988-04-12', insurance_number: 'ES-4455-9921' },
  });
  appointmentId = requested.json().id;
  expect((await api('dr-lopez', 'POST', `/appointments/${appointmentId}/approve`, {})).statusCode).toBe(200);
});
afterAll(() => test?.close());

describe('automation on appointment.approved', () => {
  it('generates the confirmation for the patient once per event, however often the event comes', async () => {
    const event = await approvedEvent(appointmentId);
    const { generation } = test.services.documents;
    const made = await generation.handleEvent(event);
    expect(made).toHaveLength(1);
    expect(await generation.handleEvent(event)).toEqual([]);
    expect(await rows(`SELECT template_key FROM documents.documents WHERE source_event_id = $1`, [event.id])).toEqual([{ template_key: 'appointment-confirmation' }]);
    confirmationId = made[0]!;

    const mine = (await api('patient-ana', 'GET', '/documents')).json();
    expect(mine.map((document: { id: string }) => document.id)).toContain(confirmationId);
    const document = (await api('patient-ana', 'GET', `/documents/${confirmationId}`)).json();
    expect(document).toMatchObject({ patientId: 'patient-ana', kind: 'generated', appointmentId, title: 'Confirmación de cita', sharedWith: ['patient-ana', 'dr-lopez'] });
    const download = await api('patient-ana', 'GET', `/documents/${confirmationId}/content`);
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-type']).toBe('application/pdf');
    const read = await readPdf(download.rawPayload);
    for (const expected of ['Estimado/a Ana García:', 'Servicio: Dermatology consultation', 'Con: Dr. Elena López', `Referencia: ${appointmentId}`, 'Cuándo: martes, 8 de diciembre de 2026, 10:20']) {
      expect(read.text).toContain(expected);
    }
  });

  it('follows the rules per domain: a legal approval also makes the intake summary; other events make nothing', async () => {
    const { generation } = test.services.documents;
    const legal = { id: randomUUID(), type: 'appointment.approved', occurredAt: '2026-12-01T09:00:00Z', payload: { appointmentId: 'appt-seed-3', domainId: 'legal' } };
    const made = await generation.handleEvent(legal);
    expect(made).toHaveLength(2);
    const titles = await Promise.all(made.map(async (id) => (await api('patient-chloe', 'GET', `/documents/${id}`)).json().templateKey));
    expect(titles.sort()).toEqual(['appointment-confirmation', 'legal-intake-summary']);
    const summary = made[titles.indexOf('legal-intake-summary')]!;
    const text = (await readPdf((await api('atty-martin', 'GET', `/documents/${summary}/content`)).rawPayload)).text;
    expect(text).toContain('Type of case: custody');
    expect(text).toContain('Short summary: Custody arrangement after separation');
    expect(await generation.handleEvent({ ...legal, id: randomUUID(), type: 'appointment.cancelled' })).toEqual([]);
    expect((await api('admin-sam', 'GET', '/documents/rules')).json()).toHaveLength(3);
    expect((await api('patient-ana', 'GET', '/documents/rules')).statusCode).toBe(403);
  });
});

describe('automation through the events queue', () => {
  it('generates the confirmation when the relay publishes the approval, beside the other consumers of the event', async () => {
    const seen: string[] = [];
    subscribeToEvents(test.runtime.queue, [
      { name: 'notifications', handle: async (event) => void seen.push(event.type) },
      test.services.documents.eventSubscriber,
    ]);
    const relay = startOutboxRelay({ pool: test.runtime.database.pool, queue: test.runtime.queue, intervalMs: 50 });
    try {
      const requested = await api('patient-ana', 'POST', '/appointments', {
        professionalId: 'dr-lopez', serviceId: 'mole-check', start: '2026-12-09T11:00:00+01:00', intake: { reason: 'A mole that changed', date_of_birth: '1988-04-12' },
      });
      expect(requested.statusCode).toBe(201);
      expect((await api('dr-lopez', 'POST', `/appointments/${requested.json().id}/approve`, {})).statusCode).toBe(200);
      relay.wake();
      let made: Array<{ template_key: string }> = [];
      for (let tries = 0; tries < 200 && made.length === 0; tries += 1) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        made = await rows(`SELECT template_key FROM documents.documents WHERE appointment_id = $1`, [requested.json().id]);
      }
      expect(made).toEqual([{ template_key: 'appointment-confirmation' }]);
      expect(seen).toContain('appointment.approved');
    } finally {
      await relay.stop();
    }
  });
});

describe('sharing', () => {
  it('answers 404 to everyone the document is not shared with, admins included, and logs the refusals', async () => {
    for (const outsider of ['patient-ben', 'dr-chen', 'admin-sam']) {
      for (const url of [`/documents/${confirmationId}`, `/documents/${confirmationId}/content`, `/documents/${confirmationId}/audit`]) {
        const response = await api(outsider, 'GET', url);
        expect(response.statusCode).toBe(404);
        expect(response.json().code).toBe('document_not_found');
      }
      expect((await api(outsider, 'GET', '/documents')).json().map((document: { id: string }) => document.id)).not.toContain(confirmationId);
    }
    const denied = await rows(`SELECT DISTINCT actor_id FROM documents.access_log WHERE document_id = $1 AND outcome = 'denied' ORDER BY actor_id`, [confirmationId]);
    expect(denied.map((row) => row.actor_id)).toEqual(['admin-sam', 'dr-chen', 'patient-ben']);
    const audited = await rows(`SELECT count(*)::int AS count FROM identity.audit_log WHERE resource_type = 'document' AND resource_id = $1 AND outcome = 'denied'`, [confirmationId]);
    expect(audited[0].count).toBe(9);
  });

  it('shares with named users only: the patient, admins, professionals of the patient', async () => {
    const refused = await api('patient-ana', 'PUT', `/documents/${confirmationId}/shares/dr-chen`);
    expect(refused.statusCode).toBe(422);
    expect(refused.json().code).toBe('share_not_allowed');
    expect((await api('patient-ana', 'PUT', `/documents/${confirmationId}/shares/admin-sam`)).json().sharedWith).toContain('admin-sam');
    expect((await api('admin-sam', 'GET', `/documents/${confirmationId}`)).statusCode).toBe(200);
    expect((await api('dr-lopez', 'DELETE', `/documents/${confirmationId}/shares/admin-sam`)).json().sharedWith).toEqual(['patient-ana', 'dr-lopez']);
    expect((await api('admin-sam', 'GET', `/documents/${confirmationId}`)).statusCode).toBe(404);
    expect((await api('dr-lopez', 'DELETE', `/documents/${confirmationId}/shares/patient-ana`)).json().code).toBe('owner_share_required');
    expect((await api('patient-ben', 'PUT', `/documents/${confirmationId}/shares/patient-ben`)).statusCode).toBe(404);
  });

  it('keeps an audit trail per document, readable by those it is shared with', async () => {
    const trail = (await api('patient-ana', 'GET', `/documents/${confirmationId}/audit`)).json() as Array<{ actorId: string; action: string; outcome: string }>;
    expect(trail[0]).toMatchObject({ actorId: 'documents-automation', action: 'create', outcome: 'allowed' });
    expect(trail).toContainEqual(expect.objectContaining({ actorId: 'patient-ana', action: 'download', outcome: 'allowed' }));
    expect(trail).toContainEqual(expect.objectContaining({ actorId: 'patient-ana', action: 'share:admin-sam' }));
    expect(trail).toContainEqual(expect.objectContaining({ actorId: 'dr-chen', action: 'read', outcome: 'denied' }));
  });
});

describe('generation and forms', () => {
  it('renders a template for whoever may read the appointment, with its form fields filled, then fills and flattens it as new versions', async () => {
    expect((await api('dr-chen', 'POST', '/documents/generate', { appointmentId, templateKey: 'medical-referral' })).statusCode).toBe(404);
    expect((await api('dr-lopez', 'POST', '/documents/generate', { appointmentId, templateKey: 'legal-intake-summary' })).json().code).toBe('template_not_for_domain');
    const created = await api('dr-lopez', 'POST', '/documents/generate', { appointmentId, templateKey: 'medical-referral', locale: 'en' });
    expect(created.statusCode).toBe(201);
    const id = created.json().id;
    const fields = (await api('dr-lopez', 'GET', `/documents/${id}/fields`)).json();
    expect(Object.fromEntries(fields.map((field: { name: string; value: string }) => [field.name, field.value]))).toEqual({
      patient_name: 'Ana García', date_of_birth: '1988-04-12', insurance_number: 'ES-4455-9921', reason: 'A rash on my arm', referred_by: 'Dr. Elena López',
    });
    const filled = await api('dr-lopez', 'POST', `/documents/${id}/fill`, { values: { reason: 'Persistent rash, 3 weeks' } });
    expect(filled.json().document.latest.version).toBe(2);
    expect((await api('patient-ana', 'GET', `/documents/${id}/fields`)).json().find((field: { name: string }) => field.name === 'reason').value).toBe('Persistent rash, 3 weeks');
    expect((await api('dr-lopez', 'GET', `/documents/${id}/fields?version=1`)).json().find((field: { name: string }) => field.name === 'reason').value).toBe('A rash on my arm');
    const flat = await api('dr-lopez', 'POST', `/documents/${id}/fill`, { values: {}, flatten: true });
    expect(flat.json().document.versions.map((version: { version: number }) => version.version)).toEqual([3, 2, 1]);
    expect((await api('dr-lopez', 'GET', `/documents/${id}/fields`)).json()).toEqual([]);
    expect((await readPdf((await api('patient-ana', 'GET', `/documents/${id}/content`)).rawPayload)).text).toContain('Persistent rash, 3 weeks');
  });

  it('fills an admin\'s fillable form from the appointment, field by field, explicit values winning', async () => {
    expect((await upload('dr-lopez', '/documents/forms', { name: 'claim.pdf', content: await blankForm() })).statusCode).toBe(403);
    const form = await upload('admin-sam', '/documents/forms', { name: 'claim.pdf', content: await blankForm() }, { name: 'Insurance claim' });
    expect(form.statusCode).toBe(201);
    expect(form.json().fields).toEqual(['patient_name', 'insurance_number', 'reason', 'first_visit', 'plan']);
    const noFields = await upload('admin-sam', '/documents/forms', { name: 'c.pdf', content: (await readPdfless()) });
    expect(noFields.json().code).toBe('form_has_no_fields');
    const filled = await api('dr-lopez', 'POST', `/documents/forms/${form.json().id}/fill`, { appointmentId, values: { plan: 'premium', first_visit: 'yes' } });
    expect(filled.statusCode).toBe(201);
    expect(filled.json().document).toMatchObject({ kind: 'form', title: 'Insurance claim', patientId: 'patient-ana' });
    const fields = (await api('patient-ana', 'GET', `/documents/${filled.json().document.id}/fields`)).json();
    expect(Object.fromEntries(fields.map((field: { name: string; value: string }) => [field.name, field.value]))).toEqual({
      patient_name: 'Ana García', insurance_number: 'ES-4455-9921', reason: 'A rash on my arm', first_visit: 'true', plan: 'premium',
    });
    expect((await api('dr-lopez', 'POST', `/documents/forms/${form.json().id}/fill`, { appointmentId, values: { nope: 'x' } })).json().code).toBe('form_field_unknown');
  });
});

/** A PDF without a form: a rendered template with no fields. */
async function readPdfless(): Promise<Buffer> {
  const response = await api('patient-ana', 'GET', `/documents/${confirmationId}/content`);
  return response.rawPayload;
}

describe('uploads, OCR and encryption at rest', () => {
  it('detects the type from the content and refuses what is not PDF, PNG or JPEG, or a patient not one\'s own', async () => {
    const executable = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(62), Buffer.from('PE\0\0'), Buffer.alloc(200, 1)]);
    const refused = await upload('patient-ana', '/documents', { name: 'card.png', content: executable });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().code).toBe('file_type_not_allowed');
    const card = await insuranceCardPng(['HEALTH INSURANCE CARD']);
    expect((await upload('patient-ben', '/documents', { name: 'card.png', content: card }, { patientId: 'patient-ana' })).json().code).toBe('patient_not_found');
    expect((await upload('dr-chen', '/documents', { name: 'card.png', content: card }, { patientId: 'patient-ana' })).statusCode).toBe(404);
    expect((await upload('dr-lopez', '/documents', { name: 'card.png', content: card })).json().code).toBe('patient_required');
    const big = await upload('patient-ana', '/documents', { name: 'big.pdf', content: Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(maxBytes)]) });
    expect(big.statusCode).toBe(413);
    expect(big.json()).toMatchObject({ code: 'file_too_large', details: { maxBytes } });
    const ownCard = await upload('dr-lopez', '/documents', { name: 'card.png', content: card }, { patientId: 'patient-ana' });
    expect(ownCard.json()).toMatchObject({ patientId: 'patient-ana', sharedWith: ['patient-ana', 'dr-lopez'] });
  });

  it('reads an insurance card with OCR and maps it to intake fields with their confidence', async () => {
    const card = await insuranceCardPng(['HEALTH INSURANCE CARD', 'Name: Ana Garcia', 'Insurance number: ABC-123456', 'Date of birth: 12/04/1988']);
    const uploaded = await upload('patient-ana', '/documents', { name: 'card.png', content: card }, { title: 'Insurance card' });
    expect(uploaded.statusCode).toBe(201);
    expect(uploaded.json()).toMatchObject({ kind: 'upload', title: 'Insurance card', latest: { contentType: 'image/png' }, sharedWith: ['patient-ana'] });
    const id = uploaded.json().id;
    expect((await api('patient-ana', 'POST', `/documents/${id}/ocr`, {})).json().code).toBe('domain_required');
    const read = await api('patient-ana', 'POST', `/documents/${id}/ocr`, { language: 'eng', domainId: 'medical' });
    expect(read.statusCode).toBe(200);
    const extraction = read.json();
    expect(extraction.text).toMatch(/HEALTH INSURANCE CARD/);
    expect(extraction.text).toMatch(/Ana Garcia/);
    const byKey = Object.fromEntries(extraction.fields.map((field: { key: string }) => [field.key, field]));
    expect(byKey.insurance_number).toMatchObject({ value: 'ABC-123456', source: 'label' });
    expect(byKey.insurance_number.confidence).toBeGreaterThan(50);
    expect(byKey.date_of_birth).toMatchObject({ value: '1988-04-12', source: 'label' });
    expect((await api('patient-ana', 'GET', `/documents/${id}/extraction`)).json()).toEqual(extraction);
    // The language data was read from the npm package on disk, and no copy of it was cached in the working directory.
    expect(existsSync(path.join(languageDataPath('eng'), 'eng.traineddata.gz'))).toBe(true);
    expect(existsSync('eng.traineddata')).toBe(false);
    const stored = await rows(`SELECT ciphertext FROM documents.extractions WHERE document_id = $1`, [id]);
    expect(Buffer.from(stored[0].ciphertext).includes(Buffer.from('ABC-123456'))).toBe(false);
    expect((await api('patient-ben', 'GET', `/documents/${id}/extraction`)).statusCode).toBe(404);
  });

  it('reads a scanned page: a PDF whose page is a photo of the card', async () => {
    const card = await insuranceCardPng(['REFERRAL LETTER', 'Insurance number: QRS-445566']);
    const pdf = await PDFDocument.create();
    const image = await pdf.embedPng(card);
    const page = pdf.addPage([595, 842]);
    page.drawImage(image, { x: 40, y: 842 - 40 - image.height * (515 / image.width), width: 515, height: image.height * (515 / image.width) });
    const uploaded = await upload('patient-ana', '/documents', { name: 'referral.pdf', content: Buffer.from(await pdf.save()) }, { title: 'Scanned referral' });
    expect(uploaded.statusCode).toBe(201);
    const read = await api('patient-ana', 'POST', `/documents/${uploaded.json().id}/ocr`, { language: 'eng', domainId: 'medical' });
    expect(read.statusCode).toBe(200);
    expect(read.json().text).toMatch(/REFERRAL LETTER/);
    expect(read.json().fields.find((field: { key: string }) => field.key === 'insurance_number')).toMatchObject({ value: 'QRS-445566' });
  });

  it('stores only ciphertext, and refuses a tampered version with 422 document_tampered', async () => {
    const [stored] = await rows(`SELECT ciphertext, key_id FROM documents.versions WHERE document_id = $1 AND version = 1`, [confirmationId]);
    expect(stored.key_id).toBe('local');
    expect(Buffer.from(stored.ciphertext).includes(Buffer.from('%PDF'))).toBe(false);
    await rows(`UPDATE documents.versions SET ciphertext = set_byte(ciphertext, 100, get_byte(ciphertext, 100) # 1) WHERE document_id = $1 AND version = 1`, [confirmationId]);
    const response = await api('patient-ana', 'GET', `/documents/${confirmationId}/content`);
    expect(response.statusCode).toBe(422);
    expect(response.json()).toMatchObject({ code: 'document_tampered', details: { documentId: confirmationId, version: 1, keyId: 'local' } });
  });

  it('re-wraps data keys on request of an admin only', async () => {
    expect((await api('patient-ana', 'POST', '/documents/keys/rotate')).statusCode).toBe(403);
    expect((await api('admin-sam', 'POST', '/documents/keys/rotate')).json()).toEqual({ rewrapped: 0 });
  });
});

describe('editing the automation rules', () => {
  it('replaces a domain’s rules for admins, refuses rules that could never work, and the automation follows them', async () => {
    const { generation } = test.services.documents;
    const put = (as: string, domainId: string, rules: object[]) => api(as, 'PUT', `/documents/rules/${domainId}`, { rules });
    expect((await put('dr-lopez', 'legal', [])).statusCode).toBe(403);
    expect((await put('admin-sam', 'legal', [{ eventType: 'appointment.approved', templateKey: 'medical-referral', enabled: true }])).json().code).toBe('template_not_for_domain');
    expect((await put('admin-sam', 'legal', [{ eventType: 'appointment.paid', templateKey: 'appointment-confirmation', enabled: true }])).json().code).toBe('unknown_event');
    expect((await put('admin-sam', 'nowhere', [])).statusCode).toBe(404);
    const replaced = await put('admin-sam', 'legal', [
      { eventType: 'appointment.cancelled', templateKey: 'appointment-confirmation', enabled: true },
      { eventType: 'appointment.approved', templateKey: 'legal-intake-summary', enabled: false },
    ]);
    expect(replaced.statusCode).toBe(200);
    expect(replaced.json().map((rule: { eventType: string; enabled: boolean }) => [rule.eventType, rule.enabled])).toEqual([['appointment.approved', false], ['appointment.cancelled', true]]);
    // The refused edits changed nothing, and the medical rules are untouched.
    expect((await api('admin-sam', 'GET', '/documents/rules?domainId=medical')).json()).toHaveLength(1);
    const event = { id: randomUUID(), type: 'appointment.approved', occurredAt: '2026-12-01T09:00:00Z', payload: { appointmentId: 'appt-seed-3', domainId: 'legal' } };
    expect(await generation.handleEvent(event)).toEqual([]);
    expect(await generation.handleEvent({ ...event, id: randomUUID(), type: 'appointment.cancelled' })).toHaveLength(1);
  });
});
