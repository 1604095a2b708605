import type { CocoInstances } from './types';

export interface CocoProblem {
  path: string;
  problem: string;
}

const TOLERANCE = 1e-6;

/**
 * The invariants COCO users rely on: unique ids, category ids from 1, every annotation's image and
 * category exist, bbox inside its image, area > 0, segmentations closed polygons (≥ 3 points).
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
  const names = new Set<string>();
  doc.categories.forEach((c, i) => {
    if (!Number.isInteger(c.id) || c.id < 1) add(`categories[${i}].id`, 'category ids start at 1');
    if (categories.has(c.id)) add(`categories[${i}].id`, 'duplicate category id');
    if (names.has(c.name)) add(`categories[${i}].name`, 'duplicate category name');
    categories.add(c.id);
    names.add(c.name);
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
    if (!(w > 0 && h > 0)) add(`${at}.bbox`, 'empty box');
    if (
      image &&
      (x < -TOLERANCE ||
        y < -TOLERANCE ||
        x + w > image.width + TOLERANCE ||
        y + h > image.height + TOLERANCE)
    )
      add(`${at}.bbox`, 'outside the image');
    if (!(a.area > 0)) add(`${at}.area`, 'not positive');
    if (a.iscrowd !== 0 && a.iscrowd !== 1) add(`${at}.iscrowd`, 'not 0 or 1');
    a.segmentation.forEach((ring, j) => {
      if (ring.length < 6 || ring.length % 2 !== 0)
        add(`${at}.segmentation[${j}]`, 'not a closed polygon of at least 3 points');
      else if (ring.some((v) => !Number.isFinite(v))) add(`${at}.segmentation[${j}]`, 'not finite');
    });
  });
  return problems;
}
