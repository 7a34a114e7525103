import { describe, expect, it } from 'vitest';
import { clockFromConfig, fixedClock } from './clock';

describe('clock', () => {
  it('freezes time at FIXED_NOW', async () => {
    const clock = clockFromConfig('2026-12-01T09:00:00Z');
    const first = clock.now();
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(clock.now().toISOString()).toBe('2026-12-01T09:00:00.000Z');
    expect(clock.now()).not.toBe(first); // a copy each time: callers may not mutate the shared instant
  });

  it('follows real time without FIXED_NOW', () => {
    const before = Date.now();
    const now = clockFromConfig(undefined).now().getTime();
    expect(now).toBeGreaterThanOrEqual(before);
    expect(now - before).toBeLessThan(1_000);
  });

  it('refuses a malformed instant', () => {
    expect(() => fixedClock('tuesday')).toThrow(RangeError);
  });
});
