import { describe, expect, it } from 'vitest';
import { createReadCache } from './read-cache';

const setup = () => {
  let now = 0;
  let stored: { name: string } | null = { name: 'first' };
  let loads = 0;
  const cache = createReadCache<{ name: string }>({ ttlMs: 1_000, now: () => now });
  const load = async () => {
    loads++;
    return stored && { ...stored };
  };
  return {
    cache,
    read: () => cache.get('key', load),
    advance: (ms: number) => (now += ms),
    store: (value: { name: string } | null) => (stored = value),
    loads: () => loads,
  };
};

describe('read cache', () => {
  it('reuses a value until its time to live has passed, then reads again', async () => {
    const { read, advance, store, loads } = setup();
    expect(await read()).toEqual({ name: 'first' });
    store({ name: 'changed elsewhere' });
    advance(999);
    expect(await read()).toEqual({ name: 'first' });
    expect(loads()).toBe(1);
    advance(1);
    expect(await read()).toEqual({ name: 'changed elsewhere' });
    expect(loads()).toBe(2);
  });

  it('reads again at once after forget, for one key or all', async () => {
    const { cache, read, store } = setup();
    await read();
    store({ name: 'second' });
    cache.forget('key');
    expect(await read()).toEqual({ name: 'second' });
    store({ name: 'third' });
    cache.forget();
    expect(await read()).toEqual({ name: 'third' });
  });

  it('never keeps "not found", so a row created elsewhere is found by the next read', async () => {
    const { read, store, loads } = setup();
    store(null);
    expect(await read()).toBeNull();
    store({ name: 'created' });
    expect(await read()).toEqual({ name: 'created' });
    expect(loads()).toBe(2);
  });

  it('does not keep a value whose read began before a forget', async () => {
    const cache = createReadCache<{ name: string }>({ ttlMs: 1_000, now: () => 0 });
    let finish!: (value: { name: string }) => void;
    const slow = cache.get('key', () => new Promise((resolve) => (finish = resolve)));
    cache.forget('key');
    finish({ name: 'read before the change' });
    expect(await slow).toEqual({ name: 'read before the change' });
    expect(await cache.get('key', async () => ({ name: 'after the change' }))).toEqual({ name: 'after the change' });
  });

  it('hands out frozen values, so no caller changes them for the next', async () => {
    const cache = createReadCache<{ nested: { list: string[] } }>({ ttlMs: 1_000 });
    await cache.get('key', async () => ({ nested: { list: ['a'] } }));
    const value = (await cache.get('key', async () => null))!;
    expect(() => value.nested.list.push('b')).toThrow(TypeError);
  });
});
