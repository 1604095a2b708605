import type { LabelSchema, Region } from '../../domain';
import { isHexColor } from '../../domain';

const NO_CLASS = '#9aa0a6';

/**
 * A class colour fit for CSS: only #rrggbb gets through, anything else (a damaged or crafted
 * record) shows grey, so no colour can carry other CSS into the page.
 */
export function classColorCss(color: string): string {
  return isHexColor(color) ? color : NO_CLASS;
}

/** The CSS colour of a region's class, grey when its label maps to none. */
export function regionColorCss(region: Region, schema: LabelSchema): string {
  const c = region.classId ? schema.classes.find((k) => k.id === region.classId) : undefined;
  return classColorCss(c?.color ?? NO_CLASS);
}
