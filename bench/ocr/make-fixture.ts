/**
 * npx tsx bench/ocr/make-fixture.ts — writes the OCR test fixture (PNG + truth) that the engine's
 * integration test and the e2e spec read. Committed, so tests need no CJK font installed.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { receiptFixture, requireFont } from './dataset';

requireFont();
const out = join(import.meta.dirname, '../../e2e/fixtures');
const { image, truth } = await receiptFixture();
await sharp(Buffer.from(image.data), {
  raw: { width: image.width, height: image.height, channels: 4 },
})
  .flatten({ background: '#ffffff' })
  .png({ palette: true })
  .toFile(join(out, 'ocr-receipt.png'));
writeFileSync(join(out, 'ocr-receipt.truth.json'), JSON.stringify(truth, null, 2) + '\n');
