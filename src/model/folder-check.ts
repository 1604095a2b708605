import { expectedSizes, requiredFiles, type ModelDtype, type ModelEntry } from './models';

export interface FolderCheck {
  ok: boolean;
  missing: string[];
  /** Files present but empty (a copy interrupted halfway). */
  empty: string[];
  /**
   * Files whose size is not the one the manifest gives for the pinned revision: another revision,
   * or a damaged copy. Named, not refused: only a few sizes are known, and the load itself (with
   * the fingerprints trusted so far, see integrity.ts) tells whether the folder works.
   */
  unexpectedSize: { path: string; expected: number; actual: number }[];
}

/**
 * Checks a picked model folder before loading, so the user gets the full list of what is missing
 * rather than the loader's first failure. Paths may carry the folder's own name as first segment.
 */
export function checkModelFolder<S extends string>(
  entry: Pick<ModelEntry, 'commonFiles' | 'graphFiles'>,
  dtypes: Record<S, ModelDtype>,
  files: ReadonlyMap<string, number>,
): FolderCheck {
  const missing: string[] = [];
  const empty: string[] = [];
  const unexpectedSize: FolderCheck['unexpectedSize'] = [];
  const known = expectedSizes(entry, dtypes);
  for (const path of requiredFiles(entry, dtypes)) {
    const size = files.get(path);
    const expected = known.get(path);
    if (size === undefined) missing.push(path);
    else if (size === 0) empty.push(path);
    else if (expected !== undefined && size !== expected)
      unexpectedSize.push({ path, expected, actual: size });
  }
  return { ok: missing.length === 0 && empty.length === 0, missing, empty, unexpectedSize };
}

/** Strips the picked folder's name ("Qwen3-VL/onnx/a.onnx" → "onnx/a.onnx") when every path has it. */
export function folderRelativePaths(paths: readonly string[]): Map<string, string> {
  const first = paths[0]?.split('/')[0];
  const shared = first !== undefined && paths.every((p) => p.startsWith(`${first}/`));
  return new Map(paths.map((p) => [shared ? p.slice(first.length + 1) : p, p]));
}

/** A picked folder indexed by paths relative to it, with the folder's own name. */
export function indexPickedFolder<T>(
  entries: readonly { path: string; size: number; value: T }[],
): { name: string; byPath: Record<string, T>; sizes: Map<string, number> } {
  const relative = folderRelativePaths(entries.map((e) => e.path));
  const byFullPath = new Map(entries.map((e) => [e.path, e]));
  const byPath: Record<string, T> = {};
  const sizes = new Map<string, number>();
  for (const [path, full] of relative) {
    const entry = byFullPath.get(full);
    if (!entry) continue;
    byPath[path] = entry.value;
    sizes.set(path, entry.size);
  }
  const first = entries[0]?.path ?? '';
  const name = first.includes('/') ? first.split('/')[0]! : 'folder';
  return { name, byPath, sizes };
}
