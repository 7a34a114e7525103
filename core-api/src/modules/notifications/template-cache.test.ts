import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../platform/clock';
import type { Database } from '../../platform/database/open-database';
import { createTestDatabase } from '../../testing';
import { createTemplateStore, type TemplateKey } from './template-store';

// The template a notification uses is cached (see createTemplateStore): what an admin does here shows
// at once, what is written elsewhere (another replica) once the cache's time has passed.
let database: Database;
beforeAll(async () => {
  database = await createTestDatabase({ seed: false });
}, 60_000);
afterAll(async () => database?.close());

const content = (text: string) => ({ subject: null, text, html: null, urgent: false });

function setup(key: TemplateKey) {
  let now = 0;
  let reads = 0;
  // Counts what reaches the database, so a test can tell a cached answer from a fresh one.
  const pool = new Proxy(database.pool, {
    get(target, property, receiver) {
      if (property === 'query') return (...args: Parameters<typeof target.query>) => (reads++, (target.query as (...a: unknown[]) => unknown)(...args));
      return Reflect.get(target, property, receiver);
    },
  });
  const store = createTemplateStore({ pool, clock: systemClock, cache: { ttlMs: 1_000, now: () => now } });
  return {
    store,
    resolve: async () => (await store.resolve(key, 'ntf-1')).content.text,
    advance: (ms: number) => (now += ms),
    reads: () => reads,
  };
}

describe('the template in force, cached', () => {
  it('is read once while nothing changes, and the default in force is cached too', async () => {
    const { resolve, reads } = setup({ event: 'appointment.declined', channel: 'sms', locale: 'fr' });
    const first = await resolve();
    const readsAfterFirst = reads();
    expect(readsAfterFirst).toBeGreaterThan(0);
    expect(await resolve()).toBe(first);
    expect(await resolve()).toBe(first);
    expect(reads()).toBe(readsAfterFirst);
  });

  it('changes at once on an activation or a rollback made here', async () => {
    const key: TemplateKey = { event: 'appointment.declined', channel: 'sms', locale: 'en' };
    const { store, resolve } = setup(key);
    const builtIn = await resolve();
    const { version } = await store.addVersion('admin-sam', key, content('Declined, version one.'));
    expect(await resolve()).toBe(builtIn); // added, not yet in force
    await store.activate('admin-sam', key, { version });
    expect(await resolve()).toBe('Declined, version one.');
    await store.rollback('admin-sam', key);
    expect(await resolve()).toBe(builtIn);
  });

  it('shows an activation written elsewhere once its time has passed', async () => {
    const key: TemplateKey = { event: 'appointment.declined', channel: 'sms', locale: 'es' };
    const { store, resolve, advance } = setup(key);
    const elsewhere = createTemplateStore({ pool: database.pool, clock: systemClock });
    const builtIn = await resolve();
    const { version } = await elsewhere.addVersion('admin-sam', key, content('Rechazada, versión uno.'));
    await elsewhere.activate('admin-sam', key, { version });
    advance(999);
    expect(await resolve()).toBe(builtIn);
    advance(1);
    expect(await resolve()).toBe('Rechazada, versión uno.');
    expect((await store.resolve(key, 'ntf-1')).version).toBe(version);
  });
});
