import { polygonPoints, type ImageAnnotations, type ImageItem, type OcrLine } from '../../domain';
import { imageEntries, round, selectedImages } from '../run';
import type { ExportHooks, ExportInput, ExportOptions, FileEntry } from '../types';

/** PPOCRLabel's file: one line per image, `<image path>\t<JSON list of text lines>`. */
export const PADDLEOCR_LABEL_FILE = 'Label.txt';

interface PaddleLine {
  transcription: string;
  points: [number, number][];
  difficult: boolean;
}

function corners(line: OcrLine): [number, number][] | null {
  if (line.quad && line.quad.length === 8)
    return polygonPoints(line.quad).map((p) => [round(p.x), round(p.y)]);
  const b = line.box;
  if (!b) return null;
  return [
    [round(b.x), round(b.y)],
    [round(b.x + b.w), round(b.y)],
    [round(b.x + b.w), round(b.y + b.h)],
    [round(b.x), round(b.y + b.h)],
  ];
}

/** The image's text lines in reading order; lines without a place on the image cannot be trained on. */
export function paddleLabelLine(image: ImageItem, a: ImageAnnotations | null): string | null {
  const lines: PaddleLine[] = [];
  for (const line of [...(a?.ocr ?? [])].sort((x, y) => x.order - y.order)) {
    const points = corners(line);
    if (points) lines.push({ transcription: line.text, points, difficult: false });
  }
  if (lines.length === 0) return null;
  // The image path as it sits in the archive (images/…), which is what PaddleOCR's loader opens.
  return `images/${image.relativePath}\t${JSON.stringify(lines)}\n`;
}

/** Label.txt (PaddleOCR detection + recognition training list), then the images when asked. */
export async function* serializePaddleOcr(
  input: ExportInput,
  options: ExportOptions,
  hooks: ExportHooks = {},
): AsyncGenerator<FileEntry> {
  const images: ImageItem[] = [];
  async function* rows(): AsyncGenerator<string> {
    for await (const { image, annotations } of selectedImages(input, options, hooks)) {
      if (options.withImages) images.push(image);
      const line = paddleLabelLine(image, annotations);
      if (line) yield line;
    }
  }
  yield { path: PADDLEOCR_LABEL_FILE, data: rows(), compress: true };
  if (options.withImages) yield* imageEntries(images, input);
}
