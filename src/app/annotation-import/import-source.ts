import { normaliseRelativePath, type ImageItem } from '../../domain';
import {
  blobLines,
  blobText,
  importImagesOf,
  isBackupFile,
  openZip,
  parseJsonlLines,
  type FormatName,
  type ParseResult,
  type ReadHooks,
  type TextFile,
  type ZipArchive,
  type ZipEntry,
} from '../../formats';
import type { PickedFile } from '../../media/file-walk';

/** An image an archive carries, read only when it is added to the project. */
export interface CarriedImage {
  relativePath: string;
  blob: () => Promise<Blob>;
}

/** What the user picked for an annotation import, read into annotation files and carried images. */
export interface ImportSource {
  /** Names the input in messages: the zip's or the single file's name. */
  name: string;
  /** Annotation files a parser needs whole (COCO, CSV, YOLO, VOC). */
  files: TextFile[];
  /** JSONL files, parsed line by line as they were read. */
  jsonl: ParseResult[];
  images: CarriedImage[];
}

/** How far reading the picked files is: bytes of all annotation files, records parsed so far. */
export interface ReadProgress {
  file: string;
  bytes: number;
  totalBytes: number;
  records: number;
}

export interface ReadSourceHooks {
  signal?: AbortSignal;
  onProgress?: (progress: ReadProgress) => void;
}

const ZIP = /\.zip$/i;
const TEXT = /\.(jsonl|json|csv|txt|ya?ml|xml)$/i;
const JSONL = /\.jsonl$/i;

/** The format a whole file is read for, to name it in a message. */
const formatOf = (path: string): FormatName =>
  /\.json$/i.test(path)
    ? 'coco'
    : /\.csv$/i.test(path)
      ? 'csv'
      : /\.xml$/i.test(path)
        ? 'voc'
        : 'yolo';

/** One annotation file to read: a picked file, or an entry of a picked zip. */
type Pending = { path: string; bytes: number } & (
  { kind: 'file'; file: File } | { kind: 'entry'; zip: ZipArchive; entry: ZipEntry }
);

/**
 * Reads picked files or zips with progress and Cancel: JSONL line by line as a stream (any size,
 * no single string), the other formats whole up to a limit named in the error; images and anything
 * else in a zip stay unread, the images kept so a wiped project can take them back.
 */
export async function readImportSource(
  picked: readonly PickedFile[],
  hooks: ReadSourceHooks = {},
): Promise<ImportSource> {
  const pending: Pending[] = [];
  const images: CarriedImage[] = [];
  for (const { file, relativePath } of picked) {
    hooks.signal?.throwIfAborted();
    if (ZIP.test(file.name)) {
      const zip = await openZip(file, file.name);
      for (const entry of zip.entries)
        if (TEXT.test(entry.path) && !/(^|\/)(__MACOSX|\.)/.test(entry.path))
          pending.push({
            kind: 'entry',
            zip,
            entry,
            path: entry.path,
            bytes: entry.compressedSize,
          });
      images.push(...importImagesOf(zip));
    } else if (TEXT.test(file.name)) {
      pending.push({
        kind: 'file',
        file,
        path: normaliseRelativePath(relativePath),
        bytes: file.size,
      });
    }
  }
  const totalBytes = pending.reduce((sum, p) => sum + p.bytes, 0);
  let before = 0;
  let records = 0;
  const progress = (file: string, done: number) =>
    hooks.onProgress?.({ file, bytes: before + done, totalBytes, records });
  const read = (p: Pending): ReadHooks => ({
    ...(hooks.signal ? { signal: hooks.signal } : {}),
    onProgress: (done) => progress(p.path, done),
  });

  // Whole files first: a backup among them is restored elsewhere, so its JSONL is never parsed.
  const files: TextFile[] = [];
  for (const p of pending.filter((x) => !JSONL.test(x.path))) {
    const text =
      p.kind === 'file'
        ? await blobText(p.file, formatOf(p.path), p.path, read(p))
        : await p.zip.text(p.entry);
    files.push({ path: p.path, text });
    before += p.bytes;
    progress(p.path, 0);
  }
  const jsonl: ParseResult[] = [];
  if (!files.some(isBackupFile))
    for (const p of pending.filter((x) => JSONL.test(x.path))) {
      const counted = records;
      const lines =
        p.kind === 'file'
          ? blobLines(p.file, 'jsonl', p.path, read(p))
          : p.zip.lines(p.entry, read(p));
      jsonl.push(await parseJsonlLines(lines, p.path, (n) => (records = counted + n)));
      before += p.bytes;
      progress(p.path, 0);
    }
  const name = picked.length === 1 ? picked[0]!.file.name : `${picked.length} files`;
  return { name, files, jsonl, images };
}

/** Carried images whose path the project does not have yet. */
export function missingImages(
  carried: readonly CarriedImage[],
  images: readonly ImageItem[],
): CarriedImage[] {
  const have = new Set(images.map((i) => i.relativePath));
  const seen = new Set<string>();
  return carried.filter(
    (c) =>
      !have.has(c.relativePath) && !seen.has(c.relativePath) && (seen.add(c.relativePath), true),
  );
}

/** Carried images as files for the image import, keeping the path they had in the project. */
export async function asPickedFiles(carried: readonly CarriedImage[]): Promise<PickedFile[]> {
  return Promise.all(
    carried.map(async (c) => {
      const blob = await c.blob();
      const name = c.relativePath.split('/').pop()!;
      return { file: new File([blob], name, { type: blob.type }), relativePath: c.relativePath };
    }),
  );
}
