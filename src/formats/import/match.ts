import type { ImageItem, LabelSchema } from '../../domain';
import { labelClassIndex } from '../../domain';
import type { FormatWarning } from '../errors';
import { warning } from '../errors';
import type { ImportedImageAnnotations } from '../types';

export interface ImportMatch {
  imported: ImportedImageAnnotations;
  image: ImageItem;
  by: 'path' | 'file-name';
}

export interface MatchResult {
  matched: ImportMatch[];
  /** Entries naming no image of the project. */
  unmatched: ImportedImageAnnotations[];
  /** Entries whose file name fits several images (same name in different folders). */
  ambiguous: { imported: ImportedImageAnnotations; candidates: ImageItem[] }[];
  warnings: FormatWarning[];
}

const stem = (path: string) => path.replace(/\.[^./]+$/, '');

function index<K>(images: readonly ImageItem[], key: (i: ImageItem) => K): Map<K, ImageItem[]> {
  const map = new Map<K, ImageItem[]>();
  for (const image of images) {
    const k = key(image);
    const list = map.get(k);
    if (list) list.push(image);
    else map.set(k, [image]);
  }
  return map;
}

/**
 * Pairs imported entries with the project's images: by relative path first, then by file name
 * (case-insensitive) when that names exactly one image. YOLO label files compare without extension.
 * A second entry for an image already matched is dropped with a warning.
 */
export function matchImports(
  imported: readonly ImportedImageAnnotations[],
  images: readonly ImageItem[],
): MatchResult {
  const byPath = index(images, (i) => i.relativePath);
  const byStem = index(images, (i) => stem(i.relativePath));
  const byName = index(images, (i) => i.fileName.toLowerCase());
  const byNameStem = index(images, (i) => stem(i.fileName).toLowerCase());
  const result: MatchResult = { matched: [], unmatched: [], ambiguous: [], warnings: [] };
  const taken = new Set<string>();
  for (const entry of imported) {
    const exact = (entry.matchStem ? byStem : byPath).get(entry.relativePath) ?? [];
    const named =
      exact.length === 1
        ? []
        : ((entry.matchStem ? byNameStem : byName).get(entry.fileName.toLowerCase()) ?? []);
    const image = exact.length === 1 ? exact[0] : named.length === 1 ? named[0] : undefined;
    const at = entry.origin;
    if (!image) {
      const candidates = exact.length > 1 ? exact : named;
      if (candidates.length > 1) {
        result.ambiguous.push({ imported: entry, candidates });
        result.warnings.push(
          warning(at, 'ambiguous-image', { path: entry.relativePath, count: candidates.length }),
        );
      } else {
        result.unmatched.push(entry);
        result.warnings.push(warning(at, 'unmatched-image', { path: entry.relativePath }));
      }
      continue;
    }
    if (taken.has(image.id)) {
      result.warnings.push(warning(at, 'duplicate-image-entry', { path: entry.relativePath }));
      continue;
    }
    taken.add(image.id);
    result.matched.push({ imported: entry, image, by: exact.length === 1 ? 'path' : 'file-name' });
  }
  return result;
}

/**
 * Labels the schema does not know (by name or synonym), with how many regions carry each: the
 * file's declared categories first in the file's order (their ids), unused ones too (count 0),
 * then other labels in the order they first appear.
 */
export function unknownLabels(
  matched: readonly ImportMatch[],
  schema: LabelSchema,
  categories: readonly string[] = [],
): { label: string; count: number }[] {
  const counts = new Map<string, number>();
  const matchLabelClass = labelClassIndex(schema);
  const known = (label: string) => !label || matchLabelClass(label) !== undefined;
  for (const c of categories) if (!known(c.trim())) counts.set(c.trim(), 0);
  for (const { imported } of matched)
    for (const region of imported.regions) {
      const label = region.label.trim();
      if (!known(label)) counts.set(label, (counts.get(label) ?? 0) + 1);
    }
  return [...counts].map(([label, count]) => ({ label, count }));
}
