import type { Box, Polygon, Point } from './geometry';
import { polygonBounds } from './geometry';
import type { ImageId, LabelClassId, OcrLineId, ProjectId, RegionId } from './ids';
import type { AttributeValue } from './label-schema';
import type { Tracked } from './provenance';

export type RegionShape =
  | { kind: 'box'; box: Box }
  /**
   * One outline; `holes` are rings cut out of it (a mask's holes), filled even-odd. A mask with
   * several parts becomes one polygon region per part.
   */
  | { kind: 'polygon'; points: Polygon; holes?: Polygon[] }
  | { kind: 'point'; point: Point };

export interface RegionBody {
  shape: RegionShape;
  /** The schema class, when the label maps to one. */
  classId: LabelClassId | null;
  /** The label text as given (kept when it matches no class, so nothing is lost). */
  label: string;
  attributes: Record<string, AttributeValue>;
  note: string;
  /** Text read inside the region (OCR line boxes) or the model's answer about it. */
  text?: string;
  hidden: boolean;
  locked: boolean;
}

export interface Region extends RegionBody, Tracked<RegionBody> {
  id: RegionId;
}

export interface CaptionBody {
  text: string;
  language: 'zh' | 'en' | 'other';
}
export type Caption = CaptionBody & Tracked<CaptionBody>;

export interface TagBody {
  value: string;
  /** Dimension the tag answers (e.g. 'color', 'season'), '' for free tags. */
  dimension: string;
}
export type Tag = TagBody & Tracked<TagBody>;

export interface OcrLineBody {
  text: string;
  box: Box | null;
  /** The line's 4 corners (tl, tr, br, bl as the text reads) when the OCR engine gives them; box is their bounds. */
  quad?: Polygon;
  /** Reading order, 0-based. */
  order: number;
}
export interface OcrLine extends OcrLineBody, Tracked<OcrLineBody> {
  id: OcrLineId;
}

export type FieldValue =
  string | number | boolean | null | FieldValue[] | { [key: string]: FieldValue };

export interface StructuredFieldsBody {
  values: Record<string, FieldValue>;
}
export type StructuredFields = StructuredFieldsBody & Tracked<StructuredFieldsBody>;

/** What one model run produced, kept with its answer so two runs can be compared later. */
export interface RunSummary {
  /** Regions given, counted by label. */
  regions: Record<string, number>;
  caption: string | null;
  tags: string[];
  ocrLines: number;
  /** Names of the report fields that got a value. */
  fields: string[];
  answer: string | null;
  /** Problem kinds the parser found (unparseable, empty, refusal, loop …). */
  problems: string[];
}

/** Raw model answer kept for review when it could not be parsed, and for audit otherwise. */
export interface ModelAnswer {
  task: string;
  text: string;
  createdAt: number;
  /** Absent on answers stored before runs were kept as versions. */
  summary?: RunSummary;
}

/** Everything annotated on one image, stored as one record so an edit is one write. */
export interface ImageAnnotations {
  imageId: ImageId;
  projectId: ProjectId;
  regions: Region[];
  caption: Caption | null;
  tags: Tag[];
  ocr: OcrLine[];
  fields: StructuredFields | null;
  answers: ModelAnswer[];
  updatedAt: number;
  /**
   * Bumped by every stored write. A save states the revision it started from and the store refuses
   * it when the stored one moved on (another tab, a batch run): no silent overwrite.
   */
  revision?: number;
}

export function emptyAnnotations(
  imageId: ImageId,
  projectId: ProjectId,
  now = Date.now(),
): ImageAnnotations {
  return {
    imageId,
    projectId,
    regions: [],
    caption: null,
    tags: [],
    ocr: [],
    fields: null,
    answers: [],
    updatedAt: now,
  };
}

/** Accepted (or human) records only — what an export of final labels contains. */
export function isFinal(record: Tracked<unknown>): boolean {
  return record.state === 'accepted';
}

export function hasAnyAnnotation(a: ImageAnnotations): boolean {
  return (
    a.regions.length > 0 ||
    a.caption !== null ||
    a.tags.length > 0 ||
    a.ocr.length > 0 ||
    a.fields !== null
  );
}

/** A polygon shape; `holes` only when there are some, so plain polygons stay as they were stored. */
export function polygonShape(points: Polygon, holes: readonly Polygon[] = []): RegionShape {
  return holes.length > 0
    ? { kind: 'polygon', points, holes: [...holes] }
    : { kind: 'polygon', points };
}

/** The axis-aligned box around any region shape (a point is a zero-size box). */
export function shapeBounds(shape: RegionShape): Box {
  switch (shape.kind) {
    case 'box':
      return shape.box;
    case 'polygon':
      return polygonBounds(shape.points);
    case 'point':
      return { x: shape.point.x, y: shape.point.y, w: 0, h: 0 };
  }
}
