import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ImageAnnotations } from '../domain';
import { Autosave } from './autosave';
import { annotations } from './test/fixtures';

const v = (n: number): ImageAnnotations => ({ ...annotations(), updatedAt: n });

describe('Autosave', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('debounces to one write of the newest value', async () => {
    const save = vi.fn(async () => {});
    const a = new Autosave(save, 300);
    const states: string[] = [];
    a.subscribe((s) => states.push(s));
    a.schedule(v(1));
    a.schedule(v(2));
    await vi.advanceTimersByTimeAsync(299);
    expect(save).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(save).toHaveBeenCalledOnce();
    expect(save).toHaveBeenCalledWith(v(2));
    expect(states).toEqual(['pending', 'saving', 'saved']);
  });

  it('flush writes now, and a value scheduled during a write is written after it', async () => {
    let release = () => {};
    const save = vi.fn(
      (_: ImageAnnotations) =>
        new Promise<void>((r) => {
          release = r;
        }),
    );
    const a = new Autosave(save, 300);
    a.schedule(v(1));
    const done = a.flush();
    expect(a.state).toBe('saving');
    a.schedule(v(2));
    const done2 = a.flush();
    release();
    await vi.advanceTimersByTimeAsync(0);
    release();
    await Promise.all([done, done2]);
    expect(save.mock.calls.map((c) => c[0].updatedAt)).toEqual([1, 2]);
    expect(a.state).toBe('saved');
  });

  it('reports a failed write and retries it on the next flush', async () => {
    const save = vi.fn().mockRejectedValueOnce(new Error('quota')).mockResolvedValue(undefined);
    const a = new Autosave(save, 300);
    a.schedule(v(1));
    await a.flush();
    expect(a.state).toBe('error');
    expect(a.error).toBeInstanceOf(Error);
    await a.flush();
    expect(a.state).toBe('saved');
    expect(save).toHaveBeenCalledTimes(2);
    expect(save).toHaveBeenLastCalledWith(v(1));
  });
});
