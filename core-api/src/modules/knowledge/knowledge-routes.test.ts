import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing';

let test: TestApp;
beforeAll(async () => {
  test = await createTestApp();
});
afterAll(() => test.close());

const search = async (q: string, locale = 'en', extra = '') => {
  const response = await test.app.inject({ url: `/api/v1/knowledge/search?locale=${locale}&q=${encodeURIComponent(q)}${extra}` });
  expect(response.statusCode).toBe(200);
  return response.json() as { locale: string; passages: Array<{ documentId: string; heading: string; content: string }> };
};

describe('knowledge search over the demo set', () => {
  it('finds the passage that answers a question, in English and in Spanish, without signing in', async () => {
    const parking = await search('Where can I park near the Madrid office?');
    expect(parking.passages[0]).toMatchObject({ documentId: 'address-and-parking-en', heading: 'Addresses, parking and getting here › Madrid' });
    const seguro = await search('¿Trabajáis con Adeslas?', 'es');
    expect(seguro.passages[0]?.documentId).toBe('insurance-es');
  });

  it('answers nothing for a question the documents do not cover', async () => {
    expect((await search('What is the capital of Australia?')).passages).toEqual([]);
    expect((await search('¿Quién ganó el partido del Real Madrid ayer?', 'es')).passages).toEqual([]);
  });

  it('falls back to the default language when nothing is written in the one asked for', async () => {
    const french = await search('Where can I park near the Madrid office?', 'fr');
    expect(french.locale).toBe('en');
    expect(french.passages[0]?.documentId).toBe('address-and-parking-en');
  });

  it('narrows to a domain: legal questions do not get medical preparation texts', async () => {
    const ids = async (domain: string) =>
      (await search('what documents should I bring to my first consultation', 'en', `&domainId=${domain}&limit=10`)).passages.map((passage) => passage.documentId);
    const legal = await ids('legal');
    expect(legal).toContain('preparing-legal-en');
    expect(legal).not.toContain('preparing-dermatology-en');
    const medical = await ids('medical');
    expect(medical).toContain('preparing-dermatology-en');
    expect(medical).not.toContain('preparing-legal-en');
  });

  it('refuses an empty or oversized question with a clear error', async () => {
    const empty = await test.app.inject({ url: '/api/v1/knowledge/search?q=' });
    expect(empty.statusCode).toBe(400);
    const blank = await test.app.inject({ url: '/api/v1/knowledge/search?q=%20%20' });
    expect(blank.statusCode).toBe(400);
    expect(blank.json().code).toBe('empty_question');
  });
});

describe('documents: admins edit, answers follow at once', () => {
  it('indexes a new document before answering, uses an edit at once, and never cites a deleted one', async () => {
    const admin = await test.as('admin-sam');
    const created = await test.app.inject({
      method: 'POST', url: '/api/v1/knowledge/documents', headers: admin,
      payload: { id: 'wifi-en', title: 'Wi-Fi', locale: 'en', body: '# Wi-Fi\n\n## Waiting room\nFree Wi-Fi in every waiting room: the network is Riverside-Guest, password sunflower.' },
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ id: 'wifi-en', version: 1, indexedVersion: 1 });
    expect((await search('is there wifi in the waiting room'))).toMatchObject({ passages: [{ documentId: 'wifi-en' }] });

    const edited = await test.app.inject({
      method: 'PUT', url: '/api/v1/knowledge/documents/wifi-en', headers: admin,
      payload: { title: 'Wi-Fi', locale: 'en', expectedVersion: 1, body: '# Wi-Fi\n\n## Waiting room\nFree Wi-Fi in every waiting room: the network is Riverside-Guest, password bluebird.' },
    });
    expect(edited.json()).toMatchObject({ version: 2, indexedVersion: 2 });
    const afterEdit = await search('wifi password waiting room');
    expect(afterEdit.passages[0]?.content).toContain('bluebird');
    expect(afterEdit.passages.map((passage) => passage.content).join(' ')).not.toContain('sunflower');

    const stale = await test.app.inject({
      method: 'PUT', url: '/api/v1/knowledge/documents/wifi-en', headers: admin,
      payload: { title: 'Wi-Fi', locale: 'en', expectedVersion: 1, body: 'Old edit' },
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe('version_mismatch');

    expect((await test.app.inject({ method: 'DELETE', url: '/api/v1/knowledge/documents/wifi-en', headers: admin })).statusCode).toBe(204);
    expect((await search('wifi password waiting room')).passages.map((passage) => passage.documentId)).not.toContain('wifi-en');
    expect((await test.app.inject({ method: 'DELETE', url: '/api/v1/knowledge/documents/wifi-en', headers: admin })).statusCode).toBe(404);
  });

  it('lets only admins manage documents, and checks what they name', async () => {
    const patient = await test.as('patient-ana');
    const byPatient = await test.app.inject({ method: 'POST', url: '/api/v1/knowledge/documents', headers: patient, payload: { title: 'X', locale: 'en', body: 'x' } });
    expect(byPatient.statusCode).toBe(403);
    expect((await test.app.inject({ url: '/api/v1/knowledge/documents' })).statusCode).toBe(401);

    const admin = await test.as('admin-sam');
    const unknownDomain = await test.app.inject({
      method: 'POST', url: '/api/v1/knowledge/documents', headers: admin, payload: { title: 'Tax', locale: 'en', body: 'x', domainId: 'tax' },
    });
    expect(unknownDomain.statusCode).toBe(400);
    expect(unknownDomain.json().code).toBe('unknown_domain');
    const duplicate = await test.app.inject({
      method: 'POST', url: '/api/v1/knowledge/documents', headers: admin, payload: { id: 'prices-en', title: 'Prices', locale: 'en', body: 'x' },
    });
    expect(duplicate.statusCode).toBe(409);

    const listed = await test.app.inject({ url: '/api/v1/knowledge/documents?locale=es', headers: admin });
    expect(listed.json().map((document: { id: string }) => document.id)).toContain('prices-es');
    expect(listed.json().every((document: { locale: string }) => document.locale === 'es')).toBe(true);
  });
});
