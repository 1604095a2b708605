import type { LabelClassId } from './ids';

export type AttributeType = 'text' | 'number' | 'enum' | 'bool';

export interface AttributeDef {
  name: string;
  type: AttributeType;
  /** Allowed values for 'enum'. */
  options?: string[];
  required?: boolean;
}

export type AttributeValue = string | number | boolean;

export interface LabelClass {
  id: LabelClassId;
  name: string;
  /** CSS hex colour, #rrggbb. */
  color: string;
  /** '1'…'9' or '' for none. */
  hotkey: string;
  attributes: AttributeDef[];
  /** Other names the model may use for this class (matched case-insensitively). */
  synonyms: string[];
}

export type FieldType =
  'string' | 'number' | 'integer' | 'boolean' | 'enum' | 'bbox' | 'array' | 'object';

/** A field of a user-defined structured-report schema (a small JSON-schema subset). */
export interface FieldDef {
  name: string;
  type: FieldType;
  required?: boolean;
  options?: string[];
  description?: string;
  /** For 'array': the item type; for 'object': its fields. */
  items?: FieldDef;
  fields?: FieldDef[];
}

export interface LabelSchema {
  classes: LabelClass[];
  /** The project's tag vocabulary; free tags stay allowed unless restricted per task. */
  tagVocabulary: string[];
  captionLanguage: 'zh' | 'en';
  fields: FieldDef[];
  /** Smallest box side kept, in image pixels (absent: DEFAULT_MIN_BOX_SIZE). */
  minBoxSize?: number;
}

/** A box side under this many image pixels is a slip of the hand, not an object. */
export const DEFAULT_MIN_BOX_SIZE = 2;

export function minBoxSize(schema: LabelSchema): number {
  const v = schema.minBoxSize;
  return typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : DEFAULT_MIN_BOX_SIZE;
}

export function emptySchema(): LabelSchema {
  return { classes: [], tagVocabulary: [], captionLanguage: 'en', fields: [] };
}

const HEX = /^#[0-9a-f]{6}$/i;

export interface SchemaProblem {
  path: string;
  message: string;
}

export function validateSchema(schema: LabelSchema): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  const names = new Set<string>();
  const hotkeys = new Set<string>();
  if (
    schema.minBoxSize !== undefined &&
    !(Number.isFinite(schema.minBoxSize) && schema.minBoxSize >= 0 && schema.minBoxSize <= 10000)
  )
    problems.push({ path: 'minBoxSize', message: 'smallest box must be 0–10000 image pixels' });
  schema.classes.forEach((c, i) => {
    const at = `classes[${i}]`;
    const key = c.name.trim().toLowerCase();
    if (!key) problems.push({ path: `${at}.name`, message: 'empty class name' });
    else if (names.has(key))
      problems.push({ path: `${at}.name`, message: `duplicate class "${c.name}"` });
    names.add(key);
    if (!HEX.test(c.color))
      problems.push({ path: `${at}.color`, message: `not a #rrggbb colour: ${c.color}` });
    if (c.hotkey) {
      if (!/^[1-9]$/.test(c.hotkey))
        problems.push({ path: `${at}.hotkey`, message: 'hotkey must be 1–9' });
      else if (hotkeys.has(c.hotkey))
        problems.push({ path: `${at}.hotkey`, message: `hotkey ${c.hotkey} used twice` });
      hotkeys.add(c.hotkey);
    }
    c.attributes.forEach((a, j) => {
      if (!a.name.trim())
        problems.push({ path: `${at}.attributes[${j}].name`, message: 'empty attribute name' });
      if (a.type === 'enum' && !(a.options && a.options.length > 0))
        problems.push({ path: `${at}.attributes[${j}].options`, message: 'enum needs options' });
    });
  });
  return problems;
}

/** A palette that stays distinguishable on photos; cycled for new classes. */
export const CLASS_PALETTE = [
  '#e6194b',
  '#3cb44b',
  '#4363d8',
  '#f58231',
  '#911eb4',
  '#42d4f4',
  '#f032e6',
  '#bfef45',
  '#fabed4',
  '#469990',
  '#dcbeff',
  '#9a6324',
  '#fffac8',
  '#800000',
  '#aaffc3',
] as const;

export function nextClassColor(schema: LabelSchema): string {
  return CLASS_PALETTE[schema.classes.length % CLASS_PALETTE.length]!;
}

/**
 * matchLabelClass for many labels at once: one pass over the schema, then a map lookup per label,
 * so an import of 100k regions against thousands of classes stays linear.
 */
export function labelClassIndex(schema: LabelSchema): (label: string) => LabelClass | undefined {
  const byName = new Map<string, LabelClass>();
  const bySynonym = new Map<string, LabelClass>();
  for (const c of schema.classes) {
    const key = c.name.trim().toLowerCase();
    if (!byName.has(key)) byName.set(key, c);
    for (const s of c.synonyms) {
      const syn = s.trim().toLowerCase();
      if (!bySynonym.has(syn)) bySynonym.set(syn, c);
    }
  }
  return (label) => {
    const key = label.trim().toLowerCase();
    if (!key) return undefined;
    return byName.get(key) ?? bySynonym.get(key);
  };
}

/** Finds the class a model's label means: exact, case-insensitive, then synonyms. */
export function matchLabelClass(schema: LabelSchema, label: string): LabelClass | undefined {
  const key = label.trim().toLowerCase();
  if (!key) return undefined;
  return (
    schema.classes.find((c) => c.name.trim().toLowerCase() === key) ??
    schema.classes.find((c) => c.synonyms.some((s) => s.trim().toLowerCase() === key))
  );
}
