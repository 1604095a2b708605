import type { ImageId, ProjectId } from '../domain';

export type Route =
  | { name: 'projects' }
  | { name: 'model' }
  | { name: 'project'; projectId: ProjectId }
  | { name: 'image'; projectId: ProjectId; imageId: ImageId }
  | { name: ProjectPage; projectId: ProjectId }
  | { name: 'not-found' };

/** Pages of a project besides its gallery: #/p/<project>/batch, …/review, …/quality. */
export const PROJECT_PAGES = ['batch', 'review', 'quality'] as const;
export type ProjectPage = (typeof PROJECT_PAGES)[number];

const isProjectPage = (part: string | undefined): part is ProjectPage =>
  (PROJECT_PAGES as readonly (string | undefined)[]).includes(part);

/** Hash routes keep the app a static site: #/, #/p/<project>, #/p/<project>/i/<image>. */
export function parseHash(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
  if (parts.length === 0) return { name: 'projects' };
  if (parts[0] === 'model' && parts.length === 1) return { name: 'model' };
  if (parts[0] === 'p' && parts[1]) {
    const projectId = parts[1] as ProjectId;
    if (parts.length === 2) return { name: 'project', projectId };
    if (parts.length === 3 && isProjectPage(parts[2])) return { name: parts[2], projectId };
    if (parts[2] === 'i' && parts[3] && parts.length === 4)
      return { name: 'image', projectId, imageId: parts[3] as ImageId };
  }
  return { name: 'not-found' };
}

export function routeHref(route: Route): string {
  switch (route.name) {
    case 'projects':
    case 'not-found':
      return '#/';
    case 'model':
      return '#/model';
    case 'project':
      return `#/p/${encodeURIComponent(route.projectId)}`;
    case 'image':
      return `#/p/${encodeURIComponent(route.projectId)}/i/${encodeURIComponent(route.imageId)}`;
    case 'batch':
    case 'review':
    case 'quality':
      return `#/p/${encodeURIComponent(route.projectId)}/${route.name}`;
  }
}
