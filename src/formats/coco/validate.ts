import { rleArea, rleProblem } from '../../segment';
import type { CocoInstances } from './types';

export interface CocoProblem {
  path: string;
  problem: string;
}

const TOLERANCE = 1e-6;

/**
 * The invariants COCO users rely on: unique ids, category ids from 1, every annotation's image and
 * category exist, bbox inside its image, area > 0, segmentations closed polygons (≥ 3 points) or an
 * RLE of the image's size whose set pixels are the area.
 * In a category with `keypoints`: every annotation has 3 values per keypoint, v in {0, 1, 2},
 * num_keypoints counts the labeled ones, labeled keypoints lie inside the image; an instance that is
 * only keypoints (a point region) may have an empty box and area 0.
 */
export function checkCocoValidity(doc: CocoInstances): CocoProblem[] {
  const problems: CocoProblem[] = [];
  const add = (path: string, problem: string) => problems.push({ path, problem });
  const images = new Map<number, { width: number; height: number }>();
  doc.images.forEach((img, i) => {
    if (!Number.isInteger(img.id) || img.id < 1) add(`images[${i}].id`, 'not a positive integer');
    if (images.has(img.id)) add(`images[${i}].id`, 'duplicate image id');
    if (!(img.width > 0 && img.height > 0)) add(`images[${i}]`, 'width/height not positive');
    if (!img.file_name) add(`images[${i}].file_name`, 'empty');
    images.set(img.id, img);
  });
  const categories = new Set<number>();
  const keypointCount = new Map<number, number>();
  const names = new Set<string>();
  doc.categories.forEach((c, i) => {
    if (!Number.isInteger(c.id) || c.id < 1) add(`categories[${i}].id`, 'category ids start at 1');
    if (categories.has(c.id)) add(`categories[${i}].id`, 'duplicate category id');
    if (names.has(c.name)) add(`categories[${i}].name`, 'duplicate category name');
    categories.add(c.id);
    names.add(c.name);
    if (c.keypoints) {
      keypointCount.set(c.id, c.keypoints.length);
      if (c.keypoints.length === 0) add(`categories[${i}].keypoints`, 'empty');
      (c.skeleton ?? []).forEach(([from, to], j) => {
        if (!(from >= 1 && from <= c.keypoints!.length && to >= 1 && to <= c.keypoints!.length))
          add(`categories[${i}].skeleton[${j}]`, 'no such keypoint (1-based)');
      });
    }
  });
  const ids = new Set<number>();
  doc.annotations.forEach((a, i) => {
    const at = `annotations[${i}]`;
    if (!Number.isInteger(a.id) || a.id < 1) add(`${at}.id`, 'not a positive integer');
    if (ids.has(a.id)) add(`${at}.id`, 'duplicate annotation id');
    ids.add(a.id);
    if (!categories.has(a.category_id)) add(`${at}.category_id`, 'no such category');
    const image = images.get(a.image_id);
    if (!image) add(`${at}.image_id`, 'no such image');
    const [x, y, w, h] = a.bbox;
    const onlyKeypoints = checkKeypoints(a, at, keypointCount.get(a.category_id), image, add);
    if (!(w > 0 && h > 0) && !onlyKeypoints) add(`${at}.bbox`, 'empty box');
    if (
      image &&
      (x < -TOLERANCE ||
        y < -TOLERANCE ||
        x + w > image.width + TOLERANCE ||
        y + h > image.height + TOLERANCE)
    )
      add(`${at}.bbox`, 'outside the image');
    if (!(a.area > 0) && !(onlyKeypoints && a.area === 0)) add(`${at}.area`, 'not positive');
    if (a.iscrowd !== 0 && a.iscrowd !== 1) add(`${at}.iscrowd`, 'not 0 or 1');
    const seg = a.segmentation;
    if (!Array.isArray(seg)) {
      const problem = rleProblem(seg);
      if (problem) add(`${at}.segmentation`, problem);
      else if (image && (seg.size[0] !== image.height || seg.size[1] !== image.width))
        add(`${at}.segmentation.size`, 'not the image [height, width]');
      else if (rleArea(seg) !== a.area) add(`${at}.area`, 'not the mask area');
    } else
      seg.forEach((ring, j) => {
        if (ring.length < 6 || ring.length % 2 !== 0)
          add(`${at}.segmentation[${j}]`, 'not a closed polygon of at least 3 points');
        else if (ring.some((v) => !Number.isFinite(v)))
          add(`${at}.segmentation[${j}]`, 'not finite');
      });
  });
  return problems;
}

/** Checks an annotation's keypoints; true when it is an instance made of keypoints alone. */
function checkKeypoints(
  a: CocoInstances['annotations'][number],
  at: string,
  count: number | undefined,
  image: { width: number; height: number } | undefined,
  add: (path: string, problem: string) => void,
): boolean {
  if (count === undefined) {
    if (a.keypoints) add(`${at}.keypoints`, 'category has no keypoints');
    return false;
  }
  const k = a.keypoints;
  if (!k || k.length !== count * 3) {
    add(`${at}.keypoints`, `not ${count * 3} values (x, y, v per keypoint)`);
    return false;
  }
  let labeled = 0;
  for (let j = 0; j < k.length; j += 3) {
    const [px, py, v] = [k[j]!, k[j + 1]!, k[j + 2]!];
    if (v !== 0 && v !== 1 && v !== 2) add(`${at}.keypoints[${j + 2}]`, 'visibility not 0, 1 or 2');
    if (v === 0) {
      if (px !== 0 || py !== 0) add(`${at}.keypoints[${j}]`, 'unlabeled keypoint not at 0, 0');
      continue;
    }
    labeled++;
    if (
      image &&
      (px < -TOLERANCE ||
        py < -TOLERANCE ||
        px > image.width + TOLERANCE ||
        py > image.height + TOLERANCE)
    )
      add(`${at}.keypoints[${j}]`, 'outside the image');
  }
  if (a.num_keypoints !== labeled) add(`${at}.num_keypoints`, `not ${labeled}`);
  return labeled > 0 && Array.isArray(a.segmentation) && a.segmentation.length === 0;
}
