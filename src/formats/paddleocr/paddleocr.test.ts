import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  emptyAnnotations,
  type ImageAnnotations,
  type ImageItem,
  type OcrLine,
} from '../../domain';
import { setOcrCorners } from '../../editor/commands';
import { parseCoco } from '../coco/parse';
import { exportFiles } from '../export';
import { parseJsonl } from '../jsonl/parse';
import { projectArb } from '../test/arbitraries';
import { collect } from '../test/files';
import type { ExportInput } from '../types';
import { PADDLEOCR_LABEL_FILE } from './serialize';

const sample = fc.sample(
  projectArb.filter((p) => p.items.length >= 1),
  { numRuns: 1, seed: 3 },
)[0]!;
const page: ImageItem = {
  ...sample.items[0]!.image,
  relativePath: 'scans/contract.pdf#p2.png',
  width: 600,
  height: 800,
  status: 'accepted',
  source: { file: 'scans/contract.pdf', page: 2, pages: 3 },
};
const line = (text: string, order: number, quad?: number[]): OcrLine => ({
  id: `00000000-0000-4000-8000-00000000000${order}` as OcrLine['id'],
  text,
  box: { x: 10, y: 20 + 40 * order, w: 100, h: 30 },
  ...(quad ? { quad } : {}),
  order,
  provenance: {
    source: 'model',
    modelId: 'PP-OCRv4',
    revision: 'r',
    task: 'ocr',
    params: {},
    confidence: 0.93,
    createdAt: 1,
  },
  state: 'accepted',
  updatedAt: 1,
  updatedBy: 'x',
});
const annotations: ImageAnnotations = {
  ...emptyAnnotations(page.id, page.projectId, 1),
  ocr: [line('发票号码：123', 0, [10, 20, 110, 22, 110, 52, 10, 50]), line('Total 42', 1)],
};
const input: ExportInput = {
  project: sample.project,
  items: [{ image: page, annotations }],
  total: 1,
};
const options = { filter: {}, include: 'accepted' as const, withImages: false };

describe('OCR text and PDF source in exports', () => {
  it('PaddleOCR Label.txt: image path, then each line’s transcription and 4 points', async () => {
    const files = await collect(exportFiles('paddleocr', input, options));
    const [path, json] = files.get(PADDLEOCR_LABEL_FILE)!.trimEnd().split('\t');
    expect(path).toBe('images/scans/contract.pdf#p2.png');
    expect(JSON.parse(json!)).toEqual([
      {
        transcription: '发票号码：123',
        points: [
          [10, 20],
          [110, 22],
          [110, 52],
          [10, 50],
        ],
        difficult: false,
      },
      {
        transcription: 'Total 42',
        points: [
          [10, 60],
          [110, 60],
          [110, 90],
          [10, 90],
        ],
        difficult: false,
      },
    ]);
  });

  it('JSONL: source file and page, and each line’s quad and confidence', async () => {
    const files = await collect(exportFiles('jsonl', input, options));
    const text = [...files.values()][0]!;
    const written = JSON.parse(text) as Record<string, unknown>;
    expect(written).toMatchObject({ source_file: 'scans/contract.pdf', source_page: 2 });
    expect(written.ocr).toEqual([
      {
        text: '发票号码：123',
        bbox: [10, 20, 100, 30],
        quad: [10, 20, 110, 22, 110, 52, 10, 50],
        confidence: 0.93,
      },
      { text: 'Total 42', bbox: [10, 60, 100, 30], confidence: 0.93 },
    ]);
    expect(parseJsonl(text).records[0]!.ocr!.map((l) => l.text)).toEqual([
      '发票号码：123',
      'Total 42',
    ]);
  });

  it('CSV: ocr.csv holds every line with its text, box, quad and confidence', async () => {
    const files = await collect(exportFiles('csv', input, options));
    const rows = files
      .get('ocr.csv')!
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split(/\r?\n/);
    expect(rows[0]).toBe('image_id,file_name,line,text,x,y,w,h,quad,confidence,source,state');
    expect(rows[1]).toContain(
      '发票号码：123,10,20,100,30,10 20 110 22 110 52 10 50,0.93,model,accepted',
    );
    expect(rows).toHaveLength(3);
  });

  it('COCO: images[].extra names the PDF page; lines are "text" annotations with attributes.text, read back as OCR', async () => {
    const files = await collect(exportFiles('coco', input, options));
    const doc = JSON.parse(files.get('annotations/instances.json')!) as {
      images: { extra?: unknown }[];
      annotations: { attributes: { text: string }; segmentation: number[][] }[];
      categories: { name: string }[];
    };
    expect(doc.images[0]!.extra).toEqual({ source_file: 'scans/contract.pdf', source_page: 2 });
    expect(doc.categories.map((c) => c.name)).toContain('text');
    expect(doc.annotations.map((a) => a.attributes.text)).toEqual(['发票号码：123', 'Total 42']);
    expect((doc.annotations[0]!.segmentation as number[][])[0]).toEqual([
      10, 20, 110, 22, 110, 52, 10, 50,
    ]);
    const back = parseCoco(files.get('annotations/instances.json')!).records[0]!;
    expect(back.regions).toEqual([]);
    expect(back.ocr!.map((l) => l.text)).toEqual(['发票号码：123', 'Total 42']);
  });

  it('a line whose corners were dragged in the editor exports that quad, and its bounds as the box, everywhere', async () => {
    // 'Total 42' had only a box (as Qwen3-VL gives); a person dragged its bottom-right corner.
    const edited = setOcrCorners(annotations.ocr[1]!.id, [
      { x: 10, y: 60 },
      { x: 110, y: 60 },
      { x: 130, y: 102 },
      { x: 10, y: 90 },
    ]).run(annotations, { author: 'ann', now: 2 });
    const moved: ExportInput = { ...input, items: [{ image: page, annotations: edited }] };
    const quad = [10, 60, 110, 60, 130, 102, 10, 90];

    const paddle = await collect(exportFiles('paddleocr', moved, options));
    const [, json] = paddle.get(PADDLEOCR_LABEL_FILE)!.trimEnd().split('\t');
    expect((JSON.parse(json!) as { points: number[][] }[])[1]!.points).toEqual([
      [10, 60],
      [110, 60],
      [130, 102],
      [10, 90],
    ]);

    const jsonl = JSON.parse(
      [...(await collect(exportFiles('jsonl', moved, options))).values()][0]!,
    ) as {
      ocr: { quad?: number[]; bbox: number[] }[];
    };
    expect(jsonl.ocr[1]).toMatchObject({ quad, bbox: [10, 60, 120, 42] });

    const csv = (await collect(exportFiles('csv', moved, options))).get('ocr.csv')!;
    expect(csv).toContain('Total 42,10,60,120,42,10 60 110 60 130 102 10 90,');

    const coco = JSON.parse(
      (await collect(exportFiles('coco', moved, options))).get('annotations/instances.json')!,
    ) as { annotations: { bbox: number[]; segmentation: number[][] }[] };
    expect(coco.annotations[1]).toMatchObject({ bbox: [10, 60, 120, 42], segmentation: [quad] });
  });
});
