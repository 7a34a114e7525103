import { describe, expect, it } from 'vitest';
import { createTokenAuthenticator } from './authentication';
import type { TokenVerifier, VerifiedToken } from './principal';
import type { UsersRepository } from './users-repository';

/*
 * Tokens verified lately are taken as verified again until they expire; the user behind them is
 * read on every request all the same.
 */

type StoredUser = { id: string; organizationId: string; role: 'patient'; erasedAt: Date | null };

function setUp(options: { expiresAt?: Date } = {}) {
  let clock = new Date('2026-12-01T09:00:00Z');
  const checked: string[] = [];
  const verifier: TokenVerifier = {
    async verify(token): Promise<VerifiedToken> {
      checked.push(token);
      if (!token.startsWith('good-')) throw Object.assign(new Error('bad'), { statusCode: 401 });
      const expiresAt = 'expiresAt' in options ? options.expiresAt : new Date('2026-12-01T09:05:00Z');
      if (expiresAt && expiresAt.getTime() <= clock.getTime()) throw new Error('expired');
      return { issuer: 'dev', subject: token.slice('good-'.length), appRoles: [], isService: false, expiresAt };
    },
  };
  const users = new Map<string, StoredUser>([['patient-ana', { id: 'patient-ana', organizationId: 'org-demo', role: 'patient', erasedAt: null }]]);
  const repository = { findPrincipal: async (id: string) => users.get(id) ?? null } as unknown as UsersRepository;
  const authenticate = createTokenAuthenticator({ verifiers: [verifier], users: repository, now: () => clock });
  return {
    authenticate,
    checked,
    users,
    advance: (ms: number) => {
      clock = new Date(clock.getTime() + ms);
    },
  };
}

describe('token authentication', () => {
  it('checks a token once, then knows it until it expires', async () => {
    const { authenticate, checked, advance } = setUp();
    for (let request = 0; request < 3; request++) expect(await authenticate('good-patient-ana')).toMatchObject({ kind: 'user', userId: 'patient-ana' });
    expect(checked).toEqual(['good-patient-ana']);
    advance(5 * 60_000);
    await expect(authenticate('good-patient-ana')).rejects.toMatchObject({ kind: 'unauthenticated' });
    expect(checked).toEqual(['good-patient-ana', 'good-patient-ana']);
  });

  it('reads the user on every request: an erased account is refused with a token it used before', async () => {
    const { authenticate, users } = setUp();
    await authenticate('good-patient-ana');
    users.get('patient-ana')!.erasedAt = new Date('2026-12-01T09:01:00Z');
    await expect(authenticate('good-patient-ana')).rejects.toMatchObject({ kind: 'unauthenticated', message: 'This account is not known to Consulta.' });
  });

  it('never keeps a refused token, nor one without an expiry', async () => {
    const refused = setUp();
    await expect(refused.authenticate('forged-patient-ana')).rejects.toMatchObject({ kind: 'unauthenticated' });
    await expect(refused.authenticate('forged-patient-ana')).rejects.toMatchObject({ kind: 'unauthenticated' });
    expect(refused.checked).toHaveLength(2);
    const endless = setUp({ expiresAt: undefined });
    await endless.authenticate('good-patient-ana');
    await endless.authenticate('good-patient-ana');
    expect(endless.checked).toHaveLength(2);
  });
});
