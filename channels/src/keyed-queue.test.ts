import { describe, expect, it } from 'vitest';
import { createKeyedQueue } from './keyed-queue';

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

describe('createKeyedQueue', () => {
  it('runs one key in order, lets other keys run meanwhile, and goes on after a failure', async () => {
    const queue = createKeyedQueue();
    const log: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    void queue.enqueue('a', async () => {
      await gate;
      log.push('a1');
    });
    void queue.enqueue('a', async () => {
      log.push('a2');
      throw new Error('boom');
    }).catch(() => undefined);
    void queue.enqueue('a', async () => void log.push('a3'));
    void queue.enqueue('b', async () => void log.push('b1'));
    await tick();
    expect(log).toEqual(['b1']);
    release();
    await queue.idle();
    expect(log).toEqual(['b1', 'a1', 'a2', 'a3']);
  });
});

describe('createKeyedQueue with a cap', () => {
  it('runs at most maxRunning tasks at once across keys, and all of them in the end', async () => {
    const queue = createKeyedQueue({ maxRunning: 2 });
    let running = 0;
    let most = 0;
    const done: string[] = [];
    for (const key of ['a', 'b', 'c', 'd', 'e']) {
      void queue.enqueue(key, async () => {
        running += 1;
        most = Math.max(most, running);
        await tick();
        running -= 1;
        done.push(key);
      });
    }
    await queue.idle();
    expect(most).toBe(2);
    expect([...done].sort()).toEqual(['a', 'b', 'c', 'd', 'e']);
  });
});
