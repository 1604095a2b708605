import type { ImageItem } from '../../domain';
import { imageEntries, selectedImages } from '../run';
import type { ExportHooks, ExportInput, ExportOptions, FileEntry } from '../types';
import { jsonlLine } from './line';

export const JSONL_FILE = 'annotations.jsonl';

export interface JsonlOptions {
  /** Backups: every record exactly, rejected ones and provenance included (the `annota` key). */
  fullFidelity?: boolean;
}

/** Lines are produced one image at a time while the file is being written. */
export async function* jsonlLines(
  input: ExportInput,
  options: ExportOptions,
  hooks: ExportHooks,
  jsonl: JsonlOptions,
  images: ImageItem[],
): AsyncGenerator<string> {
  for await (const { image, annotations, stored } of selectedImages(input, options, hooks)) {
    if (options.withImages) images.push(image);
    const full = jsonl.fullFidelity ? stored : undefined;
    yield JSON.stringify(jsonlLine(image, annotations, full)) + '\n';
  }
}

/**
 * annotations.jsonl, then (withImages) images/<relativePath>. The JSONL entry's data streams: the
 * image list for the files after it is complete once that entry has been consumed.
 */
export async function* serializeJsonl(
  input: ExportInput,
  options: ExportOptions,
  hooks: ExportHooks = {},
  jsonl: JsonlOptions = {},
): AsyncGenerator<FileEntry> {
  const images: ImageItem[] = [];
  yield {
    path: JSONL_FILE,
    data: jsonlLines(input, options, hooks, jsonl, images),
    compress: true,
  };
  if (options.withImages) yield* imageEntries(images, input);
}
