import { quadBounds, type Quad } from './geometry';

/**
 * Reading order of detected lines: lines whose vertical extents overlap by at least half the
 * shorter one share a row; rows top to bottom, lines in a row left to right. Returns indices.
 */
export function readingOrder(quads: readonly Quad[]): number[] {
  const boxes = quads.map((q, index) => ({ index, ...quadBounds(q) }));
  const rows: (typeof boxes)[] = [];
  for (const box of [...boxes].sort((a, b) => a.y - b.y)) {
    const row = rows.find((r) =>
      r.some((o) => {
        const overlap = Math.min(o.y + o.h, box.y + box.h) - Math.max(o.y, box.y);
        return overlap >= Math.min(o.h, box.h) / 2;
      }),
    );
    if (row) row.push(box);
    else rows.push([box]);
  }
  return rows.flatMap((r) => r.sort((a, b) => a.x - b.x).map((b) => b.index));
}
