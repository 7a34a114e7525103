import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../platform/clock';
import { audience, otherTenantId, startFakeEntra, tenantId, unsignedToken, type FakeEntra } from './entra-test-fixtures';
import { createEntraVerifier } from './entra-verifier';
import type { TokenVerifier } from './principal';

const now = new Date('2026-12-01T09:00:00Z');
const user = { sub: 'subject-1', oid: 'aaaaaaaa-0000-0000-0000-000000000001', scp: 'access_as_user', preferred_username: 'wei.chen@riverside.example' };
let entra: FakeEntra;
let verifier: TokenVerifier;

beforeAll(async () => {
  entra = await startFakeEntra(now);
  verifier = createEntraVerifier({
    tenantIds: [tenantId],
    audiences: [audience],
    clock: fixedClock(now),
    jwksUrl: entra.jwksUrl,
    clockToleranceSeconds: 60,
    jwksCooldownMilliseconds: 0,
  });
});
afterAll(() => entra?.close());

const refusal = { kind: 'unauthenticated', code: 'unauthenticated' };

describe('Entra ID token verification', () => {
  it('accepts a v2 token and maps app roles and the account', async () => {
    const verified = await verifier.verify(await entra.sign({ ...user, roles: ['Consulta.Professional', 'Other.Role'] }));
    expect(verified).toMatchObject({
      issuer: 'entra',
      subject: 'subject-1',
      objectId: user.oid,
      userPrincipalName: 'wei.chen@riverside.example',
      appRoles: ['Consulta.Professional', 'Other.Role'],
      grantedRoles: ['professional'],
      isService: false,
    });
  });

  it('accepts a v1 token, and an app-only token as a service known by its client id', async () => {
    const v1 = await verifier.verify(await entra.sign({ ...user, upn: 'x@y.example', preferred_username: undefined }, { v1: true }));
    expect(v1.userPrincipalName).toBe('x@y.example');
    const service = await verifier.verify(
      await entra.sign({ sub: 'bot-oid', oid: 'bot-oid', azp: 'bot-client-id', idtyp: 'app', roles: ['Assistant.ActAs'] }),
    );
    expect(service).toMatchObject({ isService: true, subject: 'bot-client-id', appRoles: ['Assistant.ActAs'] });
  });

  it('tolerates clock skew within the tolerance only', async () => {
    const justExpired = await entra.sign(user, { issuedAt: new Date(now.getTime() - 3630_000), ttlSeconds: 3600 });
    await expect(verifier.verify(justExpired)).resolves.toMatchObject({ subject: 'subject-1' });
    const expired = await entra.sign(user, { issuedAt: new Date(now.getTime() - 7200_000), ttlSeconds: 3600 });
    await expect(verifier.verify(expired)).rejects.toMatchObject(refusal);
  });

  it('refuses a wrong audience, a foreign tenant, an unknown key and alg none', async () => {
    await expect(verifier.verify(await entra.sign(user, { audience: 'api://someone-else' }))).rejects.toMatchObject(refusal);
    await expect(verifier.verify(await entra.sign(user, { tenant: otherTenantId }))).rejects.toMatchObject(refusal);
    await expect(verifier.verify(await entra.sign(user, { key: 'stranger' }))).rejects.toMatchObject(refusal);
    const none = unsignedToken({ ...user, tid: tenantId, iss: `https://login.microsoftonline.com/${tenantId}/v2.0`, aud: audience, exp: now.getTime() / 1000 + 60 });
    await expect(verifier.verify(none)).rejects.toMatchObject(refusal);
    await expect(verifier.verify('not-a-token')).rejects.toMatchObject(refusal);
  });

  it('refuses a token whose issuer names another tenant than its tid', async () => {
    const forged = await entra.sign(user, { issuer: `https://login.microsoftonline.com/${otherTenantId}/v2.0` });
    await expect(verifier.verify(forged)).rejects.toMatchObject(refusal);
    await expect(verifier.verify(await entra.sign(user, { issuer: 'https://evil.example/v2.0' }))).rejects.toMatchObject(refusal);
  });

  it('follows a key rotation: a token with a new kid makes it fetch the key set again', async () => {
    await verifier.verify(await entra.sign(user));
    const before = entra.fetches;
    await entra.rotate();
    await expect(verifier.verify(await entra.sign(user))).resolves.toMatchObject({ subject: 'subject-1' });
    expect(entra.fetches).toBe(before + 1);
  });
});
