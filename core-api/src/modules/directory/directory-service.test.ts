import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../platform/database/open-database';
import { inTransaction } from '../../platform/database/transaction';
import { createTestDatabase } from '../../testing/test-database';
import type { UserPrincipal } from '../identity/principal';
import { createDirectoryRepository } from './directory-repository';
import { createDirectoryService } from './directory-service';

let database: Database;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database?.close());

const admin: UserPrincipal = { kind: 'user', userId: 'admin-rosa', role: 'admin', organizationId: 'org-demo', channel: 'api' };

const directoryAt = () => {
  let now = 0;
  const directory = createDirectoryService({ repository: createDirectoryRepository(database.pool), cache: { ttlMs: 5_000, now: () => now } });
  return { directory, advance: (ms: number) => (now += ms) };
};

describe('directory cache', () => {
  it('sees a professional changed by another process once the cache time has passed', async () => {
    const { directory, advance } = directoryAt();
    expect((await directory.professional('dr-lopez')).minNoticeHours).toBe(12);
    // As `npm run seed` or another replica would: straight in the database, unseen by this process.
    await database.pool.query(`UPDATE directory.professionals SET min_notice_hours = 48 WHERE id = 'dr-lopez'`);
    try {
      advance(4_999);
      expect((await directory.professional('dr-lopez')).minNoticeHours).toBe(12);
      advance(1);
      expect((await directory.professional('dr-lopez')).minNoticeHours).toBe(48);
    } finally {
      await database.pool.query(`UPDATE directory.professionals SET min_notice_hours = 12 WHERE id = 'dr-lopez'`);
    }
  });

  it('sees its own change of a domain at once', async () => {
    const { directory } = directoryAt();
    expect((await directory.domain('legal')).approval).toBe('required');
    await directory.updateDomain(admin, 'legal', { approval: 'automatic' });
    try {
      expect((await directory.domain('legal')).approval).toBe('automatic');
    } finally {
      await directory.updateDomain(admin, 'legal', { approval: 'required' });
    }
    expect((await directory.domain('legal')).approval).toBe('required');
  });

  it('finds a professional created after a miss', async () => {
    const { directory } = directoryAt();
    await expect(directory.professional('dr-new')).rejects.toMatchObject({ code: 'professional_not_found' });
    await database.pool.query(
      `INSERT INTO directory.professionals (id, organization_id, name, domain_id, specialty, timezone, languages, buffer_minutes,
         min_notice_hours, booking_horizon_days, cancellation_cutoff_hours)
       VALUES ('dr-new', 'org-demo', 'Dr. New', 'medical', 'dermatology', 'Europe/Madrid', '{en}', 0, 0, 90, 24)`,
    );
    expect((await directory.professional('dr-new')).name).toBe('Dr. New');
  });

  it('reads a missing professional on the transaction’s own connection, where the pool would wait for ever on PGlite', async () => {
    const { directory } = directoryAt();
    const professional = await inTransaction(database.pool, (client) => directory.professional('dr-chen', client));
    expect(professional.timeZone).toBe('America/New_York');
  });
});
