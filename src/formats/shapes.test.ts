import { describe, expect, it } from 'vitest';
import { ringAsBox } from './shapes';

describe('ringAsBox', () => {
  it('reads a four-corner axis-aligned ring as a box, in any corner order', () => {
    expect(ringAsBox([10, 20, 30, 20, 30, 50, 10, 50])).toEqual({ x: 10, y: 20, w: 20, h: 30 });
    expect(ringAsBox([30, 50, 10, 50, 10, 20, 30, 20])).toEqual({ x: 10, y: 20, w: 20, h: 30 });
  });

  it('keeps a sliver thinner than the tolerance a polygon (found by the round-trip property)', () => {
    expect(ringAsBox([3304.998, 0, 0, 0, 0, 0.0024, 3305, 0])).toBeNull();
  });

  it('keeps rings that miss a corner or repeat one a polygon', () => {
    expect(ringAsBox([0, 0, 10, 0, 10, 10, 10, 0])).toBeNull();
    expect(ringAsBox([0, 0, 10, 0, 5, 10, 0, 10])).toBeNull();
    expect(ringAsBox([0, 0, 10, 0, 10, 10])).toBeNull();
  });
});
