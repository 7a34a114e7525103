import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { createTestDatabase } from '../testing/test-database';
import type { Database } from '../platform/database/open-database';
import { demoSeedPath, parseSeed, readSeedFile, SeedError } from './parse-seed';
import { isDatabaseEmpty, loadSeed } from './load-seed';

const demoText = readFileSync(demoSeedPath, 'utf8');
const withChange = (change: (seed: Record<string, any>) => void) => {
  const raw = parse(demoText);
  change(raw);
  return stringify(raw);
};
const errorOf = (text: string) => {
  try {
    parseSeed(text, 'demo.yaml');
  } catch (error) {
    return error as SeedError;
  }
  throw new Error('expected a SeedError');
};

describe('parseSeed', () => {
  it('reads the demo organisation', () => {
    const seed = readSeedFile();
    expect(seed.organization.id).toBe('org-demo');
    expect(seed.professionals.map((professional) => professional.id)).toEqual(['dr-lopez', 'dr-chen', 'pt-okafor', 'atty-martin']);
    expect(seed.professionals[1]!.exceptions[1]).toMatchObject({ date: '2026-12-07', from: '10:00', to: '14:00' });
  });

  it.each([
    ['a bad time zone', (seed: any) => (seed.professionals[1].timezone = 'Mars/Olympus'), 'professionals[1].timezone: must be an IANA time zone'],
    ['a malformed time', (seed: any) => (seed.professionals[0].weekly[0].from = '9am'), 'professionals[0].weekly[0].from: must be HH:mm'],
    ['a missing name', (seed: any) => delete seed.patients[2].name, 'patients[2].name'],
    ['an unknown service', (seed: any) => (seed.professionals[0].services = ['hair-cut']), 'professionals[0].services[0]: unknown service "hair-cut"'],
    ['an unknown patient', (seed: any) => (seed.appointments[0].patient = 'patient-zed'), 'appointments[0].patient: unknown patient'],
    ['a phone that is not E.164', (seed: any) => (seed.patients[0].phone = '600 111 222'), 'patients[0].phone: must be an E.164'],
    ['an open exception without hours', (seed: any) => delete seed.professionals[1].exceptions[1].to, 'professionals[1].exceptions[1]'],
  ])('names the field for %s', (_case, change, expected) => {
    const error = errorOf(withChange(change));
    expect(error).toBeInstanceOf(SeedError);
    expect(error.message).toContain(`demo.yaml: ${expected}`);
  });

  it('reports broken YAML as such', () => {
    expect(errorOf('organization: [unclosed').message).toMatch(/^demo.yaml: not valid YAML/);
  });
});

describe('loadSeed', () => {
  let database: Database;
  beforeAll(async () => {
    database = await createTestDatabase({ seed: false });
  });
  afterAll(() => database?.close());

  const snapshot = async () => {
    const tables = [
      'directory.organizations', 'directory.domains', 'directory.services', 'directory.professionals',
      'directory.professional_services', 'identity.users', 'identity.channel_identities', 'appointments.appointments',
    ];
    const result: Record<string, unknown[]> = {};
    for (const table of tables) {
      result[table] = (await database.pool.query(`SELECT * FROM ${table} ORDER BY 1, 2`)).rows;
    }
    result.rules = (
      await database.pool.query('SELECT professional_id, weekday, start_time, end_time FROM availability.weekly_rules ORDER BY 1, 2, 3')
    ).rows;
    result.history = (await database.pool.query('SELECT appointment_id, to_status FROM appointments.status_history ORDER BY 1')).rows;
    return result;
  };

  it('fills an empty database, and loading twice changes nothing', async () => {
    expect(await isDatabaseEmpty(database.pool)).toBe(true);
    await loadSeed(database.pool, readSeedFile());
    expect(await isDatabaseEmpty(database.pool)).toBe(false);
    const first = await snapshot();
    expect(first['directory.professionals']).toHaveLength(4);
    expect(first['identity.users']).toHaveLength(4 + 3 + 1);
    expect(first.history).toHaveLength(3);

    await loadSeed(database.pool, readSeedFile());
    expect(await snapshot()).toEqual(first);
  });

  it('reads local seed times in the professional zone', async () => {
    const { rows } = await database.pool.query(
      `SELECT id, start_at, end_at, hold_until FROM appointments.appointments ORDER BY id`,
    );
    // dr-lopez is in Madrid (UTC+1 in December); 30 minutes plus a 10-minute buffer.
    expect(rows[0]).toMatchObject({
      id: 'appt-seed-1',
      start_at: new Date('2026-12-08T08:00:00Z'),
      end_at: new Date('2026-12-08T08:30:00Z'),
      hold_until: new Date('2026-12-08T08:40:00Z'),
    });
    // dr-chen is in New York (UTC-5).
    expect(rows[1]!.start_at).toEqual(new Date('2026-12-02T13:00:00Z'));
  });

  it('restores a seeded row that was changed, and leaves other rows alone', async () => {
    await database.pool.query(`UPDATE identity.users SET name = 'Changed' WHERE id = 'patient-ana'`);
    await database.pool.query(
      `INSERT INTO identity.users (id, organization_id, role, name) VALUES ('patient-new', 'org-demo', 'patient', 'New Person')`,
    );
    await loadSeed(database.pool, readSeedFile());
    const { rows } = await database.pool.query(`SELECT id, name FROM identity.users WHERE id IN ('patient-ana', 'patient-new') ORDER BY id`);
    expect(rows).toEqual([
      { id: 'patient-ana', name: 'Ana García' },
      { id: 'patient-new', name: 'New Person' },
    ]);
  });
});
