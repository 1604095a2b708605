import type { ImageAnnotations, ImageId, ImageItem, Tracked } from '../../domain';
import { queryImages } from '../../domain';
import type { BatchTaskId, ImageSelection } from '../../domain/batch/types';

/** The images a selection covers, in the gallery's natural name order (the order the job runs). */
export function selectImages(images: readonly ImageItem[], selection: ImageSelection): ImageItem[] {
  switch (selection.kind) {
    case 'all':
      return queryImages(images, { status: 'all', search: '', sort: 'name' });
    case 'filter': {
      const folder = normaliseFolder(selection.folder);
      const inFolder = folder
        ? images.filter((i) => i.relativePath.startsWith(`${folder}/`))
        : images;
      return queryImages(inFolder, {
        status: selection.status,
        search: selection.search,
        sort: 'name',
      });
    }
    case 'images': {
      const wanted = new Set(selection.imageIds);
      return queryImages(
        images.filter((i) => wanted.has(i.id)),
        { status: 'all', search: '', sort: 'name' },
      );
    }
  }
}

function normaliseFolder(folder: string): string {
  return folder
    .split('/')
    .filter((p) => p && p !== '.' && p !== '..')
    .join('/');
}

/** Every folder that holds images (and each parent of one), sorted, for the folder picker. */
export function imageFolders(images: readonly ImageItem[]): string[] {
  const out = new Set<string>();
  for (const image of images) {
    const parts = image.relativePath.split('/').slice(0, -1);
    for (let i = 1; i <= parts.length; i++) out.add(parts.slice(0, i).join('/'));
  }
  return [...out].sort();
}

type RecordKind = 'regions' | 'caption' | 'tags' | 'ocr' | 'fields';

/** What each batch task writes; custom-prompt answers are kept as raw answers only. */
const TASK_RECORDS: Record<BatchTaskId, readonly RecordKind[]> = {
  'caption-tags': ['caption', 'tags'],
  detect: ['regions'],
  points: ['regions'],
  ocr: ['ocr'],
  report: ['fields'],
  'custom-prompt': [],
};

function isAcceptedFor(record: Tracked<unknown>, task: BatchTaskId): boolean {
  if (record.state !== 'accepted') return false;
  return record.provenance.source === 'human' || record.provenance.task === task;
}

/**
 * Whether an image already has accepted labels of the kind the task makes — a person's records, or
 * the task's suggestions a person accepted. Such images are skipped unless the user asks to overwrite.
 */
export function hasAcceptedFor(annotations: ImageAnnotations, task: BatchTaskId): boolean {
  return TASK_RECORDS[task].some((kind) => {
    switch (kind) {
      case 'regions':
        return annotations.regions.some((r) => isAcceptedFor(r, task));
      case 'caption':
        return annotations.caption !== null && isAcceptedFor(annotations.caption, task);
      case 'tags':
        return annotations.tags.some((t) => isAcceptedFor(t, task));
      case 'ocr':
        return annotations.ocr.some((l) => isAcceptedFor(l, task));
      case 'fields':
        return annotations.fields !== null && isAcceptedFor(annotations.fields, task);
    }
  });
}

/** Images of the selection to skip: those with accepted labels for the task, unless overwriting. */
export function imagesToSkip(
  annotations: Iterable<ImageAnnotations>,
  task: BatchTaskId,
  overwrite: boolean,
): Set<ImageId> {
  const skip = new Set<ImageId>();
  if (overwrite) return skip;
  for (const a of annotations) if (hasAcceptedFor(a, task)) skip.add(a.imageId);
  return skip;
}
