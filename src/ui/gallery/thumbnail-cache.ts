import type { ImageId } from '../../domain';
import type { Store } from '../../store';

const LIMIT = 800;
/** Object URLs of recently shown thumbnails; Map keeps insertion order, so the first is the oldest. */
const urls = new Map<ImageId, Promise<string | null>>();

export function thumbnailUrl(store: Store, id: ImageId): Promise<string | null> {
  const cached = urls.get(id);
  if (cached) {
    urls.delete(id);
    urls.set(id, cached);
    return cached;
  }
  const loading = store.images
    .thumbnail(id)
    .then((blob) => (blob ? URL.createObjectURL(blob) : null));
  urls.set(id, loading);
  while (urls.size > LIMIT) {
    const [oldest, url] = urls.entries().next().value as [ImageId, Promise<string | null>];
    urls.delete(oldest);
    void url.then((u) => u && URL.revokeObjectURL(u));
  }
  return loading;
}
