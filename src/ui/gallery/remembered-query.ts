import { isReviewStatus, type GalleryQuery, type ProjectId } from '../../domain';

const key = (projectId: ProjectId) => `annota.gallery.${projectId}`;

/** The gallery's filter and order survive a reload and define previous/next in the image view. */
export function rememberedQuery(projectId: ProjectId): GalleryQuery {
  const fallback: GalleryQuery = { status: 'all', search: '', sort: 'name' };
  try {
    const raw: unknown = JSON.parse(sessionStorage.getItem(key(projectId)) ?? 'null');
    if (!raw || typeof raw !== 'object') return fallback;
    const q = raw as Record<string, unknown>;
    return {
      status: q.status === 'all' || isReviewStatus(q.status) ? q.status : 'all',
      search: typeof q.search === 'string' ? q.search : '',
      sort: q.sort === 'date' ? 'date' : 'name',
    };
  } catch {
    return fallback;
  }
}

export function rememberQuery(projectId: ProjectId, query: GalleryQuery): void {
  try {
    sessionStorage.setItem(key(projectId), JSON.stringify(query));
  } catch {
    // Storage unavailable: the gallery still works, it just forgets its filter.
  }
}
