import { describe, expect, it } from 'vitest';
import { reviewAnswer } from '../review-rules';
import { fastOcrResult, hybridReportOptions, hybridResult } from './fast-ocr';
import { emptyRecords } from './records';

const ctx = {
  image: { width: 200, height: 100 },
  model: { id: 'PP-OCRv4', revision: 'r1' },
  backend: 'wasm',
  now: 5,
};
const quad = (x: number, y: number) => [
  { x, y },
  { x: x + 50, y },
  { x: x + 50, y: y + 10 },
  { x, y: y + 10 },
];

describe('fast OCR result', () => {
  it('keeps order, quad, bounds (clamped to the image) and confidence as provenance', () => {
    const result = fastOcrResult(
      [
        { quad: quad(10, 10), text: '发票', confidence: 0.97 },
        { quad: quad(170, 95), text: 'Total', confidence: 0.9 },
      ],
      ctx,
    );
    const [first, second] = result.records.ocr;
    expect(first).toMatchObject({
      text: '发票',
      order: 0,
      quad: [10, 10, 60, 10, 60, 20, 10, 20],
      box: { x: 10, y: 10, w: 50, h: 10 },
      state: 'suggested',
      provenance: { source: 'model', modelId: 'PP-OCRv4', confidence: 0.97, task: 'ocr' },
    });
    expect(second!.box).toEqual({ x: 170, y: 95, w: 30, h: 5 });
    expect(result.problems).toEqual([]);
  });

  it('sends low line confidence and empty pages to review', () => {
    const low = fastOcrResult([{ quad: quad(0, 0), text: 'x', confidence: 0.4 }], ctx);
    expect(reviewAnswer(low, { threshold: 0.6 })).toMatchObject({
      status: 'needs-review',
      reasons: ['low-confidence'],
    });
    const none = fastOcrResult([], ctx);
    expect(reviewAnswer(none, { threshold: 0.6 }).reasons).toContain('empty-result');
  });
});

describe('hybrid OCR', () => {
  it('gives Qwen3-VL the recognised lines as context and keeps PP-OCR’s lines', () => {
    const lines = [{ quad: quad(0, 0), text: 'INVOICE 42', confidence: 0.99 }];
    const options = hybridReportOptions([{ name: 'number', type: 'string' }], lines, 'en');
    expect(options.instructions).toContain('INVOICE 42');
    const ocr = fastOcrResult(lines, ctx);
    const report = {
      task: 'report' as const,
      records: { ...emptyRecords(), ocr: [] },
      expected: ['fields' as const],
      problems: [],
      raw: '{"number": "42"}',
    };
    const merged = hybridResult(ocr, report);
    expect(merged.records.ocr).toHaveLength(1);
    expect(merged.expected).toEqual(['ocr', 'fields']);
  });
});
