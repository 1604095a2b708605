import type { ImageAnnotations, Tracked } from '../domain';
import { hasAnyAnnotation, isLabeled } from '../domain';
import type { ExportInclude, ExportItem, ExportOptions } from './types';

function keeps(include: ExportInclude, record: Tracked<unknown>): boolean {
  if (record.state === 'accepted') return true;
  return include === 'accepted+suggested' && record.state === 'suggested';
}

/** The annotations an export carries: rejected records never, suggestions only when asked. */
export function selectAnnotations(
  annotations: ImageAnnotations,
  include: ExportInclude,
): ImageAnnotations {
  const caption = annotations.caption;
  const fields = annotations.fields;
  return {
    ...annotations,
    regions: annotations.regions.filter((r) => keeps(include, r)),
    caption: caption && keeps(include, caption) ? caption : null,
    tags: annotations.tags.filter((t) => keeps(include, t)),
    ocr: annotations.ocr.filter((o) => keeps(include, o)),
    fields: fields && keeps(include, fields) ? fields : null,
  };
}

/**
 * Applies the export filter to one image. Images never opened have null annotations and still
 * export (with empty annotations) unless the user asked for labeled images only.
 * "Labeled" means a person or model decided on it (status past 'new') or it carries annotations.
 */
export function selectItem(
  item: ExportItem,
  options: ExportOptions,
): { item: ExportItem; annotations: ImageAnnotations | null } | null {
  const { statuses, labeledOnly } = options.filter;
  if (statuses && statuses.length > 0 && !statuses.includes(item.image.status)) return null;
  const annotations = item.annotations && selectAnnotations(item.annotations, options.include);
  if (
    labeledOnly &&
    !isLabeled(item.image.status) &&
    !(annotations && hasAnyAnnotation(annotations))
  )
    return null;
  return { item, annotations };
}

/** Iterates sync or async items the same way. */
export async function* eachItem(
  items: Iterable<ExportItem> | AsyncIterable<ExportItem>,
): AsyncGenerator<ExportItem> {
  for await (const item of items) yield item;
}
