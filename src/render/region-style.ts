import type { LabelSchema, Region } from '../domain';

const UNLABELED = 0x9aa0a6;

export function hexColor(css: string): number {
  const n = Number.parseInt(css.replace('#', ''), 16);
  return Number.isFinite(n) ? n : UNLABELED;
}

/** A region's colour comes from its schema class; unknown labels are grey. */
export function regionColor(region: Region, schema: LabelSchema): number {
  const c = region.classId ? schema.classes.find((k) => k.id === region.classId) : undefined;
  return c ? hexColor(c.color) : UNLABELED;
}

/** Suggestions are drawn dashed with their confidence; the rest solid. */
export function isSuggestion(region: Region): boolean {
  return region.state === 'suggested';
}

export function regionCaption(region: Region): string {
  const label = region.label || '?';
  if (region.state === 'suggested' && region.provenance.source === 'model')
    return `${label} ${Math.round(region.provenance.confidence * 100)}%`;
  return label;
}
