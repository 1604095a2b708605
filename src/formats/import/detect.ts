import { parseCoco } from '../coco/parse';
import { parseCsv } from '../csv/parse';
import { FormatError, guardParse } from '../errors';
import { isObject } from '../json-fields';
import { parseJsonl } from '../jsonl/parse';
import type { ParseResult, TextFile } from '../types';
import { parseVoc } from '../voc/parse';
import { parseYolo } from '../yolo/parse';
import type { ZipArchive } from '../zip/read';

export type DetectedImport =
  { format: 'backup' } | { format: 'jsonl' | 'coco' | 'csv' | 'yolo' | 'voc'; result: ParseResult };

/** Folders our exports (and YOLO/VOC datasets) keep images in. */
const IMAGE_FOLDER = /^(?:.*\/)?(?:images|JPEGImages)\/(.+)$/;
const IMAGE_FILE = /\.(jpe?g|jfif|png|webp|gif|bmp|avif)$/i;

/**
 * The images an export zip carries, with the relative path they had in the project
 * (`images/a/b.jpg` → `a/b.jpg`), so a wiped project can take them back before the labels are
 * matched. Blobs are read lazily.
 */
export function importImagesOf(
  zip: ZipArchive,
): { relativePath: string; blob: () => Promise<Blob> }[] {
  return zip.entries
    .filter((e) => IMAGE_FILE.test(e.path) && !/(^|\/)__MACOSX\//.test(e.path))
    .map((entry) => ({
      relativePath: IMAGE_FOLDER.exec(entry.path)?.[1] ?? entry.path,
      blob: () => zip.blob(entry),
    }));
}

const TEXT = /\.(jsonl|json|csv|txt|ya?ml|xml)$/i;

/** The annotation files of a zip (images and everything else are left unread). */
export async function readImportFiles(zip: ZipArchive): Promise<TextFile[]> {
  const files: TextFile[] = [];
  for (const entry of zip.entries)
    if (TEXT.test(entry.path) && !/(^|\/)(__MACOSX|\.)/.test(entry.path))
      files.push({ path: entry.path, text: await zip.text(entry) });
  return files;
}

/** A project backup is restored from the projects list, never imported into a project. */
export function isBackupFile(file: TextFile): boolean {
  return /\.json$/i.test(file.path) && jsonKind(file) === 'backup';
}

function jsonKind(file: TextFile): 'backup' | 'instances' | 'captions' | 'other' {
  try {
    const doc: unknown = JSON.parse(file.text.replace(/^\uFEFF/, ''));
    if (!isObject(doc)) return 'other';
    if (doc.format === 'annota-backup') return 'backup';
    if (!Array.isArray(doc.images) || !Array.isArray(doc.annotations)) return 'other';
    const first: unknown = doc.annotations[0];
    return isObject(first) && 'caption' in first && !('bbox' in first) ? 'captions' : 'instances';
  } catch {
    return 'other';
  }
}

const base = (path: string) => path.split('/').pop()!.toLowerCase();

/**
 * Works out which format a set of annotation files is (our backup, JSONL, COCO, CSV, YOLO, VOC) and
 * parses it. Throws FormatError naming the file when nothing recognisable is there or a file is bad.
 */
export function detectImport(
  files: readonly TextFile[],
  source = 'import',
  /** JSONL files already parsed line by line as they were read (../text-stream.ts). */
  parsedJsonl: readonly ParseResult[] = [],
): DetectedImport {
  return guardParse({ format: 'jsonl', file: source }, () => {
    const jsonl = files.filter((f) => /\.jsonl$/i.test(f.path));
    const json = files
      .filter((f) => /\.json$/i.test(f.path))
      .map((f) => ({ file: f, kind: jsonKind(f) }));
    if (json.some((j) => j.kind === 'backup')) return { format: 'backup' };
    if (jsonl.length > 0 || parsedJsonl.length > 0)
      return {
        format: 'jsonl',
        result: merge([...parsedJsonl, ...jsonl.map((f) => parseJsonl(f.text, f.path))]),
      };
    const instances = json.filter((j) => j.kind === 'instances');
    if (instances.length > 0) {
      const captions = json.find((j) => j.kind === 'captions')?.file;
      return {
        format: 'coco',
        result: merge(
          instances.map(({ file }, i) =>
            parseCoco(file.text, file.path, i === 0 ? captions?.text : undefined, captions?.path),
          ),
        ),
      };
    }
    const regions = files.find((f) => base(f.path) === 'regions.csv');
    if (regions) {
      const images = files.find((f) => base(f.path) === 'images.csv');
      return {
        format: 'csv',
        result: parseCsv(regions.text, images?.text, regions.path, images?.path),
      };
    }
    const names =
      files.find((f) => /^data\.ya?ml$/.test(base(f.path))) ??
      files.find((f) => base(f.path) === 'classes.txt');
    const labels = files.filter(
      (f) => /\.txt$/i.test(f.path) && f !== names && /(^|\/)labels\//.test(f.path),
    );
    if (labels.length > 0) return { format: 'yolo', result: parseYolo(labels, names) };
    const xml = files.filter((f) => /\.xml$/i.test(f.path));
    if (xml.length > 0) return { format: 'voc', result: parseVoc(xml) };
    throw new FormatError({ format: 'jsonl', file: source }, 'missing-file', {
      expected: '.jsonl, COCO .json, regions.csv, YOLO labels/*.txt or VOC .xml',
    });
  });
}

function merge(results: ParseResult[]): ParseResult {
  return {
    records: results.flatMap((r) => r.records),
    warnings: results.flatMap((r) => r.warnings),
    categories: [...new Set(results.flatMap((r) => r.categories ?? []))],
  };
}
