import { describe, expect, it } from 'vitest';
import { createTokenIssuer } from './direct-line-tokens';

const grant = { conversationId: 'conv-1', userId: 'patient-ana', locale: 'es' };

describe('Direct Line tokens', () => {
  it('grant one conversation to one user, however often they are checked', async () => {
    const issuer = createTokenIssuer({ secret: 'a-secret-of-some-length', ttlSeconds: 60 });
    const { token } = await issuer.issue(grant);
    for (let check = 0; check < 3; check++) expect(await issuer.check(token)).toMatchObject({ ok: true, grant });
  });

  it('expire on time, also once they have been checked before', async () => {
    let clock = Date.parse('2026-12-01T09:00:00Z');
    const issuer = createTokenIssuer({ secret: 'a-secret-of-some-length', ttlSeconds: 60, now: () => clock });
    const checkedBefore = (await issuer.issue(grant)).token;
    const neverChecked = (await issuer.issue({ ...grant, conversationId: 'conv-2' })).token;
    expect((await issuer.check(checkedBefore)).ok).toBe(true);
    clock += 59_000;
    expect((await issuer.check(checkedBefore)).ok).toBe(true);
    clock += 2_000;
    expect(await issuer.check(checkedBefore)).toEqual({ ok: false, reason: 'expired' });
    expect(await issuer.check(neverChecked)).toEqual({ ok: false, reason: 'expired' });
    // Still expired when asked again: the token is not taken for new.
    expect(await issuer.check(checkedBefore)).toEqual({ ok: false, reason: 'expired' });
  });

  it('refuse a token changed after signing, or signed with another secret', async () => {
    const issuer = createTokenIssuer({ secret: 'a-secret-of-some-length' });
    const { token } = await issuer.issue(grant);
    expect((await issuer.check(token)).ok).toBe(true);
    const [header, payload, signature] = token.split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
    const forged = [header, Buffer.from(JSON.stringify({ ...claims, conv: 'conv-other' })).toString('base64url'), signature].join('.');
    expect(await issuer.check(forged)).toEqual({ ok: false, reason: 'invalid' });
    const stranger = await createTokenIssuer({ secret: 'another-secret-entirely' }).issue(grant);
    expect(await issuer.check(stranger.token)).toEqual({ ok: false, reason: 'invalid' });
  });

  it('refuse an unsigned token, one meant for another audience and one that names none', async () => {
    const issuer = createTokenIssuer({ secret: 'a-secret-of-some-length' });
    const { token } = await issuer.issue(grant);
    const [, payload] = token.split('.');
    const unsigned = [Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url'), payload, ''].join('.');
    expect(await issuer.check(unsigned)).toEqual({ ok: false, reason: 'invalid' });
    const { createSigner } = await import('fast-jwt');
    const otherAudience = createSigner({ key: 'directline-token:a-secret-of-some-length', algorithm: 'HS256' })({ conv: 'conv-1', sub: 'patient-ana', aud: 'somewhere-else' });
    expect(await issuer.check(otherAudience)).toEqual({ ok: false, reason: 'invalid' });
    const noAudience = createSigner({ key: 'directline-token:a-secret-of-some-length', algorithm: 'HS256', expiresIn: 60_000 })({ conv: 'conv-1', sub: 'patient-ana' });
    expect(await issuer.check(noAudience)).toEqual({ ok: false, reason: 'invalid' });
  });
});
