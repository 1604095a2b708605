import { describe, expect, it } from 'vitest';
import { maskGrid } from './mask-grid';

describe('maskGrid', () => {
  it('keeps a small image’s own size', () => {
    expect(maskGrid(640, 480)).toEqual({ width: 640, height: 480 });
  });
  it('scales the long side down to 1024, keeping the aspect', () => {
    expect(maskGrid(4000, 3000)).toEqual({ width: 1024, height: 768 });
    expect(maskGrid(1000, 3000)).toEqual({ width: 341, height: 1024 });
  });
  it('never gives an empty side', () => {
    expect(maskGrid(20000, 2)).toEqual({ width: 1024, height: 1 });
  });
});
