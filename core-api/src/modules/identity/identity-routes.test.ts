import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/test-app';

let test: TestApp;
beforeAll(async () => {
  test = await createTestApp();
});
afterAll(() => test?.close());

describe('identity routes', () => {
  it('answers the caller at /me', async () => {
    const response = await test.app.inject({ url: '/api/v1/me', headers: await test.as('patient-ana') });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ id: 'patient-ana', role: 'patient', name: 'Ana García', timeZone: 'Europe/Madrid' });
  });

  it('refuses an anonymous or forged caller with 401', async () => {
    expect((await test.app.inject({ url: '/api/v1/me' })).statusCode).toBe(401);
    const forged = await test.app.inject({ url: '/api/v1/me', headers: { authorization: 'Bearer abc.def.ghi' } });
    expect(forged.statusCode).toBe(401);
    expect(forged.json().code).toBe('unauthenticated');
    expect(forged.body).not.toContain('abc.def.ghi');
  });

  it('lets a patient read her own profile and answers 404 for another patient', async () => {
    const ana = await test.as('patient-ana');
    expect((await test.app.inject({ url: '/api/v1/users/patient-ana', headers: ana })).statusCode).toBe(200);
    const ben = await test.as('patient-ben');
    const response = await test.app.inject({ url: '/api/v1/users/patient-ana', headers: ben });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toEqual({ code: 'user_not_found', message: 'No user with id "patient-ana".' });
  });

  it('lets an admin read anyone of the organisation', async () => {
    const response = await test.app.inject({ url: '/api/v1/users/patient-ben', headers: await test.as('admin-sam') });
    expect(response.statusCode).toBe(200);
    expect(response.json().name).toBe('Ben Carter');
  });

  it('records every read of a user, allowed or denied, in the audit log', async () => {
    const { rows } = await test.runtime.database.pool.query(
      `SELECT actor_id, action, resource_id, outcome FROM identity.audit_log WHERE resource_id = 'patient-ana' ORDER BY id`,
    );
    expect(rows).toEqual(
      expect.arrayContaining([
        { actor_id: 'patient-ana', action: 'user.read', resource_id: 'patient-ana', outcome: 'allowed' },
        { actor_id: 'patient-ben', action: 'user.read', resource_id: 'patient-ana', outcome: 'denied' },
      ]),
    );
  });

  it('issues dev tokens only for known users', async () => {
    const response = await test.app.inject({ method: 'POST', url: '/api/v1/dev/token', payload: { userId: 'patient-zed' } });
    expect(response.statusCode).toBe(404);
    const bad = await test.app.inject({ method: 'POST', url: '/api/v1/dev/token', payload: { user: 'x' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('invalid_request');
  });

  it('lists the users of a role for a dev-mode picker', async () => {
    const response = await test.app.inject({ method: 'GET', url: '/api/v1/dev/users?role=patient' });
    expect(response.statusCode).toBe(200);
    const patients = response.json() as Array<{ id: string; role: string }>;
    expect(patients.map((user) => user.id)).toContain('patient-ana');
    expect(patients.every((user) => user.role === 'patient')).toBe(true);
    expect((await test.app.inject({ method: 'GET', url: '/api/v1/dev/users?role=root' })).statusCode).toBe(400);
  });
});

describe('profile editing', () => {
  const patch = async (userId: string, url: string, payload: object) =>
    test.app.inject({ method: 'PATCH', url: `/api/v1${url}`, headers: await test.as(userId), payload });

  it('lets a patient edit her own profile and shows professional details only for professionals', async () => {
    const response = await patch('patient-ana', '/me', { name: 'Ana García López', timeZone: 'Europe/Lisbon', phone: null });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ name: 'Ana García López', timeZone: 'Europe/Lisbon', phone: null, professional: null });
    const { rows } = await test.runtime.database.pool.query(`SELECT action, outcome FROM identity.audit_log WHERE action = 'user.update'`);
    expect(rows).toContainEqual({ action: 'user.update', outcome: 'allowed' });
  });

  it('refuses invalid values with 400', async () => {
    expect((await patch('patient-ana', '/me', { timeZone: 'Mars/Olympus' })).json().code).toBe('invalid_time_zone');
    expect((await patch('patient-ana', '/me', { dateOfBirth: '2030-01-01' })).json().code).toBe('invalid_date_of_birth');
    expect((await patch('patient-ana', '/me', { professional: { title: 'Dr.' } })).json().code).toBe('not_a_professional');
    // Unknown properties are stripped by validation, so a role never changes through a profile edit.
    expect((await patch('patient-ana', '/me', { role: 'admin', locale: 'es' })).json().role).toBe('patient');
    expect((await patch('patient-ana', '/me', {})).statusCode).toBe(400);
  });

  it('keeps a patient\'s insurance number with the profile, sealed, for patients only', async () => {
    const saved = await patch('patient-ben', '/me', { insuranceNumber: 'ABC-123456' });
    expect(saved.statusCode).toBe(200);
    expect(saved.json().insuranceNumber).toBe('ABC-123456');
    expect((await test.app.inject({ url: '/api/v1/me', headers: await test.as('patient-ben') })).json().insuranceNumber).toBe('ABC-123456');
    const { rows } = await test.runtime.database.pool.query(`SELECT insurance_number_sealed FROM identity.users WHERE id = 'patient-ben'`);
    expect(rows[0].insurance_number_sealed).not.toContain('ABC-123456');
    expect((await patch('patient-ben', '/me', { insuranceNumber: 'abc 1' })).statusCode).toBe(400);
    expect((await patch('dr-chen', '/me', { insuranceNumber: 'ABC-123456' })).json().code).toBe('not_a_patient');
    expect((await patch('patient-ben', '/me', { insuranceNumber: null })).json().insuranceNumber).toBeNull();
  });

  it('clears the verification when a professional changes the registration number', async () => {
    const verified = await patch('admin-sam', '/users/dr-chen', { verified: true, professional: { registrationNumber: 'NY-1' } });
    expect(verified.json().professional).toEqual({ title: null, registrationNumber: 'NY-1', verified: true });
    const changed = await patch('dr-chen', '/me', { professional: { registrationNumber: 'NY-2' } });
    expect(changed.json().professional).toEqual({ title: null, registrationNumber: 'NY-2', verified: false });
  });
});
