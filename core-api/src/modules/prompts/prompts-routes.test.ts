import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/test-app';

let test: TestApp;
beforeAll(async () => {
  test = await createTestApp();
});
afterAll(() => test?.close());

const call = async (method: 'GET' | 'POST', url: string, as: string | null, payload?: object) =>
  test.app.inject({ method, url: `/api/v1${url}`, headers: as ? await test.as(as) : {}, ...(payload ? { payload } : {}) });
const key = { domain: 'all', locale: 'en' };
const active = async (conversation: string) =>
  (await call('GET', `/prompts/patient-system/active?domain=all&locale=en&conversation=${conversation}`, 'patient-ana')).json();

describe('prompt overrides', () => {
  it('uses the shipped file until an admin activates a version', async () => {
    expect(await active('c-0')).toEqual({ version: 0, body: null });
  });

  it('lets only admins write versions', async () => {
    expect((await call('POST', '/prompts/patient-system/versions', 'patient-ana', { ...key, body: 'Hacked' })).statusCode).toBe(403);
    expect((await call('POST', '/prompts/patient-system/versions', null, { ...key, body: 'Hacked' })).statusCode).toBe(401);
  });

  it('versions, activates and rolls back', async () => {
    const first = await call('POST', '/prompts/patient-system/versions', 'admin-sam', { ...key, body: 'Version one {{userName}}', note: 'shorter' });
    expect(first.statusCode).toBe(201);
    expect(first.json().version).toBe(1);
    const second = (await call('POST', '/prompts/patient-system/versions', 'admin-sam', { ...key, body: 'Version two' })).json();
    expect(second.version).toBe(2);

    await call('POST', '/prompts/patient-system/activate', 'admin-sam', { ...key, version: 1 });
    expect(await active('c-1')).toEqual({ version: 1, body: 'Version one {{userName}}' });
    await call('POST', '/prompts/patient-system/activate', 'admin-sam', { ...key, version: 2 });
    expect((await active('c-2')).version).toBe(2);

    const rolledBack = await call('POST', '/prompts/patient-system/rollback', 'admin-sam', key);
    expect(rolledBack.json().version).toBe(1);
    expect((await active('c-3')).body).toBe('Version one {{userName}}');
    const history = (await call('GET', '/prompts/patient-system/activations?domain=all&locale=en', 'admin-sam')).json();
    expect(history.map((activation: { version: number }) => activation.version)).toEqual([1, 2, 1]);
  });

  it('refuses to activate a version that does not exist', async () => {
    const response = await call('POST', '/prompts/patient-system/activate', 'admin-sam', { ...key, version: 9 });
    expect(response.statusCode).toBe(404);
  });

  it('splits conversations between two versions, stably, and records each assignment', async () => {
    await call('POST', '/prompts/patient-system/activate', 'admin-sam', { ...key, version: 1, variantVersion: 2, variantShare: 0.5 });
    const versions = [];
    for (let index = 0; index < 40; index++) versions.push((await active(`split-${index}`)).version);
    expect(new Set(versions)).toEqual(new Set([1, 2]));
    expect((await active('split-7')).version).toBe(versions[7]);
    const { rows } = await test.runtime.database.pool.query(`SELECT count(*)::int AS count FROM prompts.assignments WHERE conversation_id LIKE 'split-%'`);
    expect(rows[0].count).toBe(40);
  });

  it('splits with the shipped file (version 0) as the variant too', async () => {
    const activated = await call('POST', '/prompts/patient-system/activate', 'admin-sam', { ...key, version: 1, variantVersion: 0, variantShare: 0.5 });
    expect(activated.json()).toMatchObject({ version: 1, variantVersion: 0, variantShare: 0.5 });
    const answers = [];
    for (let index = 0; index < 40; index++) answers.push(await active(`shipped-split-${index}`));
    expect(new Set(answers.map((answer) => answer.version))).toEqual(new Set([0, 1]));
    // Version 0 has no stored body: the assistant uses its shipped file.
    expect(answers.filter((answer) => answer.version === 0).every((answer) => answer.body === null)).toBe(true);
  });
});
