import { describe, expect, it } from 'vitest';
import { isBoxInside } from '../domain';
import {
  cropAround,
  fullFrame,
  pixelBoxToQwen,
  qwenBoxToPixels,
  qwenPointToPixels,
} from './coordinates';

describe('qwenBoxToPixels', () => {
  it('converts relative 0–1000 corners to pixels of a non-square image', () => {
    const frame = fullFrame({ width: 1920, height: 1080 });
    expect(qwenBoxToPixels([100, 250, 600, 750], frame)).toEqual({
      ok: true,
      box: { x: 192, y: 270, w: 960, h: 540 },
      issues: [],
    });
  });

  it('uses the EXIF-corrected size: a rotated portrait photo has width and height swapped', () => {
    // A 4032×3024 sensor image with orientation 6 is shown (and annotated) as 3024×4032.
    const portrait = qwenBoxToPixels(
      [500, 500, 1000, 1000],
      fullFrame({ width: 3024, height: 4032 }),
    );
    expect(portrait.ok && portrait.box).toEqual({ x: 1512, y: 2016, w: 1512, h: 2016 });
    const landscape = qwenBoxToPixels(
      [500, 500, 1000, 1000],
      fullFrame({ width: 4032, height: 3024 }),
    );
    expect(landscape.ok && landscape.box).toEqual({ x: 2016, y: 1512, w: 2016, h: 1512 });
  });

  it('fixes swapped corners, clamps to the image and says so', () => {
    const size = { width: 200, height: 100 };
    const r = qwenBoxToPixels([900, 1200, -50, 500], fullFrame(size));
    expect(r).toEqual({
      ok: true,
      box: { x: 0, y: 50, w: 180, h: 50 },
      issues: expect.arrayContaining(['clamped', 'swapped']),
    });
    expect(r.ok && isBoxInside(r.box, size)).toBe(true);
  });

  it('accepts numeric strings and corner pairs, rejects the rest', () => {
    const frame = fullFrame({ width: 1000, height: 1000 });
    expect(qwenBoxToPixels(['10', '20', '30', '40'], frame)).toMatchObject({ ok: true });
    expect(
      qwenBoxToPixels(
        [
          [10, 20],
          [30, 40],
        ],
        frame,
      ),
    ).toMatchObject({
      ok: true,
      box: { x: 10, y: 20, w: 20, h: 20 },
    });
    expect(qwenBoxToPixels([10, 20, 30], frame)).toEqual({ ok: false, reason: 'not-a-box' });
    expect(qwenBoxToPixels('10,20,30,40', frame)).toEqual({ ok: false, reason: 'not-a-box' });
    expect(qwenBoxToPixels([10, 'x', 30, 40], frame)).toEqual({ ok: false, reason: 'not-a-box' });
  });

  it('drops degenerate boxes', () => {
    const frame = fullFrame({ width: 640, height: 480 });
    expect(qwenBoxToPixels([300, 300, 300, 600], frame)).toEqual({
      ok: false,
      reason: 'degenerate',
    });
    expect(qwenBoxToPixels([1000, 0, 1200, 500], frame)).toEqual({
      ok: false,
      reason: 'degenerate',
    });
  });

  it('maps a crop’s coordinates back to the full image', () => {
    const crop = { x: 100, y: 50, width: 200, height: 100 };
    expect(qwenBoxToPixels([0, 0, 500, 1000], crop)).toMatchObject({
      box: { x: 100, y: 50, w: 100, h: 100 },
    });
    expect(qwenPointToPixels([1000, 500], crop)).toMatchObject({ point: { x: 300, y: 100 } });
  });
});

describe('qwenPointToPixels', () => {
  it('converts and clamps points', () => {
    const frame = fullFrame({ width: 640, height: 480 });
    expect(qwenPointToPixels([500, 250], frame)).toEqual({
      ok: true,
      point: { x: 320, y: 120 },
      issues: [],
    });
    expect(qwenPointToPixels([1100, -3], frame)).toEqual({
      ok: true,
      point: { x: 640, y: 0 },
      issues: ['clamped'],
    });
    expect(qwenPointToPixels([1, 2, 3], frame)).toEqual({ ok: false, reason: 'not-a-point' });
  });
});

describe('crops for a question about a region', () => {
  const image = { width: 1000, height: 800 };

  it('grows the region by the margin, in whole pixels', () => {
    expect(cropAround({ x: 100, y: 100, w: 200, h: 100 }, image, 0.1)).toEqual({
      x: 80,
      y: 90,
      width: 240,
      height: 120,
    });
  });

  it('stays inside the image and keeps a minimum size around tiny regions', () => {
    expect(cropAround({ x: 990, y: 790, w: 50, h: 50 }, image, 0.5)).toEqual({
      x: 965,
      y: 765,
      width: 35,
      height: 35,
    });
    const tiny = cropAround({ x: 500, y: 400, w: 2, h: 2 }, image, 0.1, 32);
    expect(tiny).toEqual({ x: 485, y: 385, width: 32, height: 32 });
  });

  it('round-trips a region through the crop’s relative coordinates', () => {
    const region = { x: 120, y: 200, w: 300, h: 150 };
    const crop = cropAround(region, image, 0.15);
    const rel = pixelBoxToQwen(region, crop);
    const back = qwenBoxToPixels(rel, crop);
    expect(back.ok && back.box.x).toBeCloseTo(120, 0);
    expect(back.ok && back.box.w).toBeCloseTo(300, -1);
  });
});
