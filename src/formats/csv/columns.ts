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

export const CSV_REGIONS_FILE = 'regions.csv';
export const CSV_IMAGES_FILE = 'images.csv';
