import { describe, expect, it } from 'vitest';
import { WorkQueue } from './work-queue';

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('WorkQueue', () => {
  it('runs one job at a time, and what the user waits for before waiting prefetches', async () => {
    const queue = new WorkQueue();
    const order: string[] = [];
    let release: () => void = () => undefined;
    const first = queue.run('background', async () => {
      order.push('prefetch 1 starts');
      await new Promise<void>((resolve) => (release = resolve));
      order.push('prefetch 1 ends');
    });
    const second = queue.run('background', async () => void order.push('prefetch 2'));
    const click = queue.run('now', async () => void order.push('decode'));
    await tick();
    expect(order).toEqual(['prefetch 1 starts']);
    release();
    await Promise.all([first, second, click]);
    expect(order).toEqual(['prefetch 1 starts', 'prefetch 1 ends', 'decode', 'prefetch 2']);
  });

  it('a failing job rejects its own promise and the queue goes on', async () => {
    const queue = new WorkQueue();
    const failed = queue.run('now', async () => {
      throw new Error('broken image');
    });
    const next = queue.run('now', async () => 42);
    await expect(failed).rejects.toThrow('broken image');
    await expect(next).resolves.toBe(42);
    expect(queue.pending).toBe(0);
  });
});
