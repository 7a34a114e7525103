import { describe, expect, it } from 'vitest';
import type { Contact } from '../identity/contacts';
import { createAddressBook } from './address-book';

// Ben: e-mail, a verified SMS number and web chat; consent given on SMS, withdrawn on web chat.
function addressBook(options: { push?: boolean } = {}) {
  const asked = { consents: [] as string[], push: 0 };
  const contact: Contact = {
    user: {
      id: 'patient-ben', organizationId: 'org-demo', role: 'patient', name: 'Ben Carter', email: 'ben@example.org', phone: null,
      locale: 'en', timeZone: 'America/New_York', erasedAt: null,
    },
    identities: [
      { channel: 'sms', externalId: '+12125550100', userId: 'patient-ben', verified: true },
      { channel: 'webchat', externalId: 'wc-ben', userId: 'patient-ben', verified: true },
    ],
    consents: {},
  };
  const book = createAddressBook({
    contacts: {
      // As the contact card answers: a consent for each asked channel with an address, none for the others.
      contactOf: async (_userId, channels) => {
        asked.consents.push(...channels);
        const given = { sms: true, webchat: false } as const;
        return { ...contact, consents: Object.fromEntries(channels.filter((channel) => channel in given).map((channel) => [channel, given[channel as keyof typeof given]])) };
      },
    },
    hasSender: () => true,
    hasPushSubscription: async () => {
      asked.push++;
      return options.push ?? false;
    },
  });
  return { book, asked };
}

describe('address book lookups', () => {
  it('reads the consents of the channels it is asked about, no others', async () => {
    const { book, asked } = addressBook();
    const card = (await book.lookUp('patient-ben', { channels: ['sms'] }))!;
    expect(card.blocked('sms')).toBeNull();
    expect(card.on('sms').address).toBe('+12125550100');
    expect(asked).toEqual({ consents: ['sms'], push: 0 });
  });

  it('answers every channel when not told which, as before', async () => {
    const { book, asked } = addressBook({ push: true });
    const card = (await book.lookUp('patient-ben'))!;
    expect(['email', 'sms', 'whatsapp', 'webchat', 'teams', 'push'].map((channel) => card.blocked(channel as never))).toEqual([
      null, null, 'no_address', 'opted_out', 'no_address', null,
    ]);
    expect(asked.consents.sort()).toEqual(['sms', 'teams', 'webchat', 'whatsapp']);
    expect(asked.push).toBe(1);
  });

  it('takes the push answer it is given instead of asking again', async () => {
    const { book, asked } = addressBook();
    const card = (await book.lookUp('patient-ben', { channels: ['push', 'email'], hasPushSubscription: true }))!;
    expect(card.blocked('push')).toBeNull();
    expect(asked.push).toBe(0);
  });

  it('refuses a question about a channel it did not look up, rather than guess', async () => {
    const { book } = addressBook();
    const card = (await book.lookUp('patient-ben', { channels: ['webchat'] }))!;
    expect(card.blocked('webchat')).toBe('opted_out');
    expect(() => card.blocked('sms')).toThrow(/not asked about sms/);
    expect(() => card.on('email')).toThrow(/not asked about email/);
  });
});
