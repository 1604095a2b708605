import type { ProjectId } from '../../domain';

/** The editor's side panel, top to bottom: the regions first, so the AI block never hides them. */
export const SIDE_SECTIONS = ['regions', 'image', 'ai', 'runs'] as const;
export type SideSection = (typeof SIDE_SECTIONS)[number];

const key = (projectId: ProjectId) => `annota.side.${projectId}`;

/** Which sections the user folded, per project; all open until they fold one. */
export function foldedSections(projectId: ProjectId): Set<SideSection> {
  try {
    const raw: unknown = JSON.parse(localStorage.getItem(key(projectId)) ?? '[]');
    const list = Array.isArray(raw) ? raw : [];
    return new Set(SIDE_SECTIONS.filter((s) => list.includes(s)));
  } catch {
    return new Set();
  }
}

export function rememberFolded(projectId: ProjectId, folded: ReadonlySet<SideSection>): void {
  try {
    localStorage.setItem(key(projectId), JSON.stringify([...folded]));
  } catch {
    // Storage unavailable: the panel still folds, it just forgets after a reload.
  }
}

/** The folded set with one section opened or folded. */
export function toggled(folded: ReadonlySet<SideSection>, section: SideSection): Set<SideSection> {
  const next = new Set(folded);
  if (next.has(section)) next.delete(section);
  else next.add(section);
  return next;
}
