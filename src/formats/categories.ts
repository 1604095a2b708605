import type { LabelSchema, Region } from '../domain';
import { matchLabelClass } from '../domain';

/** The category a region exports under: its schema class's name, else its own label text. */
export function categoryName(
  schema: LabelSchema,
  region: Pick<Region, 'classId' | 'label'>,
): string {
  const byId = region.classId && schema.classes.find((c) => c.id === region.classId);
  if (byId) return byId.name;
  return matchLabelClass(schema, region.label)?.name ?? region.label.trim();
}

function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Category ids stay the same across exports: 1 + the class's index in the schema, then labels
 * outside the schema in code-point order (locale-free, so every browser agrees).
 */
export function categoryIds(schema: LabelSchema, usedNames: Iterable<string>): Map<string, number> {
  const ids = new Map<string, number>();
  for (const c of schema.classes) if (!ids.has(c.name)) ids.set(c.name, ids.size + 1);
  const extra = [...new Set(usedNames)].filter((n) => !ids.has(n)).sort(byCodePoint);
  for (const name of extra) ids.set(name, ids.size + 1);
  return ids;
}
