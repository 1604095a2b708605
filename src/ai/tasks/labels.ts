import { matchLabelClass, type LabelClass, type LabelSchema } from '../../domain';

export interface ResolvedLabel {
  label: string;
  classId: LabelClass['id'] | null;
  /** The label is a schema class or one of the names the user asked for. */
  known: boolean;
}

function key(text: string): string {
  return text.trim().toLowerCase().replace(/\s+/g, ' ');
}

/** English plurals the model adds to class names ("cats", "boxes", "berries"). */
function singulars(word: string): string[] {
  const out: string[] = [];
  if (word.endsWith('ies')) out.push(`${word.slice(0, -3)}y`);
  if (word.endsWith('es')) out.push(word.slice(0, -2));
  if (word.endsWith('s')) out.push(word.slice(0, -1));
  return out;
}

/**
 * Maps a model label to a schema class: by name or synonym, case-insensitively, then by singular;
 * the label text is kept as written either way.
 * A label matching no class is kept as written; it is "known" when it is one of the free-text names
 * the user asked for, otherwise the caller flags it.
 */
export function resolveLabel(
  schema: LabelSchema,
  label: string,
  requested: readonly string[],
): ResolvedLabel {
  const text = label.trim();
  for (const candidate of [text, ...singulars(key(text))]) {
    const cls = matchLabelClass(schema, candidate);
    if (cls) return { label: text, classId: cls.id, known: true };
  }
  const wanted = new Set(requested.map(key));
  // Nothing asked for and no classes: the model names what it sees, and nothing is "unknown".
  const open = wanted.size === 0 && schema.classes.length === 0;
  const known = open || [key(text), ...singulars(key(text))].some((k) => wanted.has(k));
  return { label: text, classId: null, known };
}
