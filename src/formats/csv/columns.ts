export const REGION_COLUMNS = [
  'image_id',
  'file_name',
  'width',
  'height',
  'region_id',
  'label',
  'shape',
  'x',
  'y',
  'w',
  'h',
  'polygon',
  'text',
  'attributes',
  'confidence',
  'source',
  'state',
] as const;

export const IMAGE_COLUMNS = [
  'image_id',
  'file_name',
  'width',
  'height',
  'status',
  'caption',
  'tags',
  'region_count',
] as const;

/** ocr.csv: one row per text line; `quad` is "x0 y0 … x3 y3" when the engine gave corners. */
export const OCR_COLUMNS = [
  'image_id',
  'file_name',
  'line',
  'text',
  'x',
  'y',
  'w',
  'h',
  'quad',
  'confidence',
  'source',
  'state',
] as const;

export const CSV_REGIONS_FILE = 'regions.csv';
export const CSV_OCR_FILE = 'ocr.csv';
export const CSV_IMAGES_FILE = 'images.csv';
