import type { ImageId } from '../../domain';

export interface GallerySelection {
  ids: ReadonlySet<ImageId>;
  /** Where a Shift-click range starts: the last image clicked with Ctrl or Shift. */
  anchor: ImageId | null;
}

export const NO_SELECTION: GallerySelection = { ids: new Set(), anchor: null };

/**
 * A Ctrl/Cmd-click toggles one image; a Shift-click adds the range from the anchor to it, in the
 * gallery's current order (as in a file manager).
 */
export function clickSelect(
  current: GallerySelection,
  ordered: readonly ImageId[],
  clicked: ImageId,
  how: 'toggle' | 'range',
): GallerySelection {
  const ids = new Set(current.ids);
  const from = current.anchor === null ? -1 : ordered.indexOf(current.anchor);
  const to = ordered.indexOf(clicked);
  if (how === 'range' && from >= 0 && to >= 0) {
    for (let i = Math.min(from, to); i <= Math.max(from, to); i++) ids.add(ordered[i]!);
    return { ids, anchor: current.anchor };
  }
  if (ids.has(clicked)) ids.delete(clicked);
  else ids.add(clicked);
  return { ids, anchor: clicked };
}

/** Selected images that are still there (another tab or a delete may have removed some). */
export function keepExisting(
  current: GallerySelection,
  existing: ReadonlySet<ImageId>,
): GallerySelection {
  const ids = new Set([...current.ids].filter((id) => existing.has(id)));
  return ids.size === current.ids.size
    ? current
    : { ids, anchor: current.anchor && existing.has(current.anchor) ? current.anchor : null };
}
