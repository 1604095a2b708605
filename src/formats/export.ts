import { buildCoco, jsonChunks, serializeCoco } from './coco/serialize';
import { serializeCsv } from './csv/serialize';
import { jsonlLines, serializeJsonl } from './jsonl/serialize';
import type { ExportHooks, ExportInput, ExportOptions, FileEntry } from './types';
import { serializeVoc } from './voc/serialize';
import { serializeYolo } from './yolo/serialize';
import { serializePaddleOcr } from './paddleocr/serialize';
import { COCO_CAPTIONS_FILE, COCO_INSTANCES_FILE } from './coco/types';
import { zipStream } from './zip/write';

export const EXPORT_FORMATS = [
  'jsonl',
  'coco',
  'csv',
  'yolo-detect',
  'yolo-segment',
  'yolo-pose',
  'voc',
  'paddleocr',
] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** The files of an export, in the order they go into the archive. */
export function exportFiles(
  format: ExportFormat,
  input: ExportInput,
  options: ExportOptions,
  hooks: ExportHooks = {},
): AsyncIterable<FileEntry> {
  switch (format) {
    case 'jsonl':
      return serializeJsonl(input, options, hooks);
    case 'coco':
      return serializeCoco(input, options, hooks);
    case 'csv':
      return serializeCsv(input, options, hooks);
    case 'yolo-detect':
      return serializeYolo(input, options, hooks, 'detect');
    case 'yolo-segment':
      return serializeYolo(input, options, hooks, 'segment');
    case 'yolo-pose':
      return serializeYolo(input, options, hooks, 'pose');
    case 'voc':
      return serializeVoc(input, options, hooks);
    case 'paddleocr':
      return serializePaddleOcr(input, options, hooks);
  }
}

export interface ExportPackage {
  /** Suggested download name. */
  fileName: string;
  mime: string;
  stream: ReadableStream<Uint8Array>;
}

/** A file name any OS accepts, keeping non-Latin letters (中文 project names stay readable). */
export function safeFileName(name: string): string {
  const cleaned = name
    // eslint-disable-next-line no-control-regex -- control characters are what file systems refuse
    .replace(/[\\/:*?"<>|\u0000-\u001f]+/g, '-')
    .replace(/^[.\s-]+|[.\s]+$/g, '')
    .slice(0, 80);
  return cleaned || 'annota';
}

function textStream(
  chunks: AsyncIterable<string | Uint8Array> | string,
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  if (typeof chunks === 'string') return new Blob([chunks]).stream();
  const it = chunks[Symbol.asyncIterator]();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await it.next();
      if (next.done) controller.close();
      else
        controller.enqueue(
          typeof next.value === 'string' ? encoder.encode(next.value) : next.value,
        );
    },
    async cancel() {
      await it.return?.();
    },
  });
}

/**
 * What the download holds: a plain .jsonl, or a plain .json for COCO without captions, when no
 * images go with it; a streamed .zip otherwise. The UI pipes `stream` to showSaveFilePicker's
 * writable, or collects it with streamToBlob where that API is missing.
 */
export async function exportPackage(
  format: ExportFormat,
  input: ExportInput,
  options: ExportOptions,
  hooks: ExportHooks = {},
): Promise<ExportPackage> {
  const base = `${safeFileName(input.project.name)}-${format}`;
  if (!options.withImages && format === 'jsonl') {
    const lines = jsonlLines(input, options, hooks, {}, []);
    return { fileName: `${base}.jsonl`, mime: 'application/jsonl', stream: textStream(lines) };
  }
  if (!options.withImages && format === 'coco') {
    const built = await buildCoco(input, options, hooks);
    if (!built.captions)
      return {
        fileName: `${base}.json`,
        mime: 'application/json',
        stream: textStream(jsonChunks(built.instances)),
      };
    const files: FileEntry[] = [
      { path: COCO_INSTANCES_FILE, data: jsonChunks(built.instances), compress: true },
      { path: COCO_CAPTIONS_FILE, data: jsonChunks(built.captions), compress: true },
    ];
    return { fileName: `${base}.zip`, mime: 'application/zip', stream: zipStream(files) };
  }
  return {
    fileName: `${base}.zip`,
    mime: 'application/zip',
    stream: zipStream(exportFiles(format, input, options, hooks)),
  };
}
