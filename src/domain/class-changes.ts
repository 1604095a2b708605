import type { ImageAnnotations } from './annotation';
import type { LabelClassId } from './ids';
import type { LabelSchema } from './label-schema';

/** Classes folded into others: merged class id → the class that absorbs it. */
export type ClassMerges = ReadonlyMap<LabelClassId, LabelClassId>;

/**
 * Regions follow their class by id: a renamed class renames its regions, a merged class moves them
 * to the class that absorbed it, so every view and every export says the same name. Returns the
 * same object when nothing changes (callers write only what changed).
 */
export function relabelRegions(
  a: ImageAnnotations,
  schema: LabelSchema,
  merges: ClassMerges = new Map(),
): ImageAnnotations {
  let changed = false;
  const regions = a.regions.map((r) => {
    if (!r.classId) return r;
    const id = merges.get(r.classId) ?? r.classId;
    const c = schema.classes.find((k) => k.id === id);
    if (!c || (r.classId === c.id && r.label === c.name)) return r;
    changed = true;
    return { ...r, classId: c.id, label: c.name };
  });
  return changed ? { ...a, regions } : a;
}

/** The schema with one class merged into another: its synonyms and name join the survivor's. */
export function mergeClass(
  schema: LabelSchema,
  from: LabelClassId,
  into: LabelClassId,
): LabelSchema {
  const source = schema.classes.find((c) => c.id === from);
  if (!source || from === into || !schema.classes.some((c) => c.id === into)) return schema;
  const classes = schema.classes
    .filter((c) => c.id !== from)
    .map((c) =>
      c.id === into
        ? {
            ...c,
            // The old name stays a synonym so model answers using it still land here.
            synonyms: [...new Set([...c.synonyms, source.name, ...source.synonyms])].filter(
              (s) => s.trim().toLowerCase() !== c.name.trim().toLowerCase(),
            ),
          }
        : c,
    );
  return { ...schema, classes };
}

/** The merges so far plus one more; earlier merges into `from` now go to `into` as well. */
export function addMerge(merges: ClassMerges, from: LabelClassId, into: LabelClassId): ClassMerges {
  const next = new Map<LabelClassId, LabelClassId>();
  for (const [k, v] of merges) next.set(k, v === from ? into : v);
  next.set(from, into);
  return next;
}

export const NO_MERGES: ClassMerges = new Map();
