import { describe, expect, it } from 'vitest';
import { sortRegions } from './region-order';
import { humanRegion } from './test/fixtures';

describe('sortRegions', () => {
  const r = [
    humanRegion('low', { kind: 'box', box: { x: 0, y: 500, w: 1, h: 1 } }, { label: 'a' }),
    humanRegion('right', { kind: 'point', point: { x: 90, y: 10 } }, { label: 'B' }),
    humanRegion('left', { kind: 'polygon', points: [10, 10, 20, 10, 20, 20] }, { label: 'b' }),
  ];
  it('orders by position: top to bottom, then left to right', () => {
    expect(sortRegions(r, 'position').map((x) => x.id)).toEqual(['left', 'right', 'low']);
  });
  it('orders by label, case-insensitively, then position', () => {
    expect(sortRegions(r, 'label').map((x) => x.id)).toEqual(['low', 'left', 'right']);
  });
});
