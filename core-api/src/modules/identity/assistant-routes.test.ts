import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/test-app';
import { fixedClock } from '../../platform/clock';
import { createConsents } from './consents';

// What the assistant does with core-api: exchange, register, record consent (dev mode).
let test: TestApp;
let assistant: { authorization: string };
beforeAll(async () => {
  test = await createTestApp();
  const response = await test.app.inject({
    method: 'POST', url: '/api/v1/dev/token', payload: { userId: 'assistant-bot', service: true, appRoles: ['Assistant.ActAs'] },
  });
  assistant = { authorization: `Bearer ${response.json().token}` };
});
afterAll(() => test?.close());

const post = (url: string, payload: object, headers = assistant) => test.app.inject({ method: 'POST', url: `/api/v1${url}`, headers, payload });

describe('token exchange', () => {
  it('answers a five-minute user token carrying the channel and the acting service', async () => {
    const response = await post('/auth/token-exchange', { channel: 'webchat', externalId: 'patient-ben' });
    expect(response.statusCode).toBe(200);
    const { token, expiresIn, userId } = response.json();
    expect({ expiresIn, userId }).toEqual({ expiresIn: 300, userId: 'patient-ben' });
    const claims = decodeJwt(token);
    expect(claims).toMatchObject({ sub: 'patient-ben', channel: 'webchat', act: { sub: 'assistant-bot' } });
    expect(claims.exp! - claims.iat!).toBe(300);
    const me = await test.app.inject({ url: '/api/v1/me', headers: { authorization: `Bearer ${token}` } });
    expect(me.json().id).toBe('patient-ben');
  });

  it('answers 404 channel_identity_not_found for an unknown identity and 400 for a malformed phone', async () => {
    const unknown = await post('/auth/token-exchange', { channel: 'sms', externalId: '+15550000000' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().code).toBe('channel_identity_not_found');
    const malformed = await post('/auth/token-exchange', { channel: 'sms', externalId: '0034 600' });
    expect(malformed.statusCode).toBe(400);
  });
});

describe('registration from a channel', () => {
  it('creates a patient bound to the sender, who can then be exchanged for', async () => {
    const response = await post('/channel-identities/registrations', {
      channel: 'whatsapp', externalId: '+447700900555', name: 'Nina Novak', dateOfBirth: '1991-07-08', locale: 'en',
    });
    expect(response.statusCode).toBe(201);
    const { userId } = response.json();
    expect(userId).toMatch(/^patient-[0-9a-f]{12}$/);
    const exchanged = await post('/auth/token-exchange', { channel: 'whatsapp', externalId: '+447700900555' });
    expect(exchanged.json().userId).toBe(userId);
    const me = await test.app.inject({ url: '/api/v1/me', headers: { authorization: `Bearer ${exchanged.json().token}` } });
    expect(me.json()).toMatchObject({ id: userId, role: 'patient', name: 'Nina Novak', dateOfBirth: '1991-07-08', phone: '+447700900555' });
    const { rows } = await test.runtime.database.pool.query(`SELECT actor_id, action FROM identity.audit_log WHERE resource_id = $1`, [userId]);
    expect(rows).toContainEqual({ actor_id: 'assistant-bot', action: 'user.register' });
  });

  it('refuses to register an identity that already belongs to someone (409)', async () => {
    const response = await post('/channel-identities/registrations', {
      channel: 'sms', externalId: '+34600111222', name: 'Impostor', dateOfBirth: null, locale: 'en',
    });
    expect(response.statusCode).toBe(409);
    expect(response.json().code).toBe('channel_identity_taken');
  });

  it('never moves a bound identity to another user', async () => {
    const response = await test.app.inject({
      method: 'PUT', url: '/api/v1/users/patient-ben/channel-identities', headers: await test.as('admin-sam'),
      payload: { channel: 'sms', externalId: '+34600111222' },
    });
    expect(response.statusCode).toBe(409);
  });
});

describe('messaging consent', () => {
  it('follows STOP and START with a history, and knows no consent for an unknown number', async () => {
    const consents = createConsents({ database: test.runtime.database.pool, clock: fixedClock('2026-12-01T09:00:00Z') });
    expect(await consents.hasConsent('sms', '+12125550100')).toBe(true);
    expect((await post('/consents', { channel: 'sms', phone: '+12125550100', granted: false, source: 'keyword' })).statusCode).toBe(201);
    expect(await consents.hasConsent('sms', '+12125550100')).toBe(false);
    await post('/consents', { channel: 'sms', phone: '+12125550100', granted: true, source: 'keyword' });
    expect(await consents.hasConsent('sms', '+12125550100')).toBe(true);
    expect(await consents.hasConsent('sms', '+15550001111')).toBe(false);
    const history = await test.app.inject({ url: '/api/v1/me/consents', headers: await test.as('patient-ben') });
    expect(history.json().map((record: { granted: boolean; source: string }) => [record.granted, record.source])).toEqual([
      [true, 'keyword'], [false, 'keyword'], [true, 'seed'],
    ]);
  });

  it('tells a channel whether a number has withdrawn its consent, and that a stranger has said nothing', async () => {
    const status = async (externalId: string) =>
      (await test.app.inject({ url: `/api/v1/consents/status?channel=sms&externalId=${encodeURIComponent(externalId)}`, headers: assistant })).json();
    expect(await status('+447700900123')).toEqual({ granted: null, optedOut: false });
    await post('/consents', { channel: 'sms', phone: '+447700900123', granted: false, source: 'keyword' });
    expect(await status('+447700900123')).toEqual({ granted: false, optedOut: true });
    await post('/consents', { channel: 'sms', phone: '+447700900123', granted: true, source: 'keyword' });
    expect(await status('+447700900123')).toEqual({ granted: true, optedOut: false });
  });

  it('records a consent by user, for each of their identities on that channel', async () => {
    const response = await post('/me/consents', { channel: 'whatsapp', granted: false }, await test.as('patient-ana'));
    expect(response.statusCode).toBe(201);
    expect(response.json()).toEqual([expect.objectContaining({ channel: 'whatsapp', externalId: '+34600111222', granted: false, source: 'profile' })]);
    const none = await post('/me/consents', { channel: 'sms', granted: true }, await test.as('dr-lopez'));
    expect(none.statusCode).toBe(400);
    expect(none.json().code).toBe('no_channel_identity');
  });
});
