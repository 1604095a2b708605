import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CancellableGeneration } from './cancellable-generation';

function stopper() {
  return { requestCancel: vi.fn(() => Promise.resolve()), stopWorker: vi.fn() };
}

describe('CancellableGeneration', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('asks politely and, when the worker stops in time, never kills it', async () => {
    const s = stopper();
    const generation = new CancellableGeneration(s);
    let finish!: (v: string) => void;
    const result = generation.run(new Promise<string>((r) => (finish = r)));
    generation.cancel(1500);
    expect(s.requestCancel).toHaveBeenCalledOnce();
    finish('stopped early');
    expect(await result).toBe('stopped early');
    await vi.advanceTimersByTimeAsync(2000);
    expect(s.stopWorker).not.toHaveBeenCalled();
  });

  it('stops the worker after the grace period and resolves the run as abandoned', async () => {
    const s = stopper();
    const generation = new CancellableGeneration(s);
    const result = generation.run(new Promise<string>(() => {}));
    generation.cancel(1500);
    await vi.advanceTimersByTimeAsync(1499);
    expect(s.stopWorker).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(s.stopWorker).toHaveBeenCalledOnce();
    expect(await result).toBeNull();
    expect(generation.running).toBe(false);
  });

  it('leaves a run started during the grace period alone', async () => {
    const s = stopper();
    const generation = new CancellableGeneration(s);
    let finish!: (v: string) => void;
    const first = generation.run(new Promise<string>((r) => (finish = r)));
    generation.cancel(1500);
    finish('first');
    await first;
    const second = generation.run(new Promise<string>(() => {}));
    await vi.advanceTimersByTimeAsync(2000);
    expect(s.stopWorker).not.toHaveBeenCalled();
    expect(generation.running).toBe(true);
    void second;
  });

  it('does nothing when no run is going', () => {
    const s = stopper();
    new CancellableGeneration(s).cancel();
    expect(s.requestCancel).not.toHaveBeenCalled();
  });
});
