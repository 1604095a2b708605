import { describe, expect, it } from 'vitest';
import {
  actualSize,
  createViewport,
  fitViewport,
  heldView,
  panBy,
  resizeScreen,
  toImage,
  toScreen,
  visibleImageRect,
  withHeldView,
  zoomAt,
} from './viewport';

const image = { width: 4000, height: 3000 };
const screen = { width: 1000, height: 800 };

describe('viewport', () => {
  it('maps image to screen and back at any zoom and pan', () => {
    const v = { scale: 2.5, offsetX: -300, offsetY: 120, screen, image };
    const p = { x: 1234.5, y: 987.25 };
    const s = toScreen(v, p);
    expect(s).toEqual({ x: 1234.5 * 2.5 - 300, y: 987.25 * 2.5 + 120 });
    expect(toImage(v, s).x).toBeCloseTo(p.x, 9);
    expect(toImage(v, s).y).toBeCloseTo(p.y, 9);
  });

  it('fits the whole image centred with a margin', () => {
    const v = createViewport(image, screen);
    expect(v.scale).toBeCloseTo((1000 - 32) / 4000, 9);
    const centre = toScreen(v, { x: 2000, y: 1500 });
    expect(centre.x).toBeCloseTo(500, 9);
    expect(centre.y).toBeCloseTo(400, 9);
    const r = visibleImageRect(v);
    expect(r.x).toBeLessThan(0);
    expect(r.x + r.w).toBeGreaterThan(4000);
  });

  it('zooms to the cursor: the image point under it stays put', () => {
    const v = { scale: 0.3, offsetX: 40, offsetY: 10, screen, image };
    const cursor = { x: 712, y: 233 };
    const before = toImage(v, cursor);
    const z = zoomAt(v, cursor, 3.7);
    expect(z.scale).toBeCloseTo(1.11, 9);
    const after = toImage(z, cursor);
    expect(after.x).toBeCloseTo(before.x, 9);
    expect(after.y).toBeCloseTo(before.y, 9);
  });

  it('clamps zoom to its limits', () => {
    const v = { scale: 1, offsetX: 0, offsetY: 0, screen, image };
    expect(zoomAt(v, { x: 0, y: 0 }, 1e6).scale).toBe(64);
    expect(zoomAt(v, { x: 0, y: 0 }, 1e-6).scale).toBe(1 / 64);
  });

  it('shows 1:1 around the screen centre', () => {
    const v = fitViewport({ scale: 1, offsetX: 0, offsetY: 0, screen, image });
    const centre = toImage(v, { x: 500, y: 400 });
    const one = actualSize(v);
    expect(one.scale).toBe(1);
    expect(toImage(one, { x: 500, y: 400 }).x).toBeCloseTo(centre.x, 9);
  });

  it('pans in screen pixels and keeps the centre on resize', () => {
    const v = { scale: 2, offsetX: 0, offsetY: 0, screen, image };
    const p = panBy(v, 30, -20);
    expect(toScreen(p, { x: 10, y: 10 })).toEqual({ x: 50, y: 0 });
    const centre = toImage(p, { x: 500, y: 400 });
    const r = resizeScreen(p, { width: 600, height: 400 });
    const c2 = toImage(r, { x: 300, y: 200 });
    expect(c2.x).toBeCloseTo(centre.x, 9);
    expect(c2.y).toBeCloseTo(centre.y, 9);
  });

  it('carries zoom and place to the next image, relative to its size', () => {
    const zoomed = zoomAt(createViewport(image, screen), { x: 700, y: 300 }, 3);
    const held = heldView(zoomed);
    const same = withHeldView(createViewport(image, screen), held);
    expect(same.scale).toBe(zoomed.scale);
    expect(same.offsetX).toBeCloseTo(zoomed.offsetX, 9);
    expect(same.offsetY).toBeCloseTo(zoomed.offsetY, 9);
    // A half-size image shows the same part of itself at the same zoom.
    const half = withHeldView(createViewport({ width: 2000, height: 1500 }, screen), held);
    const centre = toImage(half, { x: 500, y: 400 });
    const was = toImage(zoomed, { x: 500, y: 400 });
    expect(half.scale).toBe(zoomed.scale);
    expect(centre.x).toBeCloseTo(was.x / 2, 9);
    expect(centre.y).toBeCloseTo(was.y / 2, 9);
  });
});
