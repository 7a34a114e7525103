import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import type { PoolClient } from 'pg';
import { createTestApp, type TestApp } from '../../testing/test-app';
import { fixedClock } from '../../platform/clock';
import { createFieldCipher } from '../../platform/field-encryption';
import { createAuditLog } from './audit-log';
import type { PersonalDataContributor } from './personal-data';
import { createPersonalDataService } from './personal-data-service';
import type { UserPrincipal } from './principal';
import { createUsersRepository } from './users-repository';

let test: TestApp;
beforeAll(async () => {
  test = await createTestApp();
});
afterAll(() => test?.close());

const query = (sql: string, values: unknown[] = []) => test.runtime.database.pool.query(sql, values);

describe('GDPR export and erasure', () => {
  it('exports everything identity holds about the caller', async () => {
    const ana = await test.as('patient-ana');
    await test.app.inject({ url: '/api/v1/me', headers: ana });
    const response = await test.app.inject({ url: '/api/v1/me/export', headers: ana });
    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toBe('no-store');
    const { userId, modules } = response.json();
    expect(userId).toBe('patient-ana');
    expect(modules.identity.profile).toMatchObject({ name: 'Ana García', dateOfBirth: '1988-04-12', phone: '+34600111222' });
    expect(modules.identity.channelIdentities).toContainEqual(expect.objectContaining({ channel: 'whatsapp', externalId: '+34600111222' }));
    expect(modules.identity.consents).toContainEqual(expect.objectContaining({ channel: 'sms', granted: true, source: 'seed' }));
    expect(modules.identity.accessLog).toContainEqual(expect.objectContaining({ action: 'user.read', actorId: 'patient-ana' }));
    const { rows } = await query(`SELECT 1 FROM identity.audit_log WHERE action = 'user.export' AND resource_id = 'patient-ana'`);
    expect(rows).toHaveLength(1);
  });

  it('gives an admin the same export of a user of the organisation, audited under the admin, and records refusals', async () => {
    const response = await test.app.inject({ url: '/api/v1/users/patient-ana/export', headers: await test.as('admin-sam') });
    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.json()).toMatchObject({ userId: 'patient-ana', modules: { identity: { profile: { name: 'Ana García' } } } });
    const refused = await test.app.inject({ url: '/api/v1/users/patient-ana/export', headers: await test.as('patient-ben') });
    expect(refused.statusCode).toBe(404);
    const { rows } = await query(
      `SELECT actor_id, outcome FROM identity.audit_log WHERE action = 'user.export' AND resource_id = 'patient-ana' AND actor_id <> 'patient-ana' ORDER BY id`,
    );
    expect(rows).toEqual([{ actor_id: 'admin-sam', outcome: 'allowed' }, { actor_id: 'patient-ben', outcome: 'denied' }]);
  });

  it('erases a patient: personal fields gone, ids and audit entries kept, idempotent, audited', async () => {
    const admin = await test.as('admin-sam');
    await test.app.inject({ url: '/api/v1/users/patient-chloe', headers: admin });
    const auditBefore = await query(`SELECT * FROM identity.audit_log WHERE patient_id = 'patient-chloe' ORDER BY id`);
    const first = await test.app.inject({ method: 'POST', url: '/api/v1/users/patient-chloe/erase', headers: admin });
    expect(first.statusCode).toBe(200);
    const { rows: users } = await query(
      `SELECT name, email, phone, date_of_birth, date_of_birth_sealed, erased_at FROM identity.users WHERE id = 'patient-chloe'`,
    );
    expect(users[0]).toMatchObject({ name: 'Erased user', email: null, phone: null, date_of_birth: null, date_of_birth_sealed: null });
    expect(users[0].erased_at).not.toBeNull();
    expect((await query(`SELECT 1 FROM identity.channel_identities WHERE user_id = 'patient-chloe'`)).rows).toHaveLength(0);
    expect((await query(`SELECT external_id FROM identity.consents WHERE user_id = 'patient-chloe'`)).rows).toEqual(
      expect.arrayContaining([{ external_id: null }]),
    );
    const auditAfter = await query(`SELECT * FROM identity.audit_log WHERE patient_id = 'patient-chloe' ORDER BY id`);
    expect(auditAfter.rows.slice(0, auditBefore.rows.length)).toEqual(auditBefore.rows);
    expect(auditAfter.rows.at(-1)).toMatchObject({ action: 'user.erase', actor_id: 'admin-sam', outcome: 'allowed' });

    const second = await test.app.inject({ method: 'POST', url: '/api/v1/users/patient-chloe/erase', headers: admin });
    expect(second.statusCode).toBe(200);
    expect(second.json()).toEqual(first.json());
    expect((await query(`SELECT name FROM identity.users WHERE id = 'patient-chloe'`)).rows[0].name).toBe('Erased user');
    // An erased user is gone for everyone: no profile, no sign-in, no channel.
    expect((await test.app.inject({ url: '/api/v1/users/patient-chloe', headers: admin })).statusCode).toBe(404);
    const exchange = await test.app.inject({
      method: 'POST', url: '/api/v1/dev/token', payload: { userId: 'patient-chloe' },
    });
    expect(exchange.statusCode).toBe(404);
  });

  it('keeps the audit log append-only in the database', async () => {
    await expect(query(`UPDATE identity.audit_log SET actor_id = 'someone-else'`)).rejects.toThrow(/append-only/);
    await expect(query(`DELETE FROM identity.audit_log`)).rejects.toThrow(/append-only/);
    await expect(query(`TRUNCATE identity.audit_log`)).rejects.toThrow(/append-only/);
    expect((await query(`SELECT count(*)::int AS n FROM identity.audit_log`)).rows[0].n).toBeGreaterThan(0);
  });

  it('stores dates of birth sealed, never in plaintext', async () => {
    const { rows } = await query(`SELECT date_of_birth, date_of_birth_sealed FROM identity.users WHERE id = 'patient-ben'`);
    expect(rows[0].date_of_birth).toBeNull();
    expect(rows[0].date_of_birth_sealed).toMatch(/^v1\.local\./);
    expect(rows[0].date_of_birth_sealed).not.toContain('1975');
    const patched = await test.app.inject({
      method: 'PATCH', url: '/api/v1/me', headers: await test.as('patient-ben'), payload: { dateOfBirth: '1975-10-01' },
    });
    expect(patched.json().dateOfBirth).toBe('1975-10-01');
  });

  it('runs every contributor in the erasure transaction, and a failing one undoes all', async () => {
    const pool = test.runtime.database.pool;
    const clock = fixedClock('2026-12-01T09:00:00Z');
    const cipher = createFieldCipher([{ id: 'k', key: randomBytes(32) }]);
    const seen: string[] = [];
    const contributor = (fail: boolean): PersonalDataContributor => ({
      module: 'notes',
      exportFor: async (userId) => ({ notes: [`about ${userId}`] }),
      async eraseFor(userId: string, client: PoolClient) {
        await client.query(`UPDATE identity.users SET name = 'changed by notes' WHERE id = $1`, [userId]);
        seen.push(userId);
        if (fail) throw new Error('notes store down');
      },
    });
    let wakes = 0;
    const service = (fail: boolean) =>
      createPersonalDataService({
        pool, clock, users: createUsersRepository(pool, cipher), audit: createAuditLog({ database: pool, clock }),
        contributors: [contributor(fail)],
        onEventsWritten: () => (wakes += 1),
      });
    const admin: UserPrincipal = { kind: 'user', userId: 'admin-sam', role: 'admin', organizationId: 'org-demo', channel: 'api' };
    const context = { principal: admin, requestId: 'test' };
    await expect(service(true).erase(admin, 'patient-ben', context)).rejects.toThrow('notes store down');
    const { rows } = await query(`SELECT name, erased_at FROM identity.users WHERE id = 'patient-ben'`);
    expect(rows[0]).toEqual({ name: 'Ben Carter', erased_at: null });
    expect(wakes).toBe(0);
    const erased = await service(false).erase(admin, 'patient-ben', context);
    expect(seen).toEqual(['patient-ben', 'patient-ben']);
    expect((await query(`SELECT erased_at FROM identity.users WHERE id = 'patient-ben'`)).rows[0].erased_at).not.toBeNull();
    // The relay is woken once the erasure committed, and not for an erasure that changes nothing.
    expect(wakes).toBe(1);
    expect(await service(false).erase(admin, 'patient-ben', context)).toEqual(erased);
    expect(wakes).toBe(1);
  });
});
