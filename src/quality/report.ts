import type {
  Caption,
  ImageAnnotations,
  ImageId,
  ImageItem,
  OcrLine,
  Region,
  ReviewStatus,
  Tag,
} from '../domain';
import { intersectionOverUnion, REVIEW_STATUSES } from '../domain';
import { charLength, editDistance } from './cer';
import {
  countOutcomes,
  outcomeOf,
  totalCounts,
  type OutcomeCounts,
  type RecordKind,
} from './outcomes';
import { finalBox, modelBox } from './passes';

/**
 * Seconds a person needs to make a record by hand, for the time-saved estimate. Rough figures from
 * labeling practice (a box ≈ 7 s as in the "Extreme clicking" study, a caption ≈ 30 s); an edited
 * suggestion is counted as saving half of it.
 */
export const MANUAL_SECONDS: Record<RecordKind | 'polygon' | 'point', number> = {
  regions: 7,
  polygon: 20,
  point: 2,
  caption: 30,
  tags: 3,
  ocr: 8,
  fields: 30,
};

export interface QualityReport {
  images: number;
  statusCounts: Record<ReviewStatus, number>;
  outcomes: OutcomeCounts;
  byKind: Record<RecordKind, OutcomeCounts>;
  /** Model boxes people kept (edited or not): IoU of the model's box with the final one. */
  boxIoU: { pairs: number; mean: number | null; histogram: number[] };
  /** Share of decided model captions that people edited. */
  captionEditRate: number | null;
  /** Rejected model tags plus tags people added, over all decided tags. */
  tagEditRate: number | null;
  /** Edits per character between the model's OCR text and the corrected text of kept lines. */
  ocr: { lines: number; cer: number | null };
  reviewTime: { images: number; meanMs: number | null; medianMs: number | null };
  timeSaved: { manualMs: number; reviewMs: number; savedMs: number };
  reviewers: { name: string; images: number }[];
}

const HISTOGRAM_BINS = 10;

function ratio(part: number, whole: number): number | null {
  return whole > 0 ? part / whole : null;
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

function regionSeconds(r: Region): number {
  return r.shape.kind === 'box'
    ? MANUAL_SECONDS.regions
    : r.shape.kind === 'polygon'
      ? MANUAL_SECONDS.polygon
      : MANUAL_SECONDS.point;
}

/** Hand-labeling time the model's kept suggestions stand for (edited ones at half). */
function manualSeconds(a: ImageAnnotations): number {
  const worth = (outcome: string, seconds: number) =>
    outcome === 'accepted-unchanged' ? seconds : outcome === 'edited' ? seconds / 2 : 0;
  let s = 0;
  for (const r of a.regions) s += worth(outcomeOf(r), regionSeconds(r));
  if (a.caption) s += worth(outcomeOf(a.caption), MANUAL_SECONDS.caption);
  for (const t of a.tags) s += worth(outcomeOf(t), MANUAL_SECONDS.tags);
  for (const l of a.ocr) s += worth(outcomeOf(l), MANUAL_SECONDS.ocr);
  if (a.fields) s += worth(outcomeOf(a.fields), MANUAL_SECONDS.fields);
  return s;
}

function boxIoUs(regions: readonly Region[]): number[] {
  const out: number[] = [];
  for (const r of regions) {
    if (r.provenance.source !== 'model') continue;
    const first = modelBox(r);
    const last = finalBox(r);
    if (first && last) out.push(intersectionOverUnion(first.box, last.box));
  }
  return out;
}

function isDecided(record: Caption | Tag | OcrLine): boolean {
  const o = outcomeOf(record);
  return o !== 'pending';
}

/** The quality report of a project, from its images and their annotations. */
export function qualityReport(
  images: readonly ImageItem[],
  annotations: ReadonlyMap<ImageId, ImageAnnotations>,
): QualityReport {
  const statusCounts = Object.fromEntries(REVIEW_STATUSES.map((s) => [s, 0])) as Record<
    ReviewStatus,
    number
  >;
  for (const i of images) statusCounts[i.status] += 1;
  const all = images
    .map((i) => annotations.get(i.id))
    .filter((a): a is ImageAnnotations => a !== undefined);

  const byKind = countOutcomes(all);
  const ious = all.flatMap((a) => boxIoUs(a.regions));
  const histogram = Array.from({ length: HISTOGRAM_BINS }, () => 0);
  for (const v of ious)
    histogram[Math.min(HISTOGRAM_BINS - 1, Math.floor(v * HISTOGRAM_BINS))]! += 1;

  const captions = all.flatMap((a) =>
    a.caption && a.caption.provenance.source === 'model' && isDecided(a.caption) ? [a.caption] : [],
  );
  const editedCaptions = captions.filter((c) => outcomeOf(c) === 'edited').length;

  // Only what a model proposed can be "changed": a person's own tags are not edits of anything.
  const tags = all.flatMap((a) =>
    a.tags.filter((t) => t.provenance.source === 'model' && isDecided(t)),
  );
  const changedTags = tags.filter((t) => {
    const o = outcomeOf(t);
    return o === 'rejected' || o === 'edited';
  }).length;

  let ocrLines = 0;
  let ocrEdits = 0;
  let ocrChars = 0;
  for (const a of all)
    for (const l of a.ocr) {
      const o = outcomeOf(l);
      if (o !== 'accepted-unchanged' && o !== 'edited') continue;
      ocrLines += 1;
      ocrEdits += editDistance(l.modelOriginal?.text ?? l.text, l.text);
      ocrChars += charLength(l.text);
    }

  const reviewed = images.filter((i) => i.review !== undefined);
  const times = reviewed.map((i) => i.review!.ms);
  const reviewMs = times.reduce((s, t) => s + t, 0);
  const manualMs =
    1000 *
    reviewed.reduce((s, i) => {
      const a = annotations.get(i.id);
      return s + (a ? manualSeconds(a) : 0);
    }, 0);
  const reviewers = new Map<string, number>();
  for (const i of reviewed) reviewers.set(i.review!.by, (reviewers.get(i.review!.by) ?? 0) + 1);

  return {
    images: images.length,
    statusCounts,
    outcomes: totalCounts(byKind),
    byKind,
    boxIoU: {
      pairs: ious.length,
      mean: ious.length ? ious.reduce((s, v) => s + v, 0) / ious.length : null,
      histogram,
    },
    captionEditRate: ratio(editedCaptions, captions.length),
    tagEditRate: ratio(changedTags, tags.length),
    ocr: { lines: ocrLines, cer: ocrChars > 0 ? ocrEdits / ocrChars : ocrLines > 0 ? 0 : null },
    reviewTime: {
      images: times.length,
      meanMs: times.length ? reviewMs / times.length : null,
      medianMs: median(times),
    },
    timeSaved: { manualMs, reviewMs, savedMs: manualMs - reviewMs },
    reviewers: [...reviewers]
      .map(([name, n]) => ({ name, images: n }))
      .sort((a, b) => b.images - a.images || a.name.localeCompare(b.name)),
  };
}
