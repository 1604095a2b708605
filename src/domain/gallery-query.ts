import type { ImageItem } from './image';
import type { ReviewStatus } from './review';

export type GallerySort = 'name' | 'date';

export interface GalleryQuery {
  status: ReviewStatus | 'all';
  search: string;
  sort: GallerySort;
}

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

/** Filters and sorts a project's images the way the gallery shows them (natural name order). */
export function queryImages(images: readonly ImageItem[], query: GalleryQuery): ImageItem[] {
  const needle = query.search.trim().toLowerCase();
  const kept = images.filter(
    (i) =>
      (query.status === 'all' || i.status === query.status) &&
      (!needle || i.relativePath.toLowerCase().includes(needle)),
  );
  return kept.sort((a, b) =>
    query.sort === 'name'
      ? collator.compare(a.relativePath, b.relativePath)
      : a.createdAt - b.createdAt || collator.compare(a.relativePath, b.relativePath),
  );
}

/** Neighbours in the current gallery order, for previous/next navigation. */
export function neighbours(
  ordered: readonly ImageItem[],
  id: ImageItem['id'],
): { previous: ImageItem | undefined; next: ImageItem | undefined } {
  const index = ordered.findIndex((i) => i.id === id);
  if (index < 0) return { previous: undefined, next: undefined };
  return { previous: ordered[index - 1], next: ordered[index + 1] };
}
