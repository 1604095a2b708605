/**
 * The real PP-OCRv4 models (onnxruntime-node) through the app's pipeline on a rendered receipt with
 * known text (e2e/fixtures/ocr-receipt.png, made by bench/ocr/make-fixture.ts).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { characterErrorRate } from '../../src/quality/cer';
import { matchQuads } from '../../src/quality/quad-iou';
import { recognizePage, type OcrSessions } from './engine';
import type { Quad } from './geometry';
import { nodeOcrSessions } from '../../bench/ocr/node-sessions';

const fixtures = join(import.meta.dirname, '../../e2e/fixtures');
const truth = JSON.parse(readFileSync(join(fixtures, 'ocr-receipt.truth.json'), 'utf8')) as {
  text: string;
  quad: Quad;
}[];

let sessions: OcrSessions;
beforeAll(async () => {
  sessions = await nodeOcrSessions(1);
});

describe('PP-OCR engine on a real image', () => {
  it('finds every line, in reading order, with the right text and confident scores', async () => {
    const { data, info } = await sharp(join(fixtures, 'ocr-receipt.png'))
      .ensureAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
    const page = await recognizePage({ width: info.width, height: info.height, data }, sessions);
    const match = matchQuads(
      page.lines.map((l) => l.quad),
      truth.map((t) => t.quad),
    );
    expect(match.recall).toBe(1);
    expect(match.precision).toBe(1);
    expect(page.lines.map((l) => l.text.replace(/\s/g, ''))).toEqual(
      truth.map((t) => t.text.replace(/\s/g, '')),
    );
    const cer = characterErrorRate(
      page.lines.map((l) => l.text).join('\n'),
      truth.map((t) => t.text).join('\n'),
    );
    expect(cer).toBeLessThanOrEqual(0.05);
    for (const line of page.lines) {
      expect(line.confidence).toBeGreaterThan(0.8);
      expect(line.chars).toHaveLength([...line.text].length);
    }
  });

  it('reads a page turned upside down the right way up (angle classifier)', async () => {
    const { data, info } = await sharp(join(fixtures, 'ocr-receipt.png'))
      .rotate(180)
      .ensureAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
    const page = await recognizePage({ width: info.width, height: info.height, data }, sessions);
    const texts = page.lines.map((l) => l.text.replace(/\s/g, ''));
    expect(texts).toContain('上海市浦东新区张江路');
    expect(texts).toContain('发票号码：12345678');
  });
});
