import type { ImageAnnotations, ImageItem, Region } from '../../domain';
import { imageEntries, round, selectedImages } from '../run';
import { shapeBounds } from '../../domain';
import type { ExportHooks, ExportInput, ExportOptions, FileEntry } from '../types';
import { csvRow } from './csv-text';
import { CSV_IMAGES_FILE, CSV_REGIONS_FILE, IMAGE_COLUMNS, REGION_COLUMNS } from './columns';

/** A BOM so spreadsheet apps read the UTF-8 (中文 labels) correctly. */
const BOM = '\uFEFF';

function regionRow(image: ImageItem, r: Region): string {
  const b = shapeBounds(r.shape);
  return csvRow([
    image.id,
    image.relativePath,
    image.width,
    image.height,
    r.id,
    r.label,
    r.shape.kind,
    round(b.x),
    round(b.y),
    round(b.w),
    round(b.h),
    r.shape.kind === 'polygon' ? r.shape.points.map((v) => round(v)).join(' ') : '',
    r.text ?? '',
    JSON.stringify(r.attributes),
    r.provenance.source === 'model' ? r.provenance.confidence : '',
    r.provenance.source,
    r.state,
  ]);
}

function imageRow(image: ImageItem, a: ImageAnnotations | null): string {
  return csvRow([
    image.id,
    image.relativePath,
    image.width,
    image.height,
    image.status,
    a?.caption?.text ?? '',
    JSON.stringify(a?.tags.map((t) => t.value) ?? []),
    a?.regions.length ?? 0,
  ]);
}

/**
 * regions.csv (one row per region) and images.csv (one row per image: caption, tags). Both stream
 * from one walk of the project: images.csv rows wait in memory as short strings meanwhile.
 */
export async function* serializeCsv(
  input: ExportInput,
  options: ExportOptions,
  hooks: ExportHooks = {},
): AsyncGenerator<FileEntry> {
  const imageRows: string[] = [];
  const images: ImageItem[] = [];
  async function* regionRows(): AsyncGenerator<string> {
    yield BOM + csvRow(REGION_COLUMNS);
    for await (const { image, annotations } of selectedImages(input, options, hooks)) {
      imageRows.push(imageRow(image, annotations));
      if (options.withImages) images.push(image);
      let chunk = '';
      for (const r of annotations?.regions ?? []) chunk += regionRow(image, r);
      if (chunk) yield chunk;
    }
  }
  yield { path: CSV_REGIONS_FILE, data: regionRows(), compress: true };
  yield {
    path: CSV_IMAGES_FILE,
    data: BOM + csvRow(IMAGE_COLUMNS) + imageRows.join(''),
    compress: true,
  };
  if (options.withImages) yield* imageEntries(images, input);
}
