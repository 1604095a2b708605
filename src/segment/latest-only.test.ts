import { describe, expect, it } from 'vitest';
import { boxPrompt, outlineInBox } from './box-outline';
import { LatestOnly } from './latest-only';
import type { Mask } from './mask';
import { placedMaskToRle, maskToRle } from './rle';
import { ringsToRle, rasterizeRings } from './raster';

function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((a, b) => ((resolve = a), (reject = b)));
  return { promise, resolve, reject };
}
const tick = () => new Promise((r) => setTimeout(r, 0));

describe('LatestOnly', () => {
  it('runs one job at a time, then only the newest waiting one, and delivers only the newest', async () => {
    const q = new LatestOnly<number>();
    const jobs = [deferred<number>(), deferred<number>(), deferred<number>()];
    const started: number[] = [];
    const got: number[] = [];
    const ask = (i: number) =>
      q.request(
        () => (started.push(i), jobs[i]!.promise),
        (v) => got.push(v),
        () => got.push(-1),
      );
    ask(0);
    ask(1);
    ask(2);
    expect(started).toEqual([0]);
    expect(q.busy).toBe(true);
    jobs[0]!.resolve(10);
    await tick();
    // Job 0's answer is stale (2 was asked since); job 1 never runs.
    expect(got).toEqual([]);
    expect(started).toEqual([0, 2]);
    jobs[2]!.resolve(12);
    await tick();
    expect(got).toEqual([12]);
    expect(q.busy).toBe(false);
  });

  it('reports a failure of the newest job, and cancel silences what runs', async () => {
    const q = new LatestOnly<number>();
    const failed: unknown[] = [];
    const job = deferred<number>();
    q.request(
      () => job.promise,
      () => failed.push('no'),
      (e) => failed.push(e),
    );
    job.reject(new Error('boom'));
    await tick();
    expect(failed).toEqual([new Error('boom')]);
    const late = deferred<number>();
    const got: number[] = [];
    q.request(
      () => late.promise,
      (v) => got.push(v),
      () => got.push(-1),
    );
    q.cancel();
    late.resolve(1);
    await tick();
    expect(got).toEqual([]);
    // A job that throws before giving a promise counts as failed.
    q.request(
      () => {
        throw new Error('sync');
      },
      () => got.push(1),
      (e) => failed.push(e),
    );
    await tick();
    expect(failed).toHaveLength(2);
  });
});

describe('box → polygon', () => {
  it('asks with the box and keeps the largest part with its holes', () => {
    expect(boxPrompt({ x: 1, y: 2, w: 3, h: 4 })).toEqual({
      points: [],
      box: { x: 1, y: 2, width: 3, height: 4 },
    });
    const data = new Uint8Array(10 * 6);
    // A 4×4 frame with a 1-pixel hole, and a 1-pixel speck.
    for (let r = 1; r < 5; r++)
      for (let c = 1; c < 5; c++) data[r * 10 + c] = r === 2 && c === 2 ? 0 : 1;
    data[1 * 10 + 8] = 1;
    const mask: Mask = { width: 10, height: 6, data, imageWidth: 20, imageHeight: 12 };
    expect(outlineInBox(mask, 0)).toEqual({
      kind: 'polygon',
      points: [2, 2, 10, 2, 10, 10, 2, 10],
      holes: [[4, 4, 4, 6, 6, 6, 6, 4]],
    });
    expect(outlineInBox({ ...mask, data: new Uint8Array(60) }, 0)).toBeNull();
  });
});

describe('RLE of a placed crop', () => {
  it('equals the RLE of the whole image', () => {
    const rings = [
      [3, 1, 9, 2, 7, 6, 2, 5],
      [4, 2, 6, 2, 6, 4],
    ];
    const size = { width: 12, height: 8 };
    expect(ringsToRle(rings, size)).toEqual(maskToRle(rasterizeRings(rings, size)));
    expect(placedMaskToRle({ width: 0, height: 0, data: new Uint8Array(0) }, 0, 0, size)).toEqual({
      size: [8, 12],
      counts: [96],
    });
  });
});
