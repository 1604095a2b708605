import type { RegionShape } from '../../domain';
import {
  isConfidence,
  isReviewStatus,
  isUuid,
  normaliseRelativePath,
  polygonShape,
  shapeBounds,
} from '../../domain';
import type { CocoRle, Mask } from '../../segment';
import { decompressCounts, maskToParts, rleProblem, rleToMask } from '../../segment';
import type { FormatLocation, FormatWarning } from '../errors';
import { FormatError, guardParse } from '../errors';
import type { JsonObject } from '../json-fields';
import {
  asArray,
  asAttributes,
  asBox,
  asNumber,
  asNumbers,
  asObject,
  asPolygon,
  asString,
  isObject,
  optional,
  parseJson,
  required,
} from '../json-fields';
import { importedImageOf } from '../json-image';
import { isSuggestionState, ringAsBox } from '../shapes';
import type { ImportedImageAnnotations, ImportedRegion, ParseResult } from '../types';
import { COCO_CAPTIONS_FILE, COCO_INSTANCES_FILE } from './types';

type CocoKey = string;

function idKey(at: FormatLocation, field: string, value: unknown): CocoKey {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'string' && value) return value;
  throw new FormatError({ ...at, field }, 'wrong-type', { expected: 'number or string id' });
}

function shapes(
  at: FormatLocation,
  a: JsonObject,
  path: string,
  declared: string | undefined,
): RegionShape[] {
  const bboxValue = a.bbox;
  const bbox = bboxValue === undefined ? undefined : asBox(at, `${path}.bbox`, bboxValue);
  const seg = a.segmentation;
  if (isObject(seg) && a.iscrowd !== 1 && declared !== 'box') {
    const mask = rleMask(at, seg, `${path}.segmentation`);
    // Traced along pixel edges, unsimplified: the polygons cover exactly the mask's pixels.
    const parts = maskToParts(mask, { tolerance: 0 }).map((p) => polygonShape(p.outer, p.holes));
    if (parts.length > 0) return parts;
  }
  const rings =
    Array.isArray(seg) && seg.length > 0
      ? asArray(at, `${path}.segmentation`, seg).map((r, i) =>
          asPolygon(at, `${path}.segmentation[${i}]`, r),
        )
      : [];
  const looksLikeBox = rings.length === 1 && ringAsBox(rings[0]!) !== null;
  if (declared !== 'box' && rings.length > 0 && (declared === 'polygon' || !looksLikeBox))
    return rings.map((points) => ({ kind: 'polygon', points }));
  if (!bbox) throw new FormatError({ ...at, field: `${path}.bbox` }, 'missing-field');
  return [{ kind: 'box', box: bbox }];
}

/** A COCO RLE, counts as numbers (uncompressed) or pycocotools' compressed string. */
function rleMask(at: FormatLocation, seg: JsonObject, path: string): Mask {
  const size = asNumbers(at, `${path}.size`, required(at, seg, 'size', `${path}.size`));
  const raw = required(at, seg, 'counts', `${path}.counts`);
  let counts: number[];
  try {
    counts = typeof raw === 'string' ? decompressCounts(raw) : asNumbers(at, `${path}.counts`, raw);
  } catch (error) {
    if (error instanceof FormatError) throw error;
    throw new FormatError({ ...at, field: `${path}.counts` }, 'invalid-value', {
      reason: 'not COCO RLE counts',
    });
  }
  const rle: CocoRle = { size: [size[0] ?? 0, size[1] ?? 0], counts };
  const problem = size.length === 2 ? rleProblem(rle) : 'size is not [height, width]';
  if (problem) throw new FormatError({ ...at, field: path }, 'invalid-value', { reason: problem });
  return rleToMask(rle);
}

type LabeledShape = RegionShape & { label?: string };

/**
 * The labeled keypoints of an annotation as point regions. A category with one keypoint (what we
 * export for point regions) names its points by the category; with several (a pose skeleton) each
 * point is named by its keypoint.
 */
function keypointShapes(
  at: FormatLocation,
  a: JsonObject,
  path: string,
  category: string,
  names: string[] | undefined,
): LabeledShape[] {
  if (a.keypoints === undefined) return [];
  const k = asNumbers(at, `${path}.keypoints`, a.keypoints);
  if (k.length % 3 !== 0 || (names && k.length !== names.length * 3))
    throw new FormatError({ ...at, field: `${path}.keypoints` }, 'invalid-value', {
      expected: names ? `${names.length * 3} values (x, y, v)` : 'x, y, v triples',
    });
  const out: LabeledShape[] = [];
  for (let j = 0; j < k.length; j += 3) {
    const v = k[j + 2]!;
    if (v !== 0 && v !== 1 && v !== 2)
      throw new FormatError({ ...at, field: `${path}.keypoints[${j + 2}]` }, 'invalid-value', {
        expected: 'visibility 0, 1 or 2',
      });
    if (v === 0) continue;
    const label = names && names.length > 1 ? (names[j / 3] ?? category) : category;
    out.push({ kind: 'point', point: { x: k[j]!, y: k[j + 1]! }, label });
  }
  return out;
}

/** An instance of keypoints alone (our point regions): no outline and a box without extent. */
function pointsOnly(a: JsonObject, points: LabeledShape[], declared: string | undefined): boolean {
  if (declared === 'point') return true;
  if (points.length === 0) return false;
  const seg = a.segmentation;
  const box = a.bbox;
  const noOutline = seg === undefined || (Array.isArray(seg) && seg.length === 0);
  const noExtent = box === undefined || (Array.isArray(box) && (box[2] === 0 || box[3] === 0));
  return noOutline && noExtent;
}

function extras(at: FormatLocation, a: JsonObject, path: string) {
  const annota = isObject(a.annota) ? a.annota : {};
  const confidence =
    optional(annota, 'confidence', (v) => asNumber(at, `${path}.annota.confidence`, v)) ??
    optional(a, 'score', (v) => asNumber(at, `${path}.score`, v));
  if (confidence !== undefined && !isConfidence(confidence))
    throw new FormatError({ ...at, field: `${path}.score` }, 'invalid-value', {
      expected: 'a number in [0, 1]',
    });
  const source: 'model' | 'human' | undefined =
    annota.source === 'model' || annota.source === 'human' ? annota.source : undefined;
  const state = isSuggestionState(annota.state) ? annota.state : undefined;
  const text = optional(annota, 'text', (v) => asString(at, `${path}.annota.text`, v));
  const declared = typeof annota.shape === 'string' ? annota.shape : undefined;
  const label = typeof annota.label === 'string' ? annota.label : undefined;
  return {
    id: isUuid(annota.id) ? annota.id : undefined,
    confidence,
    source,
    state,
    text,
    declared,
    label,
  };
}

/**
 * COCO instances (and optionally a captions file). Multi-part segmentations become one region per
 * part; an RLE mask becomes one polygon region per part, with its holes; crowd (iscrowd 1) masks
 * keep their box. Any malformed entry rejects the file, naming the field.
 */
export function parseCoco(
  instancesText: string,
  file = COCO_INSTANCES_FILE,
  captionsText?: string,
  captionsFile = COCO_CAPTIONS_FILE,
): ParseResult {
  const at: FormatLocation = { format: 'coco', file };
  return guardParse(at, () => {
    const doc = asObject(at, '(root)', parseJson(at, instancesText.replace(/^\uFEFF/, '')));
    const warnings: FormatWarning[] = [];
    const byId = new Map<CocoKey, ImportedImageAnnotations>();
    asArray(at, 'images', required(at, doc, 'images', 'images')).forEach((value, i) => {
      const path = `images[${i}]`;
      const img = asObject(at, path, value);
      const key = idKey(at, `${path}.id`, required(at, img, 'id', `${path}.id`));
      const record = importedImageOf(at, img, path, { format: 'coco', file });
      if (byId.has(key))
        throw new FormatError({ ...at, field: `${path}.id` }, 'invalid-value', { duplicate: key });
      if (isObject(img.annota)) {
        const tags = img.annota.tags;
        if (Array.isArray(tags))
          record.tags = tags.map((t, j) => asString(at, `${path}.annota.tags[${j}]`, t));
        if (isReviewStatus(img.annota.status)) record.status = img.annota.status;
      }
      byId.set(key, record);
    });
    const categories = new Map<CocoKey, string>();
    const keypointNames = new Map<CocoKey, string[]>();
    asArray(at, 'categories', doc.categories ?? []).forEach((value, i) => {
      const c = asObject(at, `categories[${i}]`, value);
      const key = idKey(at, `categories[${i}].id`, required(at, c, 'id', `categories[${i}].id`));
      categories.set(
        key,
        asString(at, `categories[${i}].name`, required(at, c, 'name', `categories[${i}].name`)),
      );
      if (c.keypoints !== undefined)
        keypointNames.set(
          key,
          asArray(at, `categories[${i}].keypoints`, c.keypoints).map((n, j) =>
            asString(at, `categories[${i}].keypoints[${j}]`, n),
          ),
        );
    });
    asArray(at, 'annotations', doc.annotations ?? []).forEach((value, i) => {
      const path = `annotations[${i}]`;
      const a = asObject(at, path, value);
      const image = byId.get(
        idKey(at, `${path}.image_id`, required(at, a, 'image_id', `${path}.image_id`)),
      );
      if (!image)
        throw new FormatError({ ...at, field: `${path}.image_id` }, 'invalid-value', {
          reason: 'no such image',
        });
      const categoryKey = idKey(
        at,
        `${path}.category_id`,
        required(at, a, 'category_id', `${path}.category_id`),
      );
      const category = categories.get(categoryKey);
      if (category === undefined)
        throw new FormatError({ ...at, field: `${path}.category_id` }, 'invalid-value', {
          reason: 'no such category',
        });
      const extra = extras(at, a, path);
      const attributes =
        optional(a, 'attributes', (v) => asAttributes(at, `${path}.attributes`, v)) ?? {};
      const points = keypointShapes(at, a, path, category, keypointNames.get(categoryKey));
      const parts: LabeledShape[] = [
        ...(pointsOnly(a, points, extra.declared) ? [] : shapes(at, a, path, extra.declared)),
        ...points,
      ];
      if (isObject(a.annota) && a.annota.kind === 'ocr-line') {
        const text = extra.text ?? attributes.text;
        const first = parts[0];
        (image.ocr ??= []).push({
          text: typeof text === 'string' ? text : String(text ?? ''),
          box: first ? shapeBounds(first) : null,
        });
        return;
      }
      parts.forEach(({ label, ...shape }, part) => {
        const region: ImportedRegion = {
          label: extra.label ?? label ?? category,
          shape,
          attributes: { ...attributes },
        };
        if (extra.id && part === 0) region.id = extra.id;
        if (extra.confidence !== undefined) region.confidence = extra.confidence;
        if (extra.source) region.source = extra.source;
        if (extra.state) region.state = extra.state;
        if (extra.text !== undefined) region.text = extra.text;
        image.regions.push(region);
      });
    });
    if (captionsText !== undefined) readCaptions(captionsText, captionsFile, byId);
    return { records: [...byId.values()], warnings, categories: [...categories.values()] };
  });
}

/** Captions reference images by id; ids match the instances file when both come from one export. */
function readCaptions(
  text: string,
  file: string,
  byId: Map<CocoKey, ImportedImageAnnotations>,
): void {
  const at: FormatLocation = { format: 'coco', file };
  const doc = asObject(at, '(root)', parseJson(at, text.replace(/^\uFEFF/, '')));
  const images = new Map<CocoKey, string>();
  asArray(at, 'images', doc.images ?? []).forEach((value, i) => {
    const img = asObject(at, `images[${i}]`, value);
    images.set(
      idKey(at, `images[${i}].id`, img.id),
      asString(at, `images[${i}].file_name`, img.file_name),
    );
  });
  const byPath = new Map([...byId.values()].map((r) => [r.relativePath, r]));
  asArray(at, 'annotations', required(at, doc, 'annotations', 'annotations')).forEach(
    (value, i) => {
      const path = `annotations[${i}]`;
      const a = asObject(at, path, value);
      const key = idKey(at, `${path}.image_id`, required(at, a, 'image_id', `${path}.image_id`));
      const caption = asString(
        at,
        `${path}.caption`,
        required(at, a, 'caption', `${path}.caption`),
      );
      const name = images.get(key);
      const target =
        (name !== undefined ? byPath.get(normaliseRelativePath(name)) : undefined) ?? byId.get(key);
      if (!target)
        throw new FormatError({ ...at, field: `${path}.image_id` }, 'invalid-value', {
          reason: 'no such image',
        });
      target.caption = target.caption === undefined ? caption : target.caption;
    },
  );
}
