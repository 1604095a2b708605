import type {
  Caption,
  ImageAnnotations,
  ImageItem,
  LabelClass,
  LabelSchema,
  OcrLine,
  Project,
  Provenance,
  Region,
  RegionShape,
  ReviewReason,
  ReviewStatus,
  Size,
  Tag,
} from '../../domain';
import {
  checkImageAnnotations,
  clampBox,
  InvalidRecordError,
  clampPoint,
  emptyAnnotations,
  labelClassIndex,
  newId,
  nextClassColor,
  ocrPlace,
  polygonFromPoints,
  polygonPoints,
  polygonShape,
  statusAfterEdit,
} from '../../domain';
import type { FormatLocation, FormatWarning } from '../errors';
import { warning } from '../errors';
import { where } from '../messages';
import { hasExtent } from '../shapes';
import type { ImportedRegion } from '../types';
import type { ImportMatch } from './match';
import { unknownLabels } from './match';

export type ImportPolicy = 'merge' | 'replace';

export interface ImportPlanInput {
  project: Project;
  matched: readonly ImportMatch[];
  /** The stored annotations of a matched image, null when it has none yet. */
  existing: (image: ImageItem) => ImageAnnotations | null;
  /** merge: keep what the image has and add/replace by region id; replace: the file wins outright. */
  policy: ImportPolicy;
  /** Add labels the schema lacks as new classes (the "add them" choice of the import dialog). */
  addUnknownLabels: boolean;
  /** Local user name, recorded as author of imported records without provenance of their own. */
  author: string;
  /** The file's declared label names in its order: added classes follow it, unused ones too. */
  categories?: readonly string[];
  now?: number;
}

/** What a Replace import deletes from the images it touches, shown before anything is written. */
export interface RemovedRecords {
  images: number;
  regions: number;
  captions: number;
  tags: number;
  ocr: number;
  fields: number;
}

export interface ImportPlan {
  /** Replace only: the stored records the file's annotations take the place of. */
  removed: RemovedRecords;
  /** The schema to save (unchanged unless classes were added). */
  schema: LabelSchema;
  addedClasses: LabelClass[];
  /** Every record to write, in one transaction. */
  records: ImageAnnotations[];
  /** Review statuses the file carries, to apply to the images in the same transaction. */
  statuses: { imageId: ImageItem['id']; status: ReviewStatus; reasons?: ReviewReason[] }[];
  regionCount: number;
  warnings: FormatWarning[];
}

function addClasses(
  schema: LabelSchema,
  labels: readonly string[],
): { schema: LabelSchema; added: LabelClass[] } {
  const classes = [...schema.classes];
  const added: LabelClass[] = [];
  const used = new Set(schema.classes.map((c) => c.hotkey));
  for (const name of labels) {
    // Free hotkeys 1–9 in order, so the new classes can be picked from the keyboard at once.
    const hotkey = ['1', '2', '3', '4', '5', '6', '7', '8', '9'].find((k) => !used.has(k)) ?? '';
    used.add(hotkey);
    const c: LabelClass = {
      id: newId<'label-class'>(),
      name,
      color: nextClassColor({ ...schema, classes }),
      hotkey,
      attributes: [],
      synonyms: [],
    };
    classes.push(c);
    added.push(c);
  }
  return { schema: { ...schema, classes }, added };
}

function scale(shape: RegionShape, size: Size): RegionShape {
  switch (shape.kind) {
    case 'box': {
      const b = shape.box;
      return {
        kind: 'box',
        box: {
          x: b.x * size.width,
          y: b.y * size.height,
          w: b.w * size.width,
          h: b.h * size.height,
        },
      };
    }
    case 'polygon': {
      const ring = (r: number[]) => r.map((v, i) => v * (i % 2 === 0 ? size.width : size.height));
      return polygonShape(ring(shape.points), shape.holes?.map(ring));
    }
    case 'point':
      return {
        kind: 'point',
        point: { x: shape.point.x * size.width, y: shape.point.y * size.height },
      };
  }
}

/** Clips a shape to the image; says whether anything moved. */
function clampShape(shape: RegionShape, size: Size): { shape: RegionShape; clamped: boolean } {
  // Rounding in the file (YOLO keeps 6 digits) can stray a hair outside; only real spills warn.
  const eps = 0.05;
  switch (shape.kind) {
    case 'box': {
      const box = clampBox(shape.box, size);
      const b = shape.box;
      const moved =
        Math.abs(box.x - b.x) +
          Math.abs(box.y - b.y) +
          Math.abs(box.w - b.w) +
          Math.abs(box.h - b.h) >
        eps;
      return { shape: { kind: 'box', box }, clamped: moved };
    }
    case 'polygon': {
      const rings = [shape.points, ...(shape.holes ?? [])];
      const clampedRings = rings.map((ring) =>
        polygonFromPoints(polygonPoints(ring).map((p) => clampPoint(p, size))),
      );
      const [points, ...holes] = clampedRings;
      return {
        shape: polygonShape(points!, holes),
        clamped: clampedRings.some((ring, j) =>
          ring.some((v, i) => Math.abs(v - rings[j]![i]!) > eps),
        ),
      };
    }
    case 'point': {
      const point = clampPoint(shape.point, size);
      return {
        shape: { kind: 'point', point },
        clamped: Math.abs(point.x - shape.point.x) + Math.abs(point.y - shape.point.y) > eps,
      };
    }
  }
}

const CLAMP_KEY = {
  box: 'box-clamped',
  polygon: 'polygon-clamped',
  point: 'point-clamped',
} as const;

function provenanceOf(r: ImportedRegion, author: string, now: number): Provenance {
  if (r.source === 'model' && r.confidence !== undefined)
    return {
      source: 'model',
      modelId: 'imported',
      revision: '',
      task: 'import',
      params: {},
      confidence: r.confidence,
      createdAt: now,
    };
  return { source: 'human', author, createdAt: now };
}

function human(author: string, now: number) {
  return {
    provenance: { source: 'human', author, createdAt: now } as Provenance,
    state: 'accepted' as const,
    updatedAt: now,
    updatedBy: author,
  };
}

/**
 * Turns matched imports into the complete records to write: coordinates in pixels, clamped to the
 * image (with a warning), labels tied to schema classes, provenance kept from our own files or set
 * to the importer. Pure: the store writes the result in one transaction, so nothing is partial.
 */
export function planImport(input: ImportPlanInput): ImportPlan {
  const now = input.now ?? Date.now();
  const warnings: FormatWarning[] = [];
  const { schema, added } = input.addUnknownLabels
    ? addClasses(
        input.project.schema,
        unknownLabels(input.matched, input.project.schema, input.categories).map((u) => u.label),
      )
    : { schema: input.project.schema, added: [] };
  const classOf = labelClassIndex(schema);
  const known = new Set(schema.classes.map((c) => c.id as string));
  const records: ImageAnnotations[] = [];
  const statuses: ImportPlan['statuses'] = [];
  const removed: RemovedRecords = {
    images: 0,
    regions: 0,
    captions: 0,
    tags: 0,
    ocr: 0,
    fields: 0,
  };
  let regionCount = 0;
  for (const { imported, image } of input.matched) {
    const at: FormatLocation = imported.origin;
    const stored = input.existing(image);
    if (input.policy === 'replace' && stored) countRemoved(removed, stored);
    const base =
      input.policy === 'merge' && stored
        ? stored
        : { ...emptyAnnotations(image.id, input.project.id, now), answers: stored?.answers ?? [] };
    if (imported.record) {
      // Our own full-fidelity line: the record as it was, re-homed onto the matched image, its
      // regions tied to this project's classes (batch CLI results carry classes of their own).
      const record = {
        ...imported.record,
        imageId: image.id,
        projectId: input.project.id,
        regions: imported.record.regions.map((r) =>
          r.classId && known.has(r.classId) ? r : { ...r, classId: classOf(r.label)?.id ?? null },
        ),
      };
      records.push(input.policy === 'merge' && stored ? mergeRegions(stored, record) : record);
      regionCount += imported.record.regions.length;
      if (imported.status)
        statuses.push({
          imageId: image.id,
          status: imported.status,
          ...(imported.reviewReasons ? { reasons: imported.reviewReasons } : {}),
        });
      continue;
    }
    if (
      imported.coordinates === 'pixels' &&
      imported.width !== undefined &&
      imported.height !== undefined &&
      (Math.abs(imported.width - image.width) > 0.5 ||
        Math.abs(imported.height - image.height) > 0.5)
    )
      warnings.push(
        warning(at, 'size-mismatch', {
          path: image.relativePath,
          fileWidth: imported.width,
          fileHeight: imported.height,
          width: image.width,
          height: image.height,
        }),
      );
    const regions: Region[] = [];
    const regionIds = new Set<string>();
    for (const r of imported.regions) {
      const pixels = imported.coordinates === 'normalized' ? scale(r.shape, image) : r.shape;
      const { shape, clamped } = clampShape(pixels, image);
      if (clamped)
        warnings.push(
          warning(at, CLAMP_KEY[shape.kind], { path: image.relativePath, label: r.label }),
        );
      if (shape.kind !== 'point' && !hasExtent(shape)) {
        warnings.push(
          warning(at, 'region-skipped-empty', {
            path: image.relativePath,
            label: r.label,
            kind: shape.kind,
          }),
        );
        continue;
      }
      const provenance = provenanceOf(r, input.author, now);
      const id = r.id && !regionIds.has(r.id) ? r.id : newId<'region'>();
      regionIds.add(id);
      regions.push({
        id: id as Region['id'],
        shape,
        classId: classOf(r.label)?.id ?? null,
        label: r.label,
        attributes: r.attributes,
        note: '',
        ...(r.text !== undefined ? { text: r.text } : {}),
        hidden: false,
        locked: false,
        provenance,
        state: r.state ?? (provenance.source === 'model' ? 'suggested' : 'accepted'),
        updatedAt: now,
        updatedBy: input.author,
      });
    }
    regionCount += regions.length;
    const replacedIds = new Set(regions.map((r) => r.id as string));
    const kept = base.regions.filter((r) => !replacedIds.has(r.id));
    const caption: Caption | null =
      imported.caption !== undefined
        ? { text: imported.caption, language: schema.captionLanguage, ...human(input.author, now) }
        : base.caption;
    const seenTags = new Set(input.policy === 'merge' ? base.tags.map((t) => t.value) : []);
    const newTags: Tag[] = (imported.tags ?? [])
      .filter((v) => !seenTags.has(v) && (seenTags.add(v), true))
      .map((value) => ({ value, dimension: '', ...human(input.author, now) }));
    const ocr: OcrLine[] = imported.ocr
      ? imported.ocr.map((l, order) => ({
          id: newId<'ocr'>(),
          text: l.text,
          // A quad sets the box too (its bounds), as an edit on the canvas does.
          ...(l.quad
            ? ocrPlace(polygonPoints(l.quad).map((p) => clampPoint(p, image)))
            : { box: l.box && clampBox(l.box, image) }),
          order,
          ...human(input.author, now),
        }))
      : base.ocr;
    records.push({
      ...base,
      regions: [...kept, ...regions],
      caption,
      tags: [...(input.policy === 'merge' ? base.tags : []), ...newTags],
      ocr,
      fields: imported.fields
        ? { values: imported.fields, ...human(input.author, now) }
        : base.fields,
      updatedAt: now,
    });
    // A file without statuses still says a person labeled the image: it is in progress, not new.
    const status = imported.status ?? statusAfterEdit(image.status, records[records.length - 1]!);
    if (status !== image.status) statuses.push({ imageId: image.id, status });
  }
  // Second line of defence: whatever the parser let through, nothing invalid reaches the store.
  records.forEach((record, i) => {
    const problems = checkImageAnnotations(record);
    if (problems.length > 0) {
      const at = input.matched[i]?.imported.origin;
      throw new InvalidRecordError(at ? where(at) : 'annotations', problems);
    }
  });
  return { schema, addedClasses: added, records, statuses, regionCount, warnings, removed };
}
/** Adds what an image holds (rejected suggestions do not count: nobody sees them) to the tally. */
function countRemoved(tally: RemovedRecords, a: ImageAnnotations): void {
  const live = <T extends { state: string }>(list: readonly T[]) =>
    list.filter((r) => r.state !== 'rejected').length;
  const regions = live(a.regions);
  const captions = a.caption && a.caption.state !== 'rejected' ? 1 : 0;
  const tags = live(a.tags);
  const ocr = live(a.ocr);
  const fields = a.fields && a.fields.state !== 'rejected' ? 1 : 0;
  if (regions + captions + tags + ocr + fields === 0) return;
  tally.images += 1;
  tally.regions += regions;
  tally.captions += captions;
  tally.tags += tags;
  tally.ocr += ocr;
  tally.fields += fields;
}

/** Merge of a full record into a stored one: the file's regions win by id, others stay. */
function mergeRegions(stored: ImageAnnotations, incoming: ImageAnnotations): ImageAnnotations {
  const ids = new Set(incoming.regions.map((r) => r.id as string));
  return {
    ...incoming,
    regions: [...stored.regions.filter((r) => !ids.has(r.id)), ...incoming.regions],
  };
}
