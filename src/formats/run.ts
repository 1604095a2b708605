import type { ImageAnnotations, ImageItem } from '../domain';
import { eachItem, selectItem } from './select';
import type { ExportHooks, ExportInput, ExportOptions, FileEntry } from './types';

export interface SelectedImage {
  image: ImageItem;
  /** What the export carries, after the include option. */
  annotations: ImageAnnotations | null;
  /** The stored record untouched, for full-fidelity backups. */
  stored: ImageAnnotations | null;
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw signal.reason ?? new DOMException('Export cancelled', 'AbortError');
}

/**
 * Walks the project's images once, applying the filter, reporting progress per image seen and
 * stopping when the signal aborts. Every serializer reads the project through this.
 */
export async function* selectedImages(
  input: ExportInput,
  options: ExportOptions,
  hooks: ExportHooks,
): AsyncGenerator<SelectedImage> {
  let done = 0;
  for await (const item of eachItem(input.items)) {
    throwIfAborted(hooks.signal);
    const picked = selectItem(item, options);
    if (picked)
      yield { image: item.image, annotations: picked.annotations, stored: item.annotations };
    done++;
    hooks.onProgress?.(done, Math.max(input.total, done));
  }
}

/** The image files of an export, read one at a time when the zip writer reaches them. */
export function* imageEntries(
  images: readonly ImageItem[],
  input: ExportInput,
  folder = 'images',
): Generator<FileEntry> {
  const read = input.readImage;
  if (!read) throw new TypeError('withImages needs input.readImage');
  for (const image of images) {
    yield { path: `${folder}/${image.relativePath}`, data: () => read(image), compress: false };
  }
}

/** Round to what a pixel coordinate needs: keeps files small, keeps sub-pixel edits. */
export function round(value: number, digits = 3): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/**
 * Where a warning about one region points: its place in the image's list (`regions[2]`), never
 * its id, which no user has seen. The message itself names the region's label.
 */
export function regionField(regions: readonly { id: string }[], region: { id: string }): string {
  return `regions[${regions.findIndex((r) => r.id === region.id)}]`;
}
