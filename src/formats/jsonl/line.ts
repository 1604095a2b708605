import type { FieldValue, ImageAnnotations, ImageItem, Region, ReviewStatus } from '../../domain';
import { polygonFromPoints } from '../../domain';
import { shapeBounds } from '../../domain';

/** One region as our JSONL writes it (field reference: ./README.md). */
export interface JsonlRegion {
  id: string;
  label: string;
  bbox: [number, number, number, number];
  polygon?: number[];
  /** Rings cut out of the polygon (a segmented mask's holes). */
  holes?: number[][];
  points?: number[];
  text?: string;
  attributes: Record<string, string | number | boolean>;
  confidence: number | null;
  source: 'model' | 'human';
  state: 'accepted' | 'suggested' | 'rejected';
}

export interface JsonlOcrLine {
  text: string;
  bbox: [number, number, number, number] | null;
  /** 4 corners [x0, y0, …, x3, y3], tl tr br bl as the text reads, when the engine gave them. */
  quad?: number[];
  confidence?: number | null;
}

export interface JsonlLine {
  image_id: string;
  file_name: string;
  width: number;
  height: number;
  status: ReviewStatus;
  caption: string | null;
  tags: string[];
  regions: JsonlRegion[];
  /** For a page rendered from a PDF: the document (as imported) and the 1-based page. */
  source_file?: string;
  source_page?: number;
  ocr: JsonlOcrLine[];
  fields: Record<string, FieldValue> | null;
  /** Full-fidelity records, written by backups only. */
  annota?: { version: 1; image: ImageItem; annotations: ImageAnnotations | null };
}

function jsonlRegion(region: Region): JsonlRegion {
  const b = shapeBounds(region.shape);
  const out: JsonlRegion = {
    id: region.id,
    label: region.label,
    bbox: [b.x, b.y, b.w, b.h],
    attributes: region.attributes,
    confidence: region.provenance.source === 'model' ? region.provenance.confidence : null,
    source: region.provenance.source,
    state: region.state,
  };
  if (region.shape.kind === 'polygon') {
    out.polygon = region.shape.points;
    if (region.shape.holes?.length) out.holes = region.shape.holes;
  }
  if (region.shape.kind === 'point') out.points = polygonFromPoints([region.shape.point]);
  if (region.text !== undefined) out.text = region.text;
  return out;
}

export function jsonlLine(
  image: ImageItem,
  annotations: ImageAnnotations | null,
  full: ImageAnnotations | null | undefined,
): JsonlLine {
  const line: JsonlLine = {
    image_id: image.id,
    file_name: image.relativePath,
    width: image.width,
    height: image.height,
    status: image.status,
    caption: annotations?.caption?.text ?? null,
    tags: annotations?.tags.map((t) => t.value) ?? [],
    regions: annotations?.regions.map(jsonlRegion) ?? [],
    ocr:
      annotations?.ocr.map((o) => ({
        text: o.text,
        bbox: o.box ? [o.box.x, o.box.y, o.box.w, o.box.h] : null,
        ...(o.quad ? { quad: o.quad } : {}),
        ...(o.provenance.source === 'model' ? { confidence: o.provenance.confidence } : {}),
      })) ?? [],
    fields: annotations?.fields?.values ?? null,
  };
  if (image.source) {
    line.source_file = image.source.file;
    line.source_page = image.source.page;
  }
  if (full !== undefined) line.annota = { version: 1, image, annotations: full };
  return line;
}
