import type { LabelSchema, Region } from '../../domain';

/** The CSS colour of a region's class, grey when its label maps to none. */
export function regionColorCss(region: Region, schema: LabelSchema): string {
  const c = region.classId ? schema.classes.find((k) => k.id === region.classId) : undefined;
  return c?.color ?? '#9aa0a6';
}
