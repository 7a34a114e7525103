import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/test-app';

let test: TestApp;
beforeAll(async () => {
  test = await createTestApp();
  const pool = test.runtime.database.pool;
  await pool.query(
    `INSERT INTO identity.users (id, organization_id, role, name, email, phone, locale, timezone) VALUES
       ('contact-zoe', 'org-demo', 'patient', 'Zoe Ward', 'zoe@example.org', '+15550001', 'en', 'America/Chicago'),
       ('contact-yan', 'org-demo', 'patient', 'Yan Li', NULL, '+15550101', 'fr', 'Europe/Paris')`,
  );
  await pool.query(
    `INSERT INTO identity.channel_identities (channel, external_id, user_id, verified_at) VALUES
       ('sms', '+15550002', 'contact-zoe', now()), ('sms', '+15550000', 'contact-zoe', NULL),
       ('whatsapp', '+15550009', 'contact-zoe', now()), ('whatsapp', '+15550003', 'contact-zoe', now()),
       ('webchat', 'wc-zoe', 'contact-zoe', now())`,
  );
  // In order: the latest record for an address is the one that counts.
  for (const [channel, externalId, userId, granted] of [
    ['sms', '+15550002', 'contact-zoe', true], ['sms', '+15550002', 'contact-zoe', false],
    ['sms', '+15550001', 'contact-zoe', true], // the profile's phone: not Zoe's SMS address, she has a verified one
    ['whatsapp', '+15550003', 'contact-zoe', true], ['whatsapp', '+15550009', 'contact-zoe', false],
    ['sms', '+15550101', 'contact-yan', true],
  ] as const) {
    await pool.query(`INSERT INTO identity.consents (channel, external_id, user_id, granted, source, at) VALUES ($1, $2, $3, $4, 'test', now())`, [
      channel, externalId, userId, granted,
    ]);
  }
});
afterAll(() => test?.close());

describe('contact cards', () => {
  it('reads the user, every identity and the latest consent of each asked address in one card', async () => {
    const contact = await test.services.contacts.contactOf('contact-zoe', ['sms', 'whatsapp', 'webchat', 'teams']);
    expect(contact?.user).toEqual({
      id: 'contact-zoe', organizationId: 'org-demo', role: 'patient', name: 'Zoe Ward', email: 'zoe@example.org', phone: '+15550001',
      locale: 'en', timeZone: 'America/Chicago', erasedAt: null,
    });
    expect(contact?.identities).toEqual([
      { channel: 'sms', externalId: '+15550000', userId: 'contact-zoe', verified: false },
      { channel: 'sms', externalId: '+15550002', userId: 'contact-zoe', verified: true },
      { channel: 'webchat', externalId: 'wc-zoe', userId: 'contact-zoe', verified: true },
      { channel: 'whatsapp', externalId: '+15550003', userId: 'contact-zoe', verified: true },
      { channel: 'whatsapp', externalId: '+15550009', userId: 'contact-zoe', verified: true },
    ]);
    // SMS: the verified number, withdrawn last; WhatsApp: the first verified number's consent, not the
    // other's; web chat: nothing on record; Teams: no address, so no entry.
    expect(contact?.consents).toEqual({ sms: false, whatsapp: true, webchat: null });
  });

  it('reads only the consents it is asked for', async () => {
    expect((await test.services.contacts.contactOf('contact-zoe', ['whatsapp']))?.consents).toEqual({ whatsapp: true });
    expect((await test.services.contacts.contactOf('contact-zoe', []))?.consents).toEqual({});
  });

  it("falls back to the profile's phone for SMS when no SMS identity is verified", async () => {
    const contact = await test.services.contacts.contactOf('contact-yan', ['sms', 'whatsapp']);
    expect(contact?.identities).toEqual([]);
    expect(contact?.consents).toEqual({ sms: true });
  });

  it('answers null for an unknown user', async () => {
    expect(await test.services.contacts.contactOf('nobody', ['sms'])).toBeNull();
  });
});
