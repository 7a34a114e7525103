import { expect, it } from 'vitest';
import { createDocumentLinks } from './document-links';

it('signs a link for one user and document, and refuses it once expired or altered', () => {
  let now = Date.parse('2026-12-01T09:00:00Z');
  const links = createDocumentLinks({ secret: 'a-web-chat-secret-of-some-length', now: () => now });
  const url = new URL(links.link('patient-ben', 'doc-1'), 'https://consulta.example');
  expect(url.pathname).toBe('/webchat/documents/doc-1');
  const expires = Number(url.searchParams.get('expires'));
  const signature = url.searchParams.get('signature')!;
  expect(links.check('patient-ben', 'doc-1', expires, signature)).toBe('ok');
  expect(links.check('patient-ana', 'doc-1', expires, signature)).toBe('invalid');
  expect(links.check('patient-ben', 'doc-2', expires, signature)).toBe('invalid');
  expect(links.check('patient-ben', 'doc-1', expires + 3_600, signature)).toBe('invalid');
  now += 24 * 3_600_000 + 1_000;
  expect(links.check('patient-ben', 'doc-1', expires, signature)).toBe('expired');
  const other = createDocumentLinks({ secret: 'another-secret-entirely-different' });
  expect(other.check('patient-ben', 'doc-1', expires, signature)).toBe('invalid');
});
