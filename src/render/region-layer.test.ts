import { describe, expect, it } from 'vitest';
import type { Viewport } from '../editor/viewport';
import { panBy, zoomAt } from '../editor/viewport';
import { placeRaster, rasterArea, rasterFor, rasterServes } from './region-layer';

const image = { width: 3840, height: 2160 };
const view: Viewport = {
  scale: 0.4,
  offsetX: 20,
  offsetY: 30,
  screen: { width: 1600, height: 1000 },
  image,
};

describe('cached region layer', () => {
  it('covers the screen plus half a screen on each side', () => {
    const r = rasterFor(view);
    expect(placeRaster(r, view)).toEqual({ x: -800, y: -500, w: 3200, h: 2000 });
    expect(rasterArea(r)).toEqual({ x: -2050, y: -1325, w: 8000, h: 5000 });
  });

  it('moves with a pan and scales with a zoom, keeping image points in place', () => {
    const r = rasterFor(view);
    const panned = panBy(view, 120, -40);
    expect(placeRaster(r, panned)).toEqual({ x: -680, y: -540, w: 3200, h: 2000 });
    // The image point under the anchor stays under it: the layer scales about that point.
    const zoomed = zoomAt(view, { x: 400, y: 300 }, 1.25);
    const at = placeRaster(r, zoomed);
    expect(at.w).toBeCloseTo(4000, 9);
    expect(400 - at.x).toBeCloseTo((400 + 800) * 1.25, 9);
  });

  it('serves views it covers and asks for a new raster past its margin or its sharpness', () => {
    const r = rasterFor(view);
    expect(rasterServes(r, panBy(view, 700, 0), image)).toBe(true);
    const zoomedIn = zoomAt(view, { x: 800, y: 500 }, 4);
    expect(rasterServes(r, zoomedIn, image)).toBe(false);
    const far = { ...view, scale: 1, offsetX: -3000, offsetY: -1500 };
    expect(rasterServes(rasterFor(far), panBy(far, 1200, 0), image)).toBe(false);
  });
});
