import type {
  AttributeValue,
  FieldValue,
  ImageAnnotations,
  ImageItem,
  Project,
  Region,
  RegionShape,
  ReviewReason,
  ReviewStatus,
  Box,
  SuggestionState,
} from '../domain';
import type { FormatLocation, FormatWarning } from './errors';
import type { SplitOptions } from './yolo/split';

/** One image of the project with its annotations (null when it was never annotated or opened). */
export interface ExportItem {
  image: ImageItem;
  annotations: ImageAnnotations | null;
}

export type ExportInclude = 'accepted' | 'accepted+suggested';

export interface ExportOptions {
  filter: { statuses?: ReviewStatus[]; labeledOnly?: boolean };
  /** 'accepted': final labels only; 'accepted+suggested': also model suggestions not yet reviewed. */
  include: ExportInclude;
  withImages: boolean;
  /** YOLO only: train/val(/test) subsets in Ultralytics' layout; absent: one set. */
  split?: SplitOptions;
  /** COCO only: every polygon's segmentation as RLE (regions with holes always are). */
  cocoRle?: boolean;
}

export interface ExportInput {
  project: Project;
  /** Every image of the project, streamed page by page by the store. */
  items: Iterable<ExportItem> | AsyncIterable<ExportItem>;
  /** Image count the items will yield, for progress. */
  total: number;
  /** Reads an image's original bytes; needed when options.withImages is set. */
  readImage?: (image: ImageItem) => Promise<Blob>;
}

export interface ExportHooks {
  onProgress?: (done: number, total: number) => void;
  onWarning?: (warning: FormatWarning) => void;
  signal?: AbortSignal;
}

/**
 * Content of an exported file: text or bytes at hand, an image read on demand, or text produced
 * piece by piece (JSONL/CSV stream one image at a time so big projects never sit in memory).
 */
export type FileData =
  string | Uint8Array | (() => Promise<Blob>) | AsyncIterable<string | Uint8Array>;

export interface FileEntry {
  path: string;
  data: FileData;
  /** Image files are stored as they are: JPEG/PNG/WebP do not shrink when compressed again. */
  compress: boolean;
}

/** A region as read from a foreign or our own file, before it is matched to an image. */
export interface ImportedRegion {
  /** Kept when the file carries one of our UUIDs, so ids stay stable through export/import. */
  id?: string;
  label: string;
  shape: RegionShape;
  attributes: Record<string, AttributeValue>;
  text?: string;
  confidence?: number;
  source?: 'model' | 'human';
  /** Review state when the file carries ours; otherwise human regions import accepted, model ones suggested. */
  state?: SuggestionState;
  /** The exact record, when the file is our own full-fidelity JSONL. */
  record?: Region;
}

export interface ImportedOcrLine {
  text: string;
  box: Box | null;
  /** The line's 4 corners [x0, y0, …, x3, y3] when the file has them (our JSONL's `quad`). */
  quad?: number[];
}

/** One image's annotations as found in an imported file, in a format-neutral shape. */
export interface ImportedImageAnnotations {
  /** Path as written in the file ('/'-separated); matched against the images' relative paths. */
  relativePath: string;
  fileName: string;
  /** YOLO label files name the image without its extension: match on the stem then. */
  matchStem: boolean;
  /** Size the file declares, when it declares one. */
  width?: number;
  height?: number;
  /** YOLO coordinates are fractions of the image size, resolved once the image is matched. */
  coordinates: 'pixels' | 'normalized';
  regions: ImportedRegion[];
  caption?: string;
  tags?: string[];
  ocr?: ImportedOcrLine[];
  fields?: Record<string, FieldValue>;
  status?: ReviewStatus;
  /** Why the image needs review, when our own full-fidelity line says (batch CLI results). */
  reviewReasons?: ReviewReason[];
  /** The exact record, when the file is our own full-fidelity JSONL. */
  record?: ImageAnnotations;
  /** Where it was read, for messages. */
  origin: FormatLocation;
}

export interface ParseResult {
  records: ImportedImageAnnotations[];
  warnings: FormatWarning[];
  /** The label names the file declares (COCO categories, YOLO names), in its order = its ids. */
  categories?: string[];
}

/** A text file of an import (label file, XML, data.yaml), read from a zip or a picked file. */
export interface TextFile {
  path: string;
  text: string;
}
