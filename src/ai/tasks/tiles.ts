import { boxArea, type Box, type Region, type Size, type Tiling } from '../../domain';
import type { Frame } from '../coordinates';
import { uniqueProblems } from './records';
import type { TaskProblem, TaskResult } from './types';

/** Qwen3-VL's boxes drift on images longer than this many times their width (or the reverse). */
export const TILE_ASPECT = 2.5;
/** Each tile is this many times as long as the image is short: close to the shapes it was trained on. */
const TILE_LENGTH = 1.5;
/** Neighbouring tiles share this fraction of a tile, so an object on a seam is whole in one. */
const TILE_OVERLAP = 0.25;

/**
 * The frames to detect in: the whole image, or overlapping tiles along its long side when it is
 * very wide or tall (`auto` above TILE_ASPECT, or `always` whenever tiling gives more than one).
 */
export function planTiles(size: Size, tiling: Tiling = 'auto'): Frame[] {
  const whole: Frame = { x: 0, y: 0, width: size.width, height: size.height };
  const wide = size.width >= size.height;
  const long = wide ? size.width : size.height;
  const short = wide ? size.height : size.width;
  if (tiling === 'never' || (tiling === 'auto' && long / short <= TILE_ASPECT)) return [whole];
  const length = Math.min(long, Math.round(short * TILE_LENGTH));
  const step = length * (1 - TILE_OVERLAP);
  const count = Math.max(1, Math.ceil((long - length) / step) + 1);
  if (count === 1) return [whole];
  const stride = (long - length) / (count - 1);
  return Array.from({ length: count }, (_, i) => {
    const start = Math.round(i * stride);
    return wide
      ? { x: start, y: 0, width: length, height: size.height }
      : { x: 0, y: start, width: size.width, height: length };
  });
}

function intersection(a: Box, b: Box): number {
  const ix = Math.max(0, Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x));
  const iy = Math.max(0, Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y));
  return ix * iy;
}

function union(a: Box, b: Box): Box {
  const x = Math.min(a.x, b.x);
  const y = Math.min(a.y, b.y);
  return {
    x,
    y,
    w: Math.max(a.x + a.w, b.x + b.w) - x,
    h: Math.max(a.y + a.h, b.y + b.h) - y,
  };
}

/**
 * Boxes of the same label found in two overlapping tiles are one object when most of the smaller
 * box lies in the other (the same object seen twice, or cut at a tile's edge): they become their
 * union, with the lower confidence of the two. Points and other labels are kept as they are.
 */
export function mergeTileRegions(regions: readonly Region[], overlap = 0.5): Region[] {
  const out: Region[] = [];
  for (const region of regions) {
    if (region.shape.kind !== 'box') {
      out.push(region);
      continue;
    }
    const box = region.shape.box;
    const same = out.findIndex(
      (o) =>
        o.shape.kind === 'box' &&
        o.label.toLowerCase() === region.label.toLowerCase() &&
        intersection(o.shape.box, box) >= overlap * Math.min(boxArea(o.shape.box), boxArea(box)),
    );
    const found = same >= 0 ? out[same]! : null;
    if (!found || found.shape.kind !== 'box') {
      out.push(region);
      continue;
    }
    const confidence = (r: Region) =>
      r.provenance.source === 'model' ? r.provenance.confidence : 1;
    const keep = confidence(found) <= confidence(region) ? found : region;
    out[same] = { ...keep, shape: { kind: 'box', box: union(found.shape.box, box) } };
  }
  return out;
}

/** One result from the tiles' results: boxes merged, problems of any tile, "empty" only if all were. */
export function combineTileResults(results: readonly TaskResult[]): TaskResult {
  const first = results[0]!;
  if (results.length === 1) return first;
  const regions = mergeTileRegions(results.flatMap((r) => r.records.regions));
  const problems: TaskProblem[] = uniqueProblems(
    results.flatMap((r) => r.problems).filter((p) => p.kind !== 'empty'),
  );
  if (regions.length === 0) problems.push({ kind: 'empty' });
  return {
    ...first,
    records: { ...first.records, regions },
    problems,
    raw: results.map((r) => r.raw).join('\n\n'),
  };
}
