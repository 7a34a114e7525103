import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Clock } from '../../platform/clock';
import { createTestDatabase } from '../../testing';
import type { Database } from '../../platform/database/open-database';
import { createAuditLog, type AuditContext } from './audit-log';
import { createChannelIdentities } from './channel-identities';
import { createVerifications } from './verifications';
import { fieldCipherFromConfig } from '../../platform/field-encryption';

let database: Database;
let now = new Date('2026-12-01T09:00:00Z');
const clock: Clock = { now: () => now };
const sent: Array<{ userId: string; via: string; code: string }> = [];
const service: AuditContext = { principal: { kind: 'service', serviceId: 'consulta-bot', appRoles: ['Assistant.ActAs'] }, requestId: 'r1' };

function verifications() {
  const audit = createAuditLog({ database: database.pool, clock });
  const channelIdentities = createChannelIdentities({ pool: database.pool, cipher: fieldCipherFromConfig({ FIELD_ENCRYPTION_KEYS: undefined, NODE_ENV: 'test' }), audit, clock });
  return {
    channelIdentities,
    verifications: createVerifications({ pool: database.pool, clock, audit, channelIdentities, secret: 'test-secret', send: async (message) => void sent.push(message) }),
  };
}

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.close());

describe('verifying a web chat visitor by a one-time code', () => {
  it('sends a code to the e-mail on the patient record, and the right code binds the visitor to the patient', async () => {
    const { verifications: service_, channelIdentities } = verifications();
    const started = await service_.start({ channel: 'webchat', externalId: 'visitor-1', contact: ' Ana.Garcia@Example.org ' }, service);
    expect(started.sentTo).toBe('a•••@example.org');
    expect(sent.at(-1)).toMatchObject({ userId: 'patient-ana', via: 'email' });
    const code = sent.at(-1)!.code;
    expect(code).toMatch(/^\d{6}$/);
    // Only a hash is kept.
    const stored = await database.pool.query(`SELECT code_hash FROM identity.verifications WHERE id = $1`, [started.verificationId]);
    expect(stored.rows[0].code_hash).not.toContain(code);

    await expect(service_.confirm(started.verificationId, { code, channel: 'webchat', externalId: 'visitor-1' }, service)).resolves.toEqual({ userId: 'patient-ana' });
    expect(await channelIdentities.resolve('webchat', 'visitor-1')).toMatchObject({ userId: 'patient-ana', verified: true });
    const audit = await database.pool.query(`SELECT action FROM identity.audit_log WHERE patient_id = 'patient-ana' AND action LIKE 'channel_identity.verif%' ORDER BY id`);
    expect(audit.rows.map((row) => row.action)).toEqual(['channel_identity.verification_sent', 'channel_identity.verify']);
    // A code works once.
    await expect(service_.confirm(started.verificationId, { code, channel: 'webchat', externalId: 'visitor-1' }, service)).rejects.toMatchObject({ code: 'verification_used' });
  });

  it('sends by SMS for a phone number, and answers an unknown contact exactly as a known one without sending anything', async () => {
    const { verifications: service_ } = verifications();
    const before = sent.length;
    const phone = await service_.start({ channel: 'webchat', externalId: 'visitor-2', contact: '+1 212-555-0100' }, service);
    expect(sent.at(-1)).toMatchObject({ userId: 'patient-ben', via: 'sms' });
    expect(phone.sentTo).toBe('+12••••••100');
    const unknown = await service_.start({ channel: 'webchat', externalId: 'visitor-2', contact: 'nobody@example.org' }, service);
    expect(Object.keys(unknown).sort()).toEqual(Object.keys(phone).sort());
    expect(sent.length).toBe(before + 1);
    // Whatever is typed, an unknown contact never verifies.
    await expect(service_.confirm(unknown.verificationId, { code: '000000', channel: 'webchat', externalId: 'visitor-2' }, service)).rejects.toMatchObject({ code: 'code_invalid' });
  });

  it('counts wrong codes, stops after five, refuses an expired code and another identity’s verification', async () => {
    const { verifications: service_ } = verifications();
    const started = await service_.start({ channel: 'webchat', externalId: 'visitor-3', contact: 'chloe.dubois@example.org' }, service);
    const code = sent.at(-1)!.code;
    const wrong = code === '111111' ? '222222' : '111111';
    await expect(service_.confirm(started.verificationId, { code, channel: 'webchat', externalId: 'visitor-other' }, service)).rejects.toMatchObject({ code: 'verification_not_found' });
    for (let attempt = 0; attempt < 5; attempt += 1) {
      await expect(service_.confirm(started.verificationId, { code: wrong, channel: 'webchat', externalId: 'visitor-3' }, service)).rejects.toMatchObject({ code: 'code_invalid', details: { attemptsLeft: 4 - attempt } });
    }
    await expect(service_.confirm(started.verificationId, { code, channel: 'webchat', externalId: 'visitor-3' }, service)).rejects.toMatchObject({ code: 'too_many_attempts' });

    const again = await service_.start({ channel: 'webchat', externalId: 'visitor-3', contact: 'chloe.dubois@example.org' }, service);
    now = new Date(now.getTime() + 11 * 60_000);
    await expect(service_.confirm(again.verificationId, { code: sent.at(-1)!.code, channel: 'webchat', externalId: 'visitor-3' }, service)).rejects.toMatchObject({ code: 'code_expired' });
  });

  it('refuses a contact that is neither an e-mail nor a phone number, and more than five codes an hour for one visitor', async () => {
    const { verifications: service_ } = verifications();
    await expect(service_.start({ channel: 'webchat', externalId: 'visitor-4', contact: 'ana' }, service)).rejects.toMatchObject({ code: 'invalid_contact' });
    for (let index = 0; index < 5; index += 1) await service_.start({ channel: 'webchat', externalId: 'visitor-4', contact: `x${index}@example.org` }, service);
    await expect(service_.start({ channel: 'webchat', externalId: 'visitor-4', contact: 'x@example.org' }, service)).rejects.toMatchObject({ code: 'too_many_verifications' });
  });
});
