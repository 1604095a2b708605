import { describe, expect, it } from 'vitest';
import { humanRegion } from '../editor/test/fixtures';
import { RegionIndex } from './region-index';

const box = (id: string, x: number, y: number) =>
  humanRegion(id, { kind: 'box', box: { x, y, w: 10, h: 10 } });

describe('RegionIndex', () => {
  it('finds only the regions that meet an area', () => {
    const index = new RegionIndex();
    const regions = Array.from({ length: 500 }, (_, i) => box(`r${i}`, (i % 50) * 100, i * 10));
    index.sync(regions);
    const found = index.search({ x: 0, y: 0, w: 150, h: 200 }).map((r) => r.id);
    // Columns 0 and 1 (x 0 and 100); rows up to y 200 hold only i = 0 and 1.
    expect(found.sort()).toEqual(['r0', 'r1']);
  });

  it('follows edits by record identity and reports what changed', () => {
    const index = new RegionIndex();
    const a = box('a', 0, 0);
    const b = box('b', 1000, 1000);
    expect(index.sync([a, b]).added).toHaveLength(2);
    const moved = box('a', 500, 500);
    const c = box('c', 0, 0);
    const change = index.sync([moved, c]);
    expect(change.added.map((r) => r.id)).toEqual(['c']);
    expect(change.changed.map((r) => r.id)).toEqual(['a']);
    expect(change.removed.map((r) => r.id)).toEqual(['b']);
    expect(index.search({ x: 0, y: 0, w: 20, h: 20 }).map((r) => r.id)).toEqual(['c']);
    expect(index.search({ x: 495, y: 495, w: 10, h: 10 })).toEqual([moved]);
    expect(index.size).toBe(2);
    expect(index.sync([moved, c])).toEqual({ added: [], changed: [], removed: [] });
  });
});
