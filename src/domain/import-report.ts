import type { ImageItem } from './image';
import { imageTypeFromName } from './image';

/** What an import did, file by file, so the UI can say exactly what was skipped and why. */
export interface ImportReport {
  added: number;
  /** Files that are not images at all (by extension, or content that is no image format). */
  notImages: string[];
  /** Image files that could not be decoded (corrupt, truncated, unsupported by this browser). */
  unreadable: { path: string; detail: string }[];
  /** Exact byte duplicates, of an image already in the project or earlier in this import. */
  duplicates: { path: string; duplicateOf: string }[];
  /** Set when storage filled up: the import stopped, everything added before is kept. */
  stoppedByStorage: boolean;
  cancelled: boolean;
}

export function emptyImportReport(): ImportReport {
  return {
    added: 0,
    notImages: [],
    unreadable: [],
    duplicates: [],
    stoppedByStorage: false,
    cancelled: false,
  };
}

/** Whether a picked file is worth decoding: an image extension or an image MIME type. */
export function looksLikeImage(name: string, mime: string): boolean {
  return imageTypeFromName(name) !== undefined || mime.startsWith('image/');
}

/** Remembers content hashes seen in the project and in this import. */
export class DuplicateIndex {
  private readonly byHash = new Map<string, string>();

  constructor(existing: Iterable<Pick<ImageItem, 'contentHash' | 'relativePath'>> = []) {
    for (const item of existing) this.byHash.set(item.contentHash, item.relativePath);
  }

  /** Returns the path of the earlier copy, or records this one and returns undefined. */
  claim(hash: string, path: string): string | undefined {
    const earlier = this.byHash.get(hash);
    if (earlier !== undefined) return earlier;
    this.byHash.set(hash, path);
    return undefined;
  }
}
