import {
  isLabeled,
  queryImages,
  REVIEW_STATUSES,
  type GalleryQuery,
  type ImageItem,
  type ReviewStatus,
} from '../../domain';

/** A project's images as the gallery shows them; new imports stream in without a reload. */
export class Gallery {
  images = $state.raw<ImageItem[]>([]);
  query = $state<GalleryQuery>({ status: 'all', search: '', sort: 'name' });
  visible = $derived(queryImages(this.images, this.query));
  labeled = $derived(this.images.reduce((n, i) => n + (isLabeled(i.status) ? 1 : 0), 0));
  counts = $derived.by(() => {
    const counts = Object.fromEntries(REVIEW_STATUSES.map((s) => [s, 0])) as Record<
      ReviewStatus,
      number
    >;
    for (const image of this.images) counts[image.status] += 1;
    return counts;
  });

  private pending: ImageItem[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;

  /** Batches arrivals so a 20,000-image import re-sorts a few times a second, not per image. */
  add(items: readonly ImageItem[]): void {
    this.pending.push(...items);
    this.timer ??= setTimeout(() => this.flush(), 250);
  }

  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.pending.length === 0) return;
    this.images = [...this.images, ...this.pending];
    this.pending = [];
  }
}
