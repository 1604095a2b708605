import type { ImageAnnotations, ImageItem, OcrLine, Region } from '../../domain';
import { imageEntries, round, selectedImages } from '../run';
import { shapeBounds } from '../../domain';
import type { ExportHooks, ExportInput, ExportOptions, FileEntry } from '../types';
import { csvRow } from './csv-text';
import {
  CSV_IMAGES_FILE,
  CSV_OCR_FILE,
  CSV_REGIONS_FILE,
  IMAGE_COLUMNS,
  OCR_COLUMNS,
  REGION_COLUMNS,
} from './columns';

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

function ocrRow(image: ImageItem, l: OcrLine): string {
  return csvRow([
    image.id,
    image.relativePath,
    l.order + 1,
    l.text,
    l.box ? round(l.box.x) : '',
    l.box ? round(l.box.y) : '',
    l.box ? round(l.box.w) : '',
    l.box ? round(l.box.h) : '',
    l.quad ? l.quad.map((v) => round(v)).join(' ') : '',
    l.provenance.source === 'model' ? l.provenance.confidence : '',
    l.provenance.source,
    l.state,
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
 * regions.csv (one row per region), images.csv (one row per image: caption, tags) and ocr.csv
 * (one row per text line). Both stream
 * from one walk of the project: images.csv rows wait in memory as short strings meanwhile.
 */
export async function* serializeCsv(
  input: ExportInput,
  options: ExportOptions,
  hooks: ExportHooks = {},
): AsyncGenerator<FileEntry> {
  const imageRows: string[] = [];
  const ocrRows: string[] = [];
  const images: ImageItem[] = [];
  async function* regionRows(): AsyncGenerator<string> {
    yield BOM + csvRow(REGION_COLUMNS);
    for await (const { image, annotations } of selectedImages(input, options, hooks)) {
      imageRows.push(imageRow(image, annotations));
      for (const l of annotations?.ocr ?? []) ocrRows.push(ocrRow(image, l));
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
  yield { path: CSV_OCR_FILE, data: BOM + csvRow(OCR_COLUMNS) + ocrRows.join(''), compress: true };
  if (options.withImages) yield* imageEntries(images, input);
}
