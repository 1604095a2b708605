import { describe, expect, it } from 'vitest';
import { ocrPromptText, ocrTask, rowOrder } from './ocr';
import { reviewAnswer } from '../review-rules';
import { testContext, uniformTokens } from './test-context';
import type { OcrOptions } from './types';

function parse(answer: string, options: OcrOptions = { engine: 'qwen', readingOrder: 'model' }) {
  return ocrTask.parse(
    answer,
    uniformTokens(answer),
    testContext(options, { image: { width: 2000, height: 1000 } }),
  );
}

describe('ocr', () => {
  it('uses Qwen’s text-spotting prompt', () => {
    expect(ocrPromptText('en')).toBe(
      'Spotting all the text in the image with line-level, and output in JSON format.',
    );
    expect(ocrPromptText('zh')).toContain('text_content');
  });

  it('reads lines with boxes in the model’s order', () => {
    const r = parse(
      '```json\n[\n\t{"bbox_2d": [100, 100, 500, 200], "text_content": "发票"},\n\t{"bbox_2d": [100, 300, 900, 400], "text_content": "Total: 42.00"},\n]\n```',
    );
    expect(r.problems).toEqual([]);
    expect(r.records.ocr.map((l) => [l.order, l.text, l.box])).toEqual([
      [0, '发票', { x: 200, y: 100, w: 800, h: 100 }],
      [1, 'Total: 42.00', { x: 200, y: 300, w: 1600, h: 100 }],
    ]);
  });

  it('orders lines by rows when asked, lines without a box last', () => {
    const answer =
      '[{"bbox_2d": [600, 105, 900, 195], "text_content": "right"}, {"text_content": "unplaced"}, {"bbox_2d": [100, 500, 400, 600], "text_content": "below"}, {"bbox_2d": [100, 100, 400, 200], "text_content": "left"}]';
    expect(
      parse(answer, { engine: 'qwen', readingOrder: 'rows' }).records.ocr.map((l) => l.text),
    ).toEqual(['left', 'right', 'below', 'unplaced']);
    expect(rowOrder([])).toEqual([]);
  });

  it('drops lines without text, keeps lines whose box is broken', () => {
    const r = parse('[{"bbox_2d": [0, 0, 10, 10]}, {"bbox_2d": [1, 2], "text_content": "kept"}]');
    expect(r.records.ocr.map((l) => [l.text, l.box])).toEqual([['kept', null]]);
    expect(r.problems.map((p) => p.kind)).toEqual(['dropped', 'dropped']);
  });

  it('flags truncation, loops and refusals', () => {
    const line = '{"bbox_2d": [0, 0, 100, 100], "text_content": "SALE"}, ';
    const looped = parse(`[${line.repeat(5)}{"bbox_2d": [0, 0`);
    expect(looped.records.ocr).toHaveLength(1);
    expect(looped.problems.map((p) => p.kind)).toEqual(['loop', 'truncated']);
    expect(parse('抱歉，图片中的文字看不清。').problems[0]).toMatchObject({ kind: 'refusal' });
    expect(parse('[]').problems).toEqual([{ kind: 'empty' }]);
  });
});

describe('OCR line confidence', () => {
  it('one unsure word sends the line to review, however long the line', () => {
    const answer =
      '[{"bbox_2d": [10, 10, 990, 60], "text_content": "GRAND TOTAL IDR 17,000 paid in cash at the counter"}]';
    const unsure = answer.indexOf('17,000');
    const tokens = uniformTokens(answer).map((t, i) =>
      i * 3 >= unsure && i * 3 < unsure + 6 ? { ...t, prob: 0.4 } : t,
    );
    const result = ocrTask.parse(
      answer,
      tokens,
      testContext<OcrOptions>({ engine: 'qwen', readingOrder: 'model' }),
    );
    expect(result.records.ocr[0]!.provenance).toMatchObject({ confidence: 0.4 });
    expect(reviewAnswer(result).reasons).toContain('low-confidence');
  });
});
