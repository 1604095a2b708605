import { describe, expect, it } from 'vitest';
import { moveOcrCorner, ocrCorners, ocrPlace, translateOcrCorners } from './ocr-quad';

const size = { width: 200, height: 100 };

describe('OCR line corners', () => {
  it('are the quad when the engine gave one, else the box corners, else nothing', () => {
    const quad = [10, 25, 110, 20, 112, 48, 12, 53];
    expect(ocrCorners({ box: { x: 0, y: 0, w: 1, h: 1 }, quad })).toEqual([
      { x: 10, y: 25 },
      { x: 110, y: 20 },
      { x: 112, y: 48 },
      { x: 12, y: 53 },
    ]);
    expect(ocrCorners({ box: { x: 10, y: 20, w: 100, h: 30 } })).toEqual([
      { x: 10, y: 20 },
      { x: 110, y: 20 },
      { x: 110, y: 50 },
      { x: 10, y: 50 },
    ]);
    expect(ocrCorners({ box: null })).toBeNull();
  });

  it('store as a quad whose box is its bounds', () => {
    const corners = ocrCorners({ box: { x: 10, y: 20, w: 100, h: 30 } })!;
    const moved = moveOcrCorner(corners, 2, { x: 130, y: 70 }, size);
    expect(ocrPlace(moved)).toEqual({
      quad: [10, 20, 110, 20, 130, 70, 10, 50],
      box: { x: 10, y: 20, w: 120, h: 50 },
    });
  });

  it('keep a dragged corner on the image and leave the others where they were', () => {
    const corners = ocrCorners({ box: { x: 10, y: 20, w: 100, h: 30 } })!;
    expect(moveOcrCorner(corners, 0, { x: -40, y: 500 }, size)).toEqual([
      { x: 0, y: 100 },
      ...corners.slice(1),
    ]);
  });

  it('move together', () => {
    expect(
      translateOcrCorners(
        [
          { x: 1, y: 2 },
          { x: 3, y: 4 },
        ],
        5,
        -1,
      ),
    ).toEqual([
      { x: 6, y: 1 },
      { x: 8, y: 3 },
    ]);
  });
});
