/** Branded ids: a RegionId can never be passed where an ImageId is expected. */
declare const brand: unique symbol;
export type Id<K extends string> = string & { readonly [brand]: K };

export type ProjectId = Id<'project'>;
export type ImageId = Id<'image'>;
export type RegionId = Id<'region'>;
export type OcrLineId = Id<'ocr'>;
export type LabelClassId = Id<'label-class'>;
export type JobId = Id<'job'>;

export function newId<K extends string>(): Id<K> {
  return crypto.randomUUID() as Id<K>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Imported ids are kept when they look like ours, so they stay stable through export/import. */
export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}
