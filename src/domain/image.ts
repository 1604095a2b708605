import type { ImageId, ProjectId } from './ids';
import type { ReviewDecision, ReviewReason, ReviewStatus } from './review';

export const SUPPORTED_IMAGE_TYPES = [
  'image/jpeg',
  'image/png',
  'image/webp',
  'image/gif',
  'image/bmp',
  'image/avif',
] as const;
export type SupportedImageType = (typeof SUPPORTED_IMAGE_TYPES)[number];

/** Where an image came from when it is not a file of its own: a page of a PDF. */
export interface ImageSource {
  /** Path of the PDF as picked or dropped. */
  file: string;
  /** 1-based page number. */
  page: number;
  pages: number;
}

export interface ImageItem {
  id: ImageId;
  projectId: ProjectId;
  fileName: string;
  /** Path relative to the picked or dropped folder, '/'-separated; equals fileName for loose files. */
  relativePath: string;
  mime: SupportedImageType;
  byteSize: number;
  /** Natural size after EXIF orientation is applied — what the user sees and what we annotate. */
  width: number;
  height: number;
  /** Colour channels in the file (1 grey, 3 colour, 2/4 with alpha), when its header said. */
  channels?: number;
  /** SHA-256 of the original bytes, hex. */
  contentHash: string;
  /** Set for pages rendered from a PDF. */
  source?: ImageSource;
  status: ReviewStatus;
  reviewReasons: ReviewReason[];
  /** The last review-queue decision (accept or reject), for two-pass comparison and time metrics. */
  review?: ReviewDecision;
  createdAt: number;
  updatedAt: number;
}

const EXTENSION_TYPES: Record<string, SupportedImageType> = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  jfif: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  gif: 'image/gif',
  bmp: 'image/bmp',
  avif: 'image/avif',
};

export function imageTypeFromName(name: string): SupportedImageType | undefined {
  const ext = name.toLowerCase().split('.').pop() ?? '';
  return EXTENSION_TYPES[ext];
}

/** Sniffs the real type from the first bytes: a text file renamed .jpg is not an image. */
export function sniffImageType(head: Uint8Array): SupportedImageType | undefined {
  const b = (i: number) => head[i] ?? -1;
  if (b(0) === 0xff && b(1) === 0xd8 && b(2) === 0xff) return 'image/jpeg';
  if (b(0) === 0x89 && b(1) === 0x50 && b(2) === 0x4e && b(3) === 0x47) return 'image/png';
  if (b(0) === 0x47 && b(1) === 0x49 && b(2) === 0x46 && b(3) === 0x38) return 'image/gif';
  if (b(0) === 0x42 && b(1) === 0x4d) return 'image/bmp';
  const ascii = (from: number, to: number) => String.fromCharCode(...head.subarray(from, to));
  if (ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'image/webp';
  if (ascii(4, 8) === 'ftyp' && /^avi[fs]$/.test(ascii(8, 12))) return 'image/avif';
  return undefined;
}

/** Normalises a path from a folder walk: forward slashes, no leading slash, no '.'/'..' segments. */
export function normaliseRelativePath(path: string): string {
  const parts = path.replace(/\\/g, '/').split('/');
  const kept: string[] = [];
  for (const part of parts) {
    if (!part || part === '.' || part === '..') continue;
    kept.push(part);
  }
  return kept.join('/');
}

export function isValidDimension(width: number, height: number): boolean {
  return Number.isInteger(width) && Number.isInteger(height) && width > 0 && height > 0;
}
