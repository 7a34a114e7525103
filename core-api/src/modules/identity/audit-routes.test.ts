import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/test-app';

let test: TestApp;
let admin: { authorization: string };
beforeAll(async () => {
  test = await createTestApp();
  admin = await test.as('admin-sam');
  const pool = test.runtime.database.pool;
  // Entries at known times, as the modules would write them.
  for (const [at, actor, action, resource] of [
    ['2026-11-01T10:00:00Z', 'dr-lopez', 'appointment.read', 'appt-1'],
    ['2026-11-02T10:00:00Z', 'dr-lopez', 'appointment.update', 'appt-1'],
    ['2026-11-03T10:00:00Z', 'patient-ana', 'appointment.read', 'appt-2'],
    ['2026-11-04T10:00:00Z', '=cmd|calc', 'appointment.read', 'appt,"3"'],
  ]) {
    await pool.query(
      `INSERT INTO identity.audit_log (at, actor_id, actor_role, action, resource_type, resource_id, patient_id, outcome, request_id, channel, organization_id)
       VALUES ($1, $2, 'professional', $3, 'appointment', $4, 'patient-ana', 'allowed', 'seeded', 'api', 'org-demo')`,
      [at, actor, action, resource],
    );
  }
});
afterAll(() => test?.close());

const audit = (query: string, headers: Record<string, string> = admin) => test.app.inject({ url: `/api/v1/audit?${query}`, headers });

describe('GET /audit', () => {
  it('filters by actor, action, resource and time range', async () => {
    expect((await audit('actor=dr-lopez')).json().items.map((item: { action: string }) => item.action)).toEqual([
      'appointment.update', 'appointment.read',
    ]);
    expect((await audit('action=appointment.read&resourceType=appointment&resourceId=appt-2')).json().items).toEqual([
      expect.objectContaining({ actorId: 'patient-ana', at: '2026-11-03T10:00:00.000Z', patientId: 'patient-ana' }),
    ]);
    const range = await audit('resourceType=appointment&from=2026-11-02T00:00:00Z&to=2026-11-04T00:00:00Z');
    expect(range.json().items.map((item: { resourceId: string }) => item.resourceId)).toEqual(['appt-2', 'appt-1']);
  });

  it('pages newest first with a cursor, and refuses a forged cursor', async () => {
    const first = await audit('resourceType=appointment&limit=3');
    expect(first.json().items).toHaveLength(3);
    expect(first.json().nextCursor).toEqual(expect.any(String));
    const second = await audit(`resourceType=appointment&limit=3&cursor=${first.json().nextCursor}`);
    expect(second.json()).toEqual({ items: [expect.objectContaining({ resourceId: 'appt-1', action: 'appointment.read' })], nextCursor: null });
    const forged = await audit(`cursor=${Buffer.from("1; DROP TABLE x").toString('base64url')}`);
    expect(forged.statusCode).toBe(400);
    expect(forged.json().code).toBe('invalid_cursor');
  });

  it('exports CSV on ?format=csv or Accept: text/csv, with formula cells defused', async () => {
    const byQuery = await audit('resourceType=appointment&format=csv');
    expect(byQuery.headers['content-type']).toContain('text/csv');
    const lines = byQuery.body.trimEnd().split('\r\n');
    expect(lines[0]).toBe('id,at,actorId,actorRole,actingService,action,resourceType,resourceId,patientId,outcome,requestId,channel');
    expect(lines).toHaveLength(5);
    expect(lines[1]).toContain(`'=cmd|calc,professional,,appointment.read,appointment,"appt,""3""",patient-ana`);
    const byAccept = await test.app.inject({ url: '/api/v1/audit?resourceType=appointment', headers: { ...admin, accept: 'text/csv' } });
    expect(byAccept.body).toBe(byQuery.body);
  });

  it('records that the audit log was read', async () => {
    const { rows } = await test.runtime.database.pool.query(`SELECT count(*)::int AS n FROM identity.audit_log WHERE action = 'audit.read'`);
    expect(rows[0].n).toBeGreaterThanOrEqual(6);
  });
});
